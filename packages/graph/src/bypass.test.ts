import { describe, expect, it } from 'vitest';
import { bypassDiagnostics, bypassGraph, withBypass } from './bypass.ts';
import type { Catalog } from './catalog.ts';
import { nodeTypeFrom } from './graph-from.ts';
import type { GraphFile } from './schema.ts';
import { validateGraph } from './validate.ts';

const catalog: Catalog = {
  nodes: {
    'input.text': nodeTypeFrom('input.text', [], [{ name: 'text', type: 'text' }]),
    'text.shout': nodeTypeFrom('text.shout', [{ name: 'text', type: 'text' }], [{ name: 'text', type: 'text' }]),
    'image.make': nodeTypeFrom('image.make', [{ name: 'prompt', type: 'text' }], [{ name: 'image', type: 'image' }]),
    'text.use': nodeTypeFrom('text.use', [{ name: 'line', type: 'text' }], [{ name: 'text', type: 'text' }]),
    'image.use': nodeTypeFrom('image.use', [{ name: 'image', type: 'image' }], [{ name: 'image', type: 'image' }]),
  },
};

const graph = (bypass: string[]): GraphFile => ({
  adloom: 1,
  name: 'bypass',
  nodes: {
    brief: { type: 'input.text', params: { name: 'brief' } },
    shout: { type: 'text.shout', ui: { x: 0, y: 0, ...(bypass.includes('shout') ? { bypass: true } : {}) } },
    use: { type: 'text.use' },
    make: { type: 'image.make', ui: { x: 0, y: 0, ...(bypass.includes('make') ? { bypass: true } : {}) } },
    show: { type: 'image.use' },
  },
  edges: [
    { from: 'brief.text', to: 'shout.text' },
    { from: 'shout.text', to: 'use.line' },
    { from: 'brief.text', to: 'make.prompt' },
    { from: 'make.image', to: 'show.image' },
  ],
});

describe('bypassed nodes in a run', () => {
  it('passes an input through to what the node fed, when the types allow', () => {
    const run = withBypass(graph(['shout']), catalog);
    expect(Object.keys(run.nodes)).not.toContain('shout');
    expect(run.edges).toContainEqual({ from: 'brief.text', to: 'use.line' });
  });

  it('leaves an output unfed when no input of its type reaches the node', () => {
    const run = withBypass(graph(['make']), catalog);
    expect(run.edges.some((e) => e.to === 'show.image')).toBe(false);
  });

  it('returns the graph itself when nothing is bypassed', () => {
    const plain = graph([]);
    expect(withBypass(plain, catalog)).toBe(plain);
  });

  it('passes through a chain of bypassed nodes', () => {
    const chain = graph(['shout']);
    chain.nodes.again = { type: 'text.shout', ui: { x: 0, y: 0, bypass: true } };
    chain.edges = chain.edges.map((e) => (e.to === 'use.line' ? { from: 'shout.text', to: 'again.text' } : e));
    chain.edges.push({ from: 'again.text', to: 'use.line' });
    const run = bypassGraph(chain, catalog);
    expect(run.bypassed).toEqual(['shout', 'again']);
    expect(run.graph.edges).toContainEqual({ from: 'brief.text', to: 'use.line' });
    expect(run.unfed).toEqual([]);
  });
});

describe('[graph.B2] a bypass that leaves an input without a value', () => {
  it('is an error on the bypassed node, naming the input it cannot feed and what to do', () => {
    const problems = bypassDiagnostics(graph(['make']), catalog, 'ads.adloom.json');
    expect(problems).toEqual([
      expect.objectContaining({
        severity: 'error',
        file: 'ads.adloom.json',
        nodeId: 'make',
        path: 'nodes.make.ui.bypass',
      }),
    ]);
    expect(problems[0]?.message).toBe(
      'node "make" (image.make) is bypassed, but nothing reaches it to pass on to "show.image" (image); it has no image input to pass through: feed "show.image" from elsewhere, or turn bypass off',
    );
  });

  it('is one of the problems validateGraph lists, and none when the bypass passes a value on', () => {
    expect(validateGraph(graph(['make']), catalog).filter((d) => d.nodeId === 'make')).toHaveLength(1);
    expect(validateGraph(graph(['shout']), catalog).filter((d) => d.path.endsWith('.bypass'))).toEqual([]);
  });
});
