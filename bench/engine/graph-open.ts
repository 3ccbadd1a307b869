/**
 * What opening a graph costs the first time, as the editor pays it on open:
 * `node --conditions=adloom-source bench/engine/graph-open.ts [--nodes 1000] [--rounds 15]`.
 * Each round is a fresh process that times its first `loadGraphText` and then `validateGraph`
 * of the editor bench's graph (bench/editor/bench-graph.ts), in CPU ms of the whole process
 * (the compiler threads count, as they do in a browser). Code run once is not yet optimised,
 * so this is several times the warm cost graph-scale.ts measures. Prints a JSON line per round
 * and the medians.
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { loadGraphText, serializeGraph, validateGraph } from '@adloom/graph';
import { benchGraph } from '../editor/bench-graph.ts';
import { registry } from './adloom-graphs.ts';
import { median, round } from './measure.ts';

const { values } = parseArgs({
  options: { nodes: { type: 'string', default: '1000' }, rounds: { type: 'string', default: '15' } },
});
const ROUND = 'ADLOOM_GRAPH_OPEN_ROUND';

const cpuMs = () => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
};

if (process.env[ROUND]) {
  const catalog = registry.catalog();
  const text = serializeGraph(benchGraph(Number(values.nodes)));
  const t0 = cpuMs();
  const { graph } = loadGraphText(text, 'bench.adloom.json');
  const t1 = cpuMs();
  const diagnostics = graph ? validateGraph(graph, catalog, { file: 'bench.adloom.json' }) : [];
  const t2 = cpuMs();
  if (!graph || diagnostics.length) throw new Error(`the bench graph does not load cleanly: ${JSON.stringify(diagnostics[0])}`);
  process.stdout.write(`${JSON.stringify({ loadMs: round(t1 - t0, 2), validateMs: round(t2 - t1, 2) })}\n`);
} else {
  const rounds: { loadMs: number; validateMs: number }[] = [];
  for (let r = 0; r < Number(values.rounds); r++) {
    const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
      env: { ...process.env, [ROUND]: String(r) },
      encoding: 'utf8',
    });
    if (child.status !== 0) throw new Error(`round ${r} failed: ${child.stderr}`);
    const sample = JSON.parse(child.stdout) as { loadMs: number; validateMs: number };
    rounds.push(sample);
    console.log(JSON.stringify({ bench: 'graph-open', nodes: Number(values.nodes), round: r, ...sample }));
  }
  const loadMs = round(median(rounds.map((s) => s.loadMs)), 1);
  const validateMs = round(median(rounds.map((s) => s.validateMs)), 1);
  console.log(
    JSON.stringify({ bench: 'graph-open-summary', nodes: Number(values.nodes), rounds: rounds.length, loadMs, validateMs }),
  );
  console.log(`first open of ${values.nodes} nodes, CPU ms (median of ${rounds.length}): load ${loadMs}, validate ${validateMs}`);
}
