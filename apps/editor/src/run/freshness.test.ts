import type { GraphFile } from '@adloom/graph';
import { describe, expect, it } from 'vitest';
import { nodeFingerprints, staleNodes } from './freshness.ts';

const chain = (template: string): GraphFile => ({
  adloom: 1,
  name: 'chain',
  nodes: {
    product: { type: 'input.text', params: { name: 'product', default: 'shoes' }, ui: { x: 0, y: 0 } },
    line: { type: 'text.template', params: { template }, ui: { x: 300, y: 0 } },
    tail: { type: 'text.template', params: { template: '{{x}}!' }, ui: { x: 600, y: 0 } },
    apart: { type: 'text.template', params: { template: 'alone' } },
  },
  edges: [
    { from: 'product.text', to: 'line.product' },
    { from: 'line.text', to: 'tail.x' },
  ],
});

describe('result freshness', () => {
  it('a param change marks its node and everything downstream, nothing else', () => {
    const before = nodeFingerprints(chain('Ad for {{product}}'));
    const after = nodeFingerprints(chain('Buy {{product}}'));
    expect(staleNodes(before, after, {})).toEqual({ line: true, tail: true });
  });

  it('moving a node changes nothing; rewiring does', () => {
    const graph = chain('Ad for {{product}}');
    const before = nodeFingerprints(graph);
    const moved = { ...graph, nodes: { ...graph.nodes, line: { ...graph.nodes.line!, ui: { x: 999, y: 5 } } } };
    expect(staleNodes(before, nodeFingerprints(moved), {})).toEqual({});
    const rewired = { ...graph, edges: [graph.edges[0]!, { from: 'apart.text', to: 'tail.x' }] };
    expect(Object.keys(staleNodes(before, nodeFingerprints(rewired), {}))).toEqual(['tail']);
  });

  it('a 20,000-node chain does not overflow the stack, and a cycle still gets fingerprints', () => {
    const nodes: GraphFile['nodes'] = {};
    const edges: GraphFile['edges'] = [];
    for (let i = 0; i < 20_000; i++) {
      nodes[`n${i}`] = { type: 'text.template', params: { template: '{{x}}' } };
      if (i) edges.push({ from: `n${i - 1}.text`, to: `n${i}.x` });
    }
    edges.push({ from: 'n19999.text', to: 'n0.x' });
    expect(Object.keys(nodeFingerprints({ adloom: 1, name: 'long', nodes, edges })).length).toBe(20_000);
  });

  it('returns the previous set when it has not changed', () => {
    const previous = { line: true } as const;
    expect(staleNodes({ line: 'a' }, { line: 'b' }, previous)).toBe(previous);
  });
});
