/**
 * The engine benchmark: `npm run bench` (`-- --quick` for fewer rounds and no 10,000-node
 * Rivet runs). Prints one JSON object per measurement, then a summary for people.
 *
 * (a) per-node overhead of `runGraph` on no-op chains and fan-outs, with the cache off, cold,
 *     warm on disk and warm in memory, beside Rivet's `runGraph` and the raw file operations
 *     under the disk cache, timed in interleaved rounds in one process so the ratios hold;
 * (b) nodes executed after one param change in a 200-node graph, against the nodes it reaches;
 * (c) 40 nodes of 100 ms under concurrency 8, against the ideal 500 ms.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutputCache, type RunOptions, runGraph } from '@adloom/engine';
import type { GraphFile } from '@adloom/graph';
import {
  mixedGraph,
  noopChain,
  noopFanOut,
  noopSingle,
  reachFrom,
  registry,
  templateChain,
  templateFanOut,
  waiters,
  waitStats,
  withParam,
} from './adloom-graphs.ts';
import { interleave, round, type Sample, type Timing, timed, type Variant } from './measure.ts';
import { rawParallelReads, rawSequentialReads, rawWrites } from './raw-fs.ts';
import { rivetChain, rivetFanOut, runRivet } from './rivet-graphs.ts';

const quick = process.argv.includes('--quick');
const SIZES = [100, 500, 1_000, 2_000, 10_000];
const PER_NODE_TARGET_US = 50;
const PER_NODE_AIM_US = 20;

type Shape = 'chain' | 'fanout';
/**
 * off: `cache: false`. cold: the default cache in a fresh temp workDir (every node a miss and
 * a write). warm-disk: the default cache over a workDir an earlier run filled (every node a
 * hit read from disk, as in a second `adloom run`). warm-memory: one OutputCache kept across
 * runs (every node a memory hit, as in the editor or `adloom serve`).
 */
type CacheMode = 'off' | 'cold' | 'warm-disk' | 'warm-memory';
const CACHE_MODES: CacheMode[] = ['off', 'cold', 'warm-disk', 'warm-memory'];

type Row = Record<string, unknown> & { bench: string };
const rows: Row[] = [];
function report(row: Row): void {
  rows.push(row);
  console.log(JSON.stringify(row));
}
function progress(message: string): void {
  process.stderr.write(`… ${message}\n`);
}

const root = await mkdtemp(join(tmpdir(), 'adloom-bench-'));
let folders = 0;
async function freshDir(): Promise<string> {
  const dir = join(root, `w${folders++}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

/** Rounds of timed runs: more for small graphs, whose runs are short and noisy. */
function roundsFor(n: number): number {
  if (quick) return 3;
  return n <= 100 ? 21 : n <= 500 ? 11 : n <= 1_000 ? 9 : n <= 2_000 ? 7 : 5;
}

/** One timed Adloom run, checked; its run folder is removed after the clock stops. */
async function timedRun(
  graph: GraphFile,
  options: Omit<RunOptions, 'registry'>,
  expectCached: boolean,
): Promise<Required<Sample>> {
  let result: Awaited<ReturnType<typeof runGraph>> | undefined;
  const sample = await timed(async () => {
    result = await runGraph(graph, { registry, ...options });
  });
  if (!result) throw new Error(`${graph.name}: no result`);
  if (result.status !== 'succeeded') throw new Error(`${graph.name}: run ${result.status}`);
  const nodes = Object.keys(graph.nodes).length;
  let cached = 0;
  for (const record of result.nodes.values()) if (record.cached) cached++;
  if (result.nodes.size !== nodes || cached !== (expectCached ? nodes : 0)) {
    throw new Error(`${graph.name}: ${result.nodes.size} of ${nodes} nodes ran, ${cached} from the cache`);
  }
  await rm(result.outDir, { recursive: true, force: true });
  return sample;
}

function memoryCache(workDir: string): OutputCache {
  // What runGraph builds by default, kept for the next run.
  return new OutputCache({ dir: join(workDir, '.adloom', 'cache'), artifactsDir: join(workDir, '.adloom', 'artifacts') });
}

async function adloomVariant(graph: GraphFile, mode: CacheMode): Promise<Variant> {
  const name = `adloom ${mode}`;
  if (mode === 'off') {
    const workDir = await freshDir();
    return { name, once: () => timedRun(graph, { workDir, cache: false }, false) };
  }
  if (mode === 'cold') {
    return {
      name,
      once: async () => {
        const workDir = await freshDir();
        const sample = await timedRun(graph, { workDir }, false);
        await rm(workDir, { recursive: true, force: true });
        return sample;
      },
    };
  }
  const workDir = await freshDir();
  const cache = mode === 'warm-memory' ? memoryCache(workDir) : undefined;
  await timedRun(graph, { workDir, cache }, false); // fills the cache: every timed run is all hits
  return { name, once: () => timedRun(graph, { workDir, cache }, true) };
}

/** (a) for one shape and size: every Adloom mode and Rivet, interleaved; at 10,000 the raw file floor too. */
async function overheadGroup(shape: Shape, n: number): Promise<void> {
  const graph = shape === 'chain' ? noopChain(n) : noopFanOut(n);
  const nodes = Object.keys(graph.nodes).length;
  const variants: Variant[] = [];
  for (const mode of CACHE_MODES) variants.push(await adloomVariant(graph, mode));
  // Rivet's own graph in Adloom, for a like-for-like ratio: text that grows by a dot a node.
  const template = shape === 'chain' ? templateChain(n) : templateFanOut(n);
  const templateDir = await freshDir();
  variants.push({ name: 'adloom template', once: () => timedRun(template, { workDir: templateDir, cache: false }, false) });

  // Rivet: a first run with a node counter checks that every node ran, and warms it up.
  const rivetProject = shape === 'chain' ? rivetChain(n) : rivetFanOut(n);
  const rivetBase = { bench: 'overhead', engine: 'rivet', shape, n, nodes };
  let rivetSingle: Timing | undefined;
  if (quick && n >= 10_000) {
    report({ ...rivetBase, status: 'skipped', reason: '--quick' });
  } else {
    progress(`${shape} ${n}: checking that Rivet runs it`);
    const check = await runRivet(rivetProject, nodes, { countNodes: true });
    if (!check.ok) {
      report({ ...rivetBase, status: 'failed', error: check.error, afterMs: round(check.ms) });
    } else if (n >= 10_000) {
      // Tens of seconds a run: the checked run is the one sample.
      rivetSingle = { medianMs: check.ms, cpuMedianMs: check.cpuMs, bestMs: check.ms, runsMs: [round(check.ms)] };
    } else {
      variants.push({
        name: 'rivet',
        warmup: 0,
        once: async () => {
          const outcome = await runRivet(rivetProject, nodes);
          if (!outcome.ok) throw new Error(`Rivet ${shape} of ${n}: ${outcome.error}`);
          return { ms: outcome.ms, cpuMs: outcome.cpuMs };
        },
      });
    }
  }

  let rawDir: string | undefined;
  if (n >= 10_000) {
    variants.push({
      name: 'raw write',
      once: async () => {
        const dir = await freshDir();
        const ms = await rawWrites(dir, n);
        await rm(dir, { recursive: true, force: true });
        return ms;
      },
    });
    rawDir = await freshDir();
    await rawWrites(rawDir, n);
    const dir = rawDir;
    variants.push({ name: 'raw sequential read', once: () => rawSequentialReads(dir, n) });
    variants.push({ name: 'raw parallel read', once: () => rawParallelReads(dir, n) });
  }

  progress(`${shape} ${n}: ${variants.map((v) => v.name).join(', ')}`);
  const timings = await interleave(variants, roundsFor(n));
  if (rivetSingle) timings.set('rivet', rivetSingle);

  const perNode = (timing: Timing) => ({
    status: 'ok',
    perNodeUs: round((timing.medianMs * 1000) / nodes, 2),
    bestPerNodeUs: round((timing.bestMs * 1000) / nodes, 2),
    cpuPerNodeUs: round(((timing.cpuMedianMs ?? Number.NaN) * 1000) / nodes, 2),
    medianMs: round(timing.medianMs),
    runsMs: timing.runsMs,
  });
  const adloomBase = { bench: 'overhead', engine: 'adloom', shape, n, nodes };
  for (const mode of CACHE_MODES) {
    const timing = timings.get(`adloom ${mode}`) as Timing;
    const perNodeUs = (timing.medianMs * 1000) / nodes;
    report({
      ...adloomBase,
      nodeType: 'bench.noop',
      cache: mode,
      ...perNode(timing),
      targetUs: PER_NODE_TARGET_US,
      pass: perNodeUs <= PER_NODE_TARGET_US,
    });
  }
  const adloomTemplate = timings.get('adloom template') as Timing;
  report({ ...adloomBase, nodeType: 'text.template', cache: 'off', ...perNode(adloomTemplate) });
  const rivet = timings.get('rivet');
  if (rivet) {
    report({
      ...rivetBase,
      nodeType: 'text',
      ...perNode(rivet),
      ...(rivet.runsMs.length === 1 ? { note: 'one run, with a node counter attached' } : {}),
      rivetOverAdloomTemplate: round(rivet.medianMs / adloomTemplate.medianMs, 1),
      bestRivetOverBestAdloomTemplate: round(rivet.bestMs / adloomTemplate.bestMs, 1),
    });
  }
  for (const [name, like] of [
    ['raw write', 'cold'],
    ['raw sequential read', 'warm-disk'],
    ['raw parallel read', 'warm-disk'],
  ] as const) {
    const timing = timings.get(name);
    if (!timing) continue;
    const adloom = timings.get(`adloom ${like}`) as Timing;
    report({
      bench: 'raw-fs',
      op: name === 'raw write' ? 'write + rename, all at once' : name.replace('raw ', ''),
      shape,
      n,
      perFileUs: round((timing.medianMs * 1000) / n, 2),
      medianMs: round(timing.medianMs),
      runsMs: timing.runsMs,
      compareWith: `adloom ${like}`,
      adloomOverRaw: round(adloom.medianMs / timing.medianMs, 2),
    });
  }
  if (rawDir) await rm(rawDir, { recursive: true, force: true });
}

/** A one-node run that writes one entry, into an empty cache and into one of 10,000 entries. */
async function cacheSize(): Promise<void> {
  const entries = 10_000;
  const bigDir = await freshDir();
  await timedRun(noopChain(entries), { workDir: bigDir }, false);
  let salt = 1_000_000;
  const timings = await interleave(
    [
      {
        name: 'empty',
        once: async () => {
          const workDir = await freshDir();
          const sample = await timedRun(noopSingle(salt++), { workDir }, false);
          await rm(workDir, { recursive: true, force: true });
          return sample;
        },
      },
      { name: 'big', once: () => timedRun(noopSingle(salt++), { workDir: bigDir }, false) },
      { name: 'off', once: () => timedRun(noopSingle(0), { workDir: bigDir, cache: false }, false) },
    ],
    quick ? 3 : 11,
  );
  for (const [name, cache] of [
    ['off', 'off'],
    ['empty', 'empty'],
    ['big', `${entries} entries`],
  ] as const) {
    const timing = timings.get(name) as Timing;
    report({ bench: 'cache-size', nodes: 1, cache, medianMs: round(timing.medianMs), runsMs: timing.runsMs });
  }
  await rm(bigDir, { recursive: true, force: true });
}

/** (b): run the base graph, change one param, run again, and count the nodes that really ran. */
async function incremental(cacheStyle: 'disk' | 'memory'): Promise<void> {
  const base = mixedGraph();
  const workDir = await freshDir();
  const cache = cacheStyle === 'memory' ? memoryCache(workDir) : undefined;
  const run = async (graph: GraphFile) => {
    let executed = 0;
    let servedFromCache = 0;
    const result = await runGraph(graph, {
      registry,
      workDir,
      cache,
      onEvent: (event) => {
        if (event.type === 'node.started') executed++;
        else if (event.type === 'node.cached') servedFromCache++;
      },
    });
    if (result.status !== 'succeeded') throw new Error(`incremental run ${result.status}`);
    return { executed, servedFromCache };
  };
  const first = await run(base);
  const nodes = Object.keys(base.nodes).length;
  report({
    bench: 'incremental',
    cache: cacheStyle,
    nodes,
    changed: 'everything (first run, empty cache)',
    reached: nodes,
    executed: first.executed,
    pass: first.executed === nodes,
  });
  // Each change is made to the base graph, whose outputs are all in the cache by then.
  for (const id of ['a25', 't2', 'f0', 'd49', 'a0', null]) {
    const graph = id ? withParam(base, id, 'label', `${id} changed`) : base;
    const reached = id ? reachFrom(base, id).size : 0;
    const { executed, servedFromCache } = await run(graph);
    report({
      bench: 'incremental',
      cache: cacheStyle,
      nodes,
      changed: id ? `${id}.label` : 'nothing',
      reached,
      executed,
      servedFromCache,
      pass: executed === reached,
    });
  }
}

/** (c): 40 nodes that each wait 100 ms, 8 at a time: ideally 5 waves of 100 ms. */
async function concurrency(): Promise<void> {
  const count = 40;
  const waitMs = 100;
  const limit = 8;
  const graph = waiters(count, waitMs);
  const workDir = await freshDir();
  waitStats.peak = 0;
  const timings = await interleave(
    [{ name: 'waits', once: () => timedRun(graph, { workDir, cache: false, concurrency: limit }, false) }],
    quick ? 3 : 7,
  );
  const timing = timings.get('waits') as Timing;
  const idealMs = Math.ceil(count / limit) * waitMs;
  const ratio = timing.medianMs / idealMs;
  report({
    bench: 'concurrency',
    nodes: count,
    waitMs,
    concurrency: limit,
    peakRunning: waitStats.peak,
    idealMs,
    medianMs: round(timing.medianMs),
    runsMs: timing.runsMs,
    ratio: round(ratio),
    target: 1.1,
    pass: ratio <= 1.1 && waitStats.peak <= limit,
  });
}

function summary(): string {
  const lines: string[] = [
    '',
    'Engine benchmark summary, µs per node = time of a run / nodes in the graph:',
    'median wall time (the fastest run) and the median CPU time the process spent',
    '',
  ];
  const find = (where: Record<string, unknown>) => rows.find((r) => Object.entries(where).every(([k, v]) => r[k] === v));
  const cell = (r: Row | undefined) =>
    !r
      ? '—'
      : r.status === 'ok'
        ? `${Math.round(r.perNodeUs as number)} (${Math.round(r.bestPerNodeUs as number)}) ${Math.round(r.cpuPerNodeUs as number)}`
        : (r.status as string);
  for (const shape of ['chain', 'fanout'] as const) {
    lines.push(shape === 'chain' ? 'chain of N' : 'fan-out: one source feeding N (N + 1 nodes)');
    const heads = [...CACHE_MODES.map((m) => `adloom ${m}`), 'adloom template off', 'rivet text', 'rivet / template'];
    lines.push(`  ${'N'.padStart(6)} | ${heads.map((h) => h.padStart(18)).join(' | ')}`);
    for (const n of SIZES) {
      const rivet = find({ engine: 'rivet', shape, n });
      const cells = [
        ...CACHE_MODES.map((cache) => cell(find({ engine: 'adloom', nodeType: 'bench.noop', shape, n, cache }))),
        cell(find({ engine: 'adloom', nodeType: 'text.template', shape, n })),
        cell(rivet),
        rivet?.rivetOverAdloomTemplate !== undefined
          ? `${rivet.rivetOverAdloomTemplate}× (${rivet.bestRivetOverBestAdloomTemplate}×)`
          : '—',
      ];
      lines.push(`  ${String(n).padStart(6)} | ${cells.map((c) => c.padStart(18)).join(' | ')}`);
    }
    lines.push('');
  }
  for (const r of rows.filter((r) => r.bench === 'raw-fs')) {
    lines.push(
      `disk floor (${r.shape} ${r.n}): raw ${r.op} ${r.perFileUs} µs a file; ${r.compareWith} takes ${r.adloomOverRaw}× as long`,
    );
  }
  const sizes = rows.filter((r) => r.bench === 'cache-size');
  if (sizes.length) {
    lines.push(`one-node run writing one entry: ${sizes.map((r) => `cache ${r.cache} ${r.medianMs} ms`).join(', ')}`);
  }
  const overhead = rows.filter((r) => r.engine === 'adloom' && r.nodeType === 'bench.noop');
  const within = (us: number, cache?: CacheMode) =>
    `${overhead.filter((r) => (!cache || r.cache === cache) && (r.perNodeUs as number) <= us).length} of ${overhead.filter((r) => !cache || r.cache === cache).length}`;
  lines.push(
    `cells within ${PER_NODE_TARGET_US} µs: ${within(PER_NODE_TARGET_US)} (cache off ${within(PER_NODE_TARGET_US, 'off')}, warm-memory ${within(PER_NODE_TARGET_US, 'warm-memory')}); within ${PER_NODE_AIM_US} µs: ${within(PER_NODE_AIM_US)}`,
  );
  lines.push('');
  lines.push('incremental re-run (200 nodes): change → nodes it reaches / nodes executed');
  for (const r of rows.filter((r) => r.bench === 'incremental')) {
    lines.push(
      `  ${String(r.cache).padEnd(6)} ${String(r.changed).padEnd(36)} ${r.reached} / ${r.executed}${r.pass ? '' : '  MISMATCH'}`,
    );
  }
  lines.push('');
  for (const r of rows.filter((r) => r.bench === 'concurrency')) {
    lines.push(
      `concurrency: ${r.nodes} × ${r.waitMs} ms at ${r.concurrency}: ${r.medianMs} ms against the ideal ${r.idealMs} ms = ${r.ratio} (target ≤ 1.10); at most ${r.peakRunning} ran at once`,
    );
  }
  return lines.join('\n');
}

try {
  report({
    bench: 'machine',
    node: process.version,
    cores: availableParallelism(),
    loadAverage1m: round(loadavg()[0] ?? 0, 2),
    quick,
  });
  progress('warming up');
  const warmDir = await freshDir();
  for (let i = 0; i < 5; i++) await timedRun(noopChain(1_000), { workDir: warmDir, cache: false }, false);

  // Fan-outs first: a Rivet chain that overflows its stack leaves its half-run graph behind.
  for (const shape of ['fanout', 'chain'] as const) for (const n of SIZES) await overheadGroup(shape, n);

  progress('one-node runs against a large cache');
  await cacheSize();

  progress('incremental re-runs');
  await incremental('disk');
  await incremental('memory');

  progress('concurrency');
  await concurrency();

  report({ bench: 'machine', loadAverage1mAtEnd: round(loadavg()[0] ?? 0, 2) });
  console.log(summary());
} finally {
  await rm(root, { recursive: true, force: true });
}
