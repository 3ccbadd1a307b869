import { describe, expect, it } from 'vitest';
import { canConnect, type GraphFile, serializeGraph, validateGraph } from '../src/index.ts';
import { catalog } from './catalog.ts';

const LENGTH = 10_000;

/** input → step1 → step2 → … → step9999, each a template that passes its input on. */
function chain(): GraphFile {
  const graph: GraphFile = {
    adloom: 1,
    name: 'chain',
    nodes: { step0: { type: 'input.text', params: { name: 'start' } } },
    edges: [],
  };
  for (let i = 1; i < LENGTH; i++) {
    graph.nodes[`step${i}`] = { type: 'text.template', params: { template: '{{previous}}!' } };
    graph.edges.push({ from: `step${i - 1}.text`, to: `step${i}.previous` });
  }
  return graph;
}

describe('a 10,000-node chain', () => {
  it('validates without a stack overflow, from text as well as from a loaded graph', () => {
    const graph = chain();
    expect(validateGraph(graph, catalog)).toEqual([]);
    expect(validateGraph(serializeGraph(graph), catalog, { file: 'chain.adloom.json' })).toEqual([]);
  });

  it('finds the cycle when the end feeds the start, and names it briefly', () => {
    const graph = chain();
    graph.nodes.step1 = { type: 'text.template', params: { template: '{{previous}} {{loop}}' } };
    graph.edges.push({ from: `step${LENGTH - 1}.text`, to: 'step1.loop' });
    const diagnostics = validateGraph(graph, catalog, { file: 'chain.adloom.json' });
    expect(diagnostics).toHaveLength(1);
    const [cycle] = diagnostics;
    expect(cycle?.nodeId).toBe('step1');
    expect(cycle?.message).toContain(`the graph has a cycle through ${LENGTH - 1} nodes: "step1" → "step2" → "step3"`);
    expect(cycle?.message).toContain(`"step10" → … 9988 more … → "step9999" → "step1"`);
    // A message a person can read, not ten thousand names.
    expect(cycle?.message.length).toBeLessThan(300);
  });

  it('finds a short cycle deep in the chain', () => {
    const graph = chain();
    graph.nodes.step9000 = { type: 'text.template', params: { template: '{{previous}} {{back}}' } };
    graph.edges.push({ from: 'step9002.text', to: 'step9000.back' });
    expect(validateGraph(graph, catalog).map((d) => d.message)).toEqual([
      'the graph has a cycle through 3 nodes: "step9000" → "step9001" → "step9002" → "step9000"; a node cannot depend on its own output',
    ]);
  });

  it('lets canConnect refuse the edge that would close the loop', () => {
    const graph = chain();
    graph.nodes.step1 = { type: 'text.template', params: { template: '{{previous}} {{loop}}' } };
    expect(canConnect(graph, `step${LENGTH - 1}.text`, 'step1.loop', catalog)).toEqual({
      ok: false,
      reason: `this would make a cycle: "step${LENGTH - 1}" already depends on "step1"`,
    });
  });
});

describe('a 100,000-node graph with many problems', { timeout: 60_000 }, () => {
  it('reports every edge that names a renamed node, with a did-you-mean on the first ones only', () => {
    // Each hint compares the name with every node id: a hint on all 99,999 edges would be 10^10 comparisons.
    const graph: GraphFile = { adloom: 1, name: 'renamed', nodes: {}, edges: [] };
    for (let i = 0; i < 100_000; i++) {
      graph.nodes[`n${i}`] = { type: 'text.join', params: {} };
      if (i > 0) graph.edges.push({ from: `m${i - 1}.text`, to: `n${i}.items` });
    }
    const messages = validateGraph(graph, catalog).map((d) => d.message);
    const missing = messages.filter((m) => m.includes('which does not exist'));
    expect(missing).toHaveLength(99_999);
    expect(missing[0]).toBe('edge 0 comes from node "m0", which does not exist (did you mean "n0"?)');
    expect(missing.at(-1)).toBe('edge 99998 comes from node "m99998", which does not exist');
    expect(missing.filter((m) => m.includes('did you mean')).length).toBeGreaterThanOrEqual(10);
  });

  it('reports a small loop once when 50,000 other back edges run through it', () => {
    const graph: GraphFile = { adloom: 1, name: 'loops', nodes: {}, edges: [{ from: 's10.text', to: 's0.items' }] };
    const half = 50_000;
    for (let i = 0; i < half; i++) {
      graph.nodes[`s${i}`] = { type: 'text.join', params: {} };
      if (i > 0) graph.edges.push({ from: `s${i - 1}.text`, to: `s${i}.items` });
    }
    for (let i = 0; i < half; i++) {
      graph.nodes[`l${i}`] = { type: 'text.join', params: {} };
      graph.edges.push({ from: `s${half - 1}.text`, to: `l${i}.items` }, { from: `l${i}.text`, to: 's5.items' });
    }
    const names = Array.from({ length: 11 }, (_, i) => `"s${i}"`);
    expect(validateGraph(graph, catalog).map((d) => d.message)).toEqual([
      `the graph has a cycle through 11 nodes: ${[...names, '"s0"'].join(' → ')}; a node cannot depend on its own output`,
    ]);
  });
});
