import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { defineNode, NodeRegistry } from '@adloom/engine';
import type { GraphFile } from '@adloom/graph';
import { pack as corePack } from '@adloom/nodes-core';
import { z } from 'zod';

/** Does nothing: the engine's own cost per node is all that is left to measure. */
const noop = defineNode({
  type: 'bench.noop',
  version: 1,
  title: 'No-op',
  category: 'Bench',
  description: 'Returns a constant.',
  inputs: [{ name: 'in', type: 'text', optional: true }],
  outputs: [{ name: 'out', type: 'text' }],
  // A param per node gives each node its own cache key, as in a real graph.
  params: z.object({ i: z.number().int() }),
  run: () => ({ out: 'x' }),
});

/** Its output depends on its label and inputs, so a changed label changes everything downstream. */
const step = defineNode({
  type: 'bench.step',
  version: 1,
  title: 'Step',
  category: 'Bench',
  description: 'A short digest of its label and inputs.',
  inputs: [
    { name: 'a', type: 'text', optional: true },
    { name: 'b', type: 'text', optional: true },
  ],
  outputs: [{ name: 'out', type: 'text' }],
  params: z.object({ label: z.string() }),
  run: ({ params, inputs }) => ({
    out: createHash('sha1')
      .update(`${params.label}|${inputs.a ?? ''}|${inputs.b ?? ''}`)
      .digest('hex')
      .slice(0, 12),
  }),
});

/** How many `bench.wait` runs are in flight, and the most there were at once. */
export const waitStats = { running: 0, peak: 0 };

/** Waits, as a slow provider call would, and stops at once when its signal aborts. */
const wait = defineNode({
  type: 'bench.wait',
  version: 1,
  title: 'Wait',
  category: 'Bench',
  description: 'Waits `ms` milliseconds.',
  outputs: [{ name: 'out', type: 'text' }],
  params: z.object({ i: z.number().int(), ms: z.number() }),
  deterministic: false,
  run: async ({ params, signal }) => {
    waitStats.peak = Math.max(waitStats.peak, ++waitStats.running);
    try {
      await sleep(params.ms, undefined, { signal });
    } finally {
      waitStats.running--;
    }
    return { out: 'done' };
  },
});

export const registry = new NodeRegistry([{ name: 'bench', nodes: [noop, step, wait] }, corePack]);

type Nodes = GraphFile['nodes'];
type Edges = GraphFile['edges'];

function graphOf(name: string, nodes: Nodes, edges: Edges): GraphFile {
  return { adloom: 1, name, nodes, edges };
}

/** `n0 → n1 → … → n(N-1)`. */
export function noopChain(n: number): GraphFile {
  const nodes: Nodes = {};
  const edges: Edges = [];
  for (let i = 0; i < n; i++) {
    nodes[`n${i}`] = { type: 'bench.noop', params: { i } };
    if (i > 0) edges.push({ from: `n${i - 1}.out`, to: `n${i}.in` });
  }
  return graphOf(`chain of ${n}`, nodes, edges);
}

/** Rivet's chain in Adloom: `text.template` nodes `{{input}}.`, each fed by the one before. */
export function templateChain(n: number): GraphFile {
  const nodes: Nodes = {};
  const edges: Edges = [];
  for (let i = 0; i < n; i++) {
    nodes[`t${i}`] = { type: 'text.template', params: { template: i ? '{{input}}.' : 'start' } };
    if (i > 0) edges.push({ from: `t${i - 1}.text`, to: `t${i}.input` });
  }
  return graphOf(`template chain of ${n}`, nodes, edges);
}

/** Rivet's fan-out in Adloom: a `start` template feeding N `{{input}}.` templates. */
export function templateFanOut(n: number): GraphFile {
  const nodes: Nodes = { src: { type: 'text.template', params: { template: 'start' } } };
  const edges: Edges = [];
  for (let i = 0; i < n; i++) {
    nodes[`t${i}`] = { type: 'text.template', params: { template: '{{input}}.' } };
    edges.push({ from: 'src.text', to: `t${i}.input` });
  }
  return graphOf(`template fan-out of ${n}`, nodes, edges);
}

/** A single no-op node whose param makes a cache key of its own. */
export function noopSingle(i: number): GraphFile {
  return graphOf(`single ${i}`, { n0: { type: 'bench.noop', params: { i } } }, []);
}

/** `src` feeding `n0 … n(N-1)`: N + 1 nodes. */
export function noopFanOut(n: number): GraphFile {
  const nodes: Nodes = { src: { type: 'bench.noop', params: { i: -1 } } };
  const edges: Edges = [];
  for (let i = 0; i < n; i++) {
    nodes[`n${i}`] = { type: 'bench.noop', params: { i } };
    edges.push({ from: 'src.out', to: `n${i}.in` });
  }
  return graphOf(`fan-out of ${n}`, nodes, edges);
}

/**
 * 200 step nodes in four shapes of 50: a chain `a`, a chain `d` whose every node also reads
 * the `a` node of its index (so a change in `a` spreads into `d`), a binary tree `t`, and a
 * star `f` (one centre feeding 49 leaves).
 */
export function mixedGraph(): GraphFile {
  const nodes: Nodes = {};
  const edges: Edges = [];
  const add = (id: string, from: { a?: string; b?: string } = {}) => {
    nodes[id] = { type: 'bench.step', params: { label: id } };
    if (from.a) edges.push({ from: `${from.a}.out`, to: `${id}.a` });
    if (from.b) edges.push({ from: `${from.b}.out`, to: `${id}.b` });
  };
  for (let i = 0; i < 50; i++) add(`a${i}`, i ? { a: `a${i - 1}` } : {});
  for (let i = 0; i < 50; i++) add(`d${i}`, i ? { a: `d${i - 1}`, b: `a${i}` } : { b: 'a0' });
  for (let i = 0; i < 50; i++) add(`t${i}`, i ? { a: `t${(i - 1) >> 1}` } : {});
  for (let i = 0; i < 50; i++) add(`f${i}`, i ? { a: 'f0' } : {});
  return graphOf('mixed 200', nodes, edges);
}

/** The node itself and everything downstream of it, found from the edges alone. */
export function reachFrom(graph: GraphFile, id: string): Set<string> {
  const next = new Map<string, string[]>();
  for (const edge of graph.edges) {
    const from = edge.from.slice(0, edge.from.indexOf('.'));
    const to = edge.to.slice(0, edge.to.indexOf('.'));
    next.set(from, [...(next.get(from) ?? []), to]);
  }
  const reached = new Set<string>([id]);
  const stack = [id];
  while (stack.length) {
    for (const to of next.get(stack.pop() as string) ?? []) {
      if (!reached.has(to)) {
        reached.add(to);
        stack.push(to);
      }
    }
  }
  return reached;
}

/** A copy of the graph with one node's param set to a new value. */
export function withParam(graph: GraphFile, id: string, param: string, value: unknown): GraphFile {
  const node = graph.nodes[id];
  if (!node) throw new Error(`no node "${id}"`);
  return { ...graph, nodes: { ...graph.nodes, [id]: { ...node, params: { ...node.params, [param]: value } } } };
}

/** `n` unconnected nodes that each wait `ms`. */
export function waiters(n: number, ms: number): GraphFile {
  const nodes: Nodes = {};
  for (let i = 0; i < n; i++) nodes[`w${i}`] = { type: 'bench.wait', params: { i, ms } };
  return graphOf(`${n} waits of ${ms} ms`, nodes, []);
}
