/**
 * How validation and planning grow with the graph: `node bench/engine/graph-scale.ts`
 * (`--quick` for one round). Times `loadGraphText`, `validateGraph` (loaded graph and file
 * text) and `planRun` on graphs of 10,000, 50,000 and 100,000 nodes and prints µs of CPU per
 * node (the median of the rounds, each after a full collection; CPU time, because the wall
 * clock on a shared machine says more about the neighbours). Linear work keeps µs/node flat:
 * the last column, the 100k/10k ratio of µs/node, is near 1, and a quadratic step pushes it
 * towards 10.
 *
 * Shapes: no-op and template chains and fan-outs (valid); `renamed`, a chain whose every
 * edge names a node that is not there (each error gets a did-you-mean over every node id);
 * `loops`, a chain with a small cycle at its start and a fan of nodes at its end that each
 * close a cycle back into it (each back edge asks whether its cycle is new).
 */
import { runInNewContext } from 'node:vm';
import { planRun } from '@adloom/engine';
import { type GraphFile, loadGraphText, serializeGraph, validateGraph } from '@adloom/graph';
import { noopChain, noopFanOut, registry, templateChain, templateFanOut } from './adloom-graphs.ts';
import { median, round } from './measure.ts';

const quick = process.argv.includes('--quick');
const SIZES = [10_000, 50_000, 100_000];
const ROUNDS = quick ? 1 : 3;
const catalog = registry.catalog();
// measure.ts turned --expose-gc on when it was imported.
const collectGarbage = runInNewContext('gc') as () => void;
const FILE = 'bench.adloom.json';

/** A chain whose edges all come from `m<i>` where the nodes are `n<i>`: a rename gone wrong. */
function renamedChain(n: number): GraphFile {
  const graph = noopChain(n);
  graph.edges = graph.edges.map((edge) => ({ ...edge, from: edge.from.replace(/^n/, 'm') }));
  return graph;
}

/** `s0 → … → s(n/2-1)`, `s10 → s0`, and n/2 leaves fed by the last step, each feeding `s5` back. */
function loops(n: number): GraphFile {
  const half = n >> 1;
  const nodes: GraphFile['nodes'] = {};
  // The small cycle's edge comes first, so it is found, and reported, before the leaves' cycles.
  const edges: GraphFile['edges'] = [{ from: 's10.out', to: 's0.a' }];
  for (let i = 0; i < half; i++) {
    nodes[`s${i}`] = { type: 'bench.step', params: { label: `s${i}` } };
    if (i > 0) edges.push({ from: `s${i - 1}.out`, to: `s${i}.a` });
  }
  for (let i = 0; i < half; i++) {
    nodes[`l${i}`] = { type: 'bench.step', params: { label: `l${i}` } };
    edges.push({ from: `s${half - 1}.out`, to: `l${i}.a` }, { from: `l${i}.out`, to: 's5.b' });
  }
  return { adloom: 1, name: `loops of ${n}`, nodes, edges };
}

interface Step {
  name: string;
  run: (graph: GraphFile, text: string) => unknown;
}
const LOAD: Step = { name: 'loadGraphText', run: (_graph, text) => loadGraphText(text, FILE) };
const VALIDATE: Step = { name: 'validateGraph(graph)', run: (graph) => validateGraph(graph, catalog) };
const VALIDATE_TEXT: Step = { name: 'validateGraph(text)', run: (_graph, text) => validateGraph(text, catalog, { file: FILE }) };
const PLAN: Step = { name: 'planRun', run: (graph) => planRun(graph, registry) };

const shapes: { shape: string; build: (n: number) => GraphFile; steps: Step[]; valid: boolean }[] = [
  { shape: 'chain', build: noopChain, steps: [LOAD, VALIDATE, VALIDATE_TEXT, PLAN], valid: true },
  { shape: 'fanout', build: noopFanOut, steps: [LOAD, VALIDATE, VALIDATE_TEXT, PLAN], valid: true },
  { shape: 'tchain', build: templateChain, steps: [VALIDATE, PLAN], valid: true },
  { shape: 'tfanout', build: templateFanOut, steps: [VALIDATE, PLAN], valid: true },
  { shape: 'renamed', build: renamedChain, steps: [VALIDATE], valid: false },
  { shape: 'loops', build: loops, steps: [VALIDATE], valid: false },
];

for (const { shape, build, steps, valid } of shapes) {
  for (const step of steps) {
    const perNode: number[] = [];
    for (const n of SIZES) {
      const graph = build(n);
      const text = serializeGraph(graph);
      const nodes = Object.keys(graph.nodes).length;
      const samples: number[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        collectGarbage();
        const cpu0 = process.cpuUsage();
        const result = step.run(graph, text);
        const cpu = process.cpuUsage(cpu0);
        samples.push((cpu.user + cpu.system) / 1000);
        if (valid && Array.isArray(result) && result.length) throw new Error(`${step.name} found problems in the ${shape}`);
      }
      const us = (median(samples) * 1000) / nodes;
      perNode.push(us);
      console.log(
        JSON.stringify({
          bench: 'graph-scale',
          shape,
          step: step.name,
          nodes,
          ms: round(median(samples), 1),
          usPerNode: round(us, 2),
        }),
      );
    }
    const ratio = (perNode.at(-1) as number) / (perNode[0] as number);
    process.stderr.write(
      `${shape.padEnd(8)} ${step.name.padEnd(21)} CPU µs/node ${perNode.map((u) => round(u, 2).toString().padStart(8)).join(' ')}   100k/10k ${round(ratio, 2)}\n`,
    );
  }
}
