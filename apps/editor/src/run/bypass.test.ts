import type { Catalog, GraphFile, NodeTypeInfo, PortSpec } from '@adloom/graph';
import { describe, expect, it } from 'vitest';
import { withBypass } from './bypass.ts';

const info = (type: string, inputs: PortSpec[], outputs: PortSpec[]): NodeTypeInfo => ({
  type,
  version: 1,
  title: type,
  category: 'Test',
  description: '',
  inputs,
  outputs,
  params: { type: 'object', properties: {} },
  paramHints: {},
  deterministic: true,
});

const catalog: Catalog = {
  nodes: {
    'input.text': info('input.text', [], [{ name: 'text', type: 'text' }]),
    'text.shout': info('text.shout', [{ name: 'text', type: 'text' }], [{ name: 'text', type: 'text' }]),
    'image.make': info('image.make', [{ name: 'prompt', type: 'text' }], [{ name: 'image', type: 'image' }]),
    'text.use': info('text.use', [{ name: 'line', type: 'text' }], [{ name: 'text', type: 'text' }]),
    'image.use': info('image.use', [{ name: 'image', type: 'image' }], [{ name: 'image', type: 'image' }]),
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
});
