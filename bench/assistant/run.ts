/**
 * The assistant benchmark: `npm run bench:assistant` (`--only CATEGORY,…`, `--match TEXT`, `--skip N`,
 * `--concurrency N`, default 2).
 *
 * Every request of requests.ts goes through one real turn (runTurn with the offline assistant,
 * and with `OPENAI_BASE_URL` set, openAIModel too), and is judged mechanically:
 * - every turn: its input graph re-serializes to the text it had before, for an example the file's
 *   own bytes (undo is exact: the turn never mutates what it was given), and a turn that ends
 *   `done` with edits leaves a valid graph;
 * - new pipelines and edits: the turn ends `done` with edits, the graph validates, and every such
 *   graph is run offline (real engine, real nodes, offline providers), which must succeed; the run's
 *   folder must meet the request: variants, finished images at each asked platform's sizes and no
 *   other's, videos as long as asked (ffprobe, within a frame), landing pages, the product named in
 *   every copy, tone, audience, links; edits change no node of a type the request is not about
 *   (diffGraphs). A graph the request moved to openai is judged on its params and not run.
 * - questions: the answer names the node type asked about (and its title), or the failed node of a
 *   prepared failing run and its reason; nothing is edited;
 * - clarifying requests (no product): the turn ends with a question and changes nothing;
 * - requests the offline assistant does not claim: it says it did not understand and what it can
 *   do, and changes nothing.
 * To keep the bench to minutes on 2 cores, videos render at a small frame (180x320 for 9:16) at
 * the length asked; images run at their full sizes; all runs share one cache folder, two at a time.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  type AssistantModel,
  OFFLINE_CAPABILITIES,
  offlineModel,
  openAIModel,
  runTurn,
  type TurnResult,
} from '@adloom/assistant';
import { NodeRegistry, type RunResult, runGraph } from '@adloom/engine';
import {
  applyGraphOps,
  type Catalog,
  findNodeType,
  type GraphFile,
  type GraphOp,
  loadGraphText,
  serializeGraph,
  validateGraph,
} from '@adloom/graph';
import { judgeOutputs, judgeProviders, judgeUntouched, readRun } from './judge.ts';
import { type BenchRequest, type Category, REQUESTS } from './requests.ts';

const root = resolve(import.meta.dirname, '../..');
const arg = (name: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const CONCURRENCY = Number(arg('--concurrency') ?? 2);
const only = arg('--only');
const match = arg('--match');
// Resumes a sitting cut short: the requests from this index on.
const skip = Number(arg('--skip') ?? 0);
const log = (message: string) => process.stderr.write(`… ${message}\n`);

const registry = new NodeRegistry();
for (const pack of ['core', 'text', 'image', 'video', 'variants', 'page']) await registry.loadPack(`@adloom/nodes-${pack}`);
const catalog: Catalog = registry.catalog();
const work = await mkdtemp(join(tmpdir(), 'adloom-bench-assistant-'));
const examplePath = (name: string) => join(root, `examples/${name}.adloom.json`);
const exampleText = new Map<string, string>();
for (const name of ['tiktok-launch', 'landing-ab', 'display-set', 'hello-brief'])
  exampleText.set(name, await readFile(examplePath(name), 'utf8'));
const loadExample = (name: string) => loadGraphText(exampleText.get(name) as string).graph as GraphFile;
const empty = (): GraphFile => ({ adloom: 1, name: 'Untitled', nodes: {}, edges: [] });

const SMALL_FRAME: Record<string, [number, number]> = {
  '9:16': [180, 320],
  '1:1': [240, 240],
  '4:5': [240, 300],
  '16:9': [320, 180],
};

function edited(graph: GraphFile, ops: GraphOp[]): GraphFile {
  const result = applyGraphOps(graph, ops, catalog);
  if (!result.ok) throw new Error(`bench: ${result.refusal.message}`);
  return result.graph;
}

/** The graph as the bench runs it: each video at a small frame of its own aspect, its length unchanged. */
function benchSized(graph: GraphFile): GraphFile {
  const ops: GraphOp[] = Object.entries(graph.nodes)
    .filter(([, node]) => node.type === 'video.assemble')
    .map(([id, node]) => {
      const [width, height] = SMALL_FRAME[String(node.params?.format ?? '9:16')] ?? [180, 320];
      return { op: 'setParams', id, params: { width, height } };
    });
  return ops.length ? edited(graph, ops) : graph;
}

const runOffline = (graph: GraphFile, example?: string) =>
  runGraph(benchSized(graph), { registry, workDir: work, ...(example ? { graphPath: examplePath(example) } : {}) });

/** The prepared failing runs a "why did it fail" question is asked after. */
async function prepareFailedRuns(): Promise<
  Record<NonNullable<BenchRequest['failedRun']>, { graph: GraphFile; run: RunResult }>
> {
  const missing = edited(loadExample('tiktok-launch'), [
    { op: 'setParams', id: 'video', params: { audioFile: 'assets/no-such-bed.m4a' } },
  ]);
  const preflight = edited(loadExample('display-set'), [
    { op: 'addNode', id: 'check', type: 'ad.preflight', params: { platform: 'tiktok', onFail: 'fail' } },
    { op: 'connect', from: 'export.image', to: 'check.images' },
  ]);
  const runs = {
    'missing-audio': { graph: missing, run: await runOffline(missing, 'tiktok-launch') },
    preflight: { graph: preflight, run: await runOffline(preflight, 'display-set') },
  };
  for (const [name, { run }] of Object.entries(runs))
    if (run.status === 'succeeded') throw new Error(`bench: the prepared run "${name}" was meant to fail`);
  return runs;
}

interface Outcome {
  request: BenchRequest;
  ok: boolean;
  misses: string[];
  applied: boolean;
  invalidApplied: boolean;
  undoExact: boolean;
  ms: number;
}

const failedRuns = await prepareFailedRuns();

async function judge(request: BenchRequest, model: AssistantModel, isOffline: boolean): Promise<Outcome> {
  const started = performance.now();
  const failed = request.failedRun ? failedRuns[request.failedRun] : undefined;
  const graph = failed ? failed.graph : request.example ? loadExample(request.example) : empty();
  // The examples are stored as serializeGraph writes them: undo must give back the file byte for byte.
  const textBefore = request.example && !failed ? (exampleText.get(request.example) as string) : serializeGraph(graph);
  const misses: string[] = [];
  let turn: TurnResult;
  try {
    turn = await runTurn({
      message: request.request,
      graph,
      catalog,
      model,
      ...(failed ? { lastRun: failed.run } : {}),
      timeLimitMs: 120_000,
    });
  } catch (error) {
    return {
      request,
      ok: false,
      misses: [`the turn threw: ${(error as Error).message}`],
      applied: false,
      invalidApplied: false,
      undoExact: serializeGraph(graph) === textBefore,
      ms: performance.now() - started,
    };
  }
  const undoExact = serializeGraph(graph) === textBefore;
  if (!undoExact) misses.push('the turn changed the graph it was given: undo would not restore it');
  const applied = turn.status === 'done' && turn.ops.length > 0;
  const problems = applied ? validateGraph(turn.graph, catalog).filter((d) => d.severity === 'error') : [];
  if (problems.length) misses.push(`an invalid graph was proposed: ${problems[0]?.message}`);
  const unchanged = serializeGraph(turn.graph) === textBefore;

  switch (request.category) {
    case 'new':
    case 'edit': {
      if (!applied) {
        misses.push(`ended ${turn.status} with ${turn.ops.length} ops: ${turn.message.split('\n').slice(1).join(' ')}`);
        break;
      }
      const want = request.want ?? {};
      if (request.touches) misses.push(...judgeUntouched(graph, turn.graph, request.touches));
      if (want.provider) {
        misses.push(...judgeProviders(want, turn.graph));
        break;
      }
      if (problems.length) break;
      const result = await runOffline(turn.graph, request.example);
      const errors = [...result.nodes].filter(([, r]) => r.error);
      if (result.status !== 'succeeded') {
        misses.push(`the run ${result.status}: ${errors.map(([id, r]) => `${id}: ${r.error?.message}`).join('; ')}`);
        break;
      }
      misses.push(...(await judgeOutputs(want, await readRun(turn.graph, result), turn.graph)));
      break;
    }
    case 'question': {
      if (turn.ops.length) misses.push('a question edited the graph');
      if (request.asks) {
        const title = findNodeType(catalog, request.asks)?.title ?? request.asks;
        if (!turn.message.includes(request.asks) || !turn.message.includes(title))
          misses.push(`the answer does not name ${request.asks} (${title})`);
      }
      if (failed) {
        for (const [id, record] of failed.run.nodes) {
          if (record.status !== 'failed' || !record.error) continue;
          const reason = record.error.message.slice(0, 40);
          if (!turn.message.includes(id) || !turn.message.includes(reason))
            misses.push(`the answer does not name the failed node "${id}" and its reason "${reason}…"`);
        }
      }
      break;
    }
    case 'clarify':
      if (turn.status !== 'question') misses.push(`ended ${turn.status}, not with a question`);
      if (!unchanged || turn.ops.length) misses.push('the graph changed before the product was known');
      break;
    case 'unclaimed':
      if (!unchanged || turn.ops.length) misses.push(`an edit no one asked for: ${turn.ops.length} ops`);
      if (isOffline && !(/did not understand/i.test(turn.message) && turn.message.includes(OFFLINE_CAPABILITIES)))
        misses.push('did not say it did not understand and what it can do');
      break;
  }
  return {
    request,
    ok: misses.length === 0,
    misses,
    applied,
    invalidApplied: problems.length > 0,
    undoExact,
    ms: performance.now() - started,
  };
}

async function bench(label: string, makeModel: () => AssistantModel, isOffline: boolean) {
  const requests = REQUESTS.slice(skip).filter(
    (r) => (!only || only.split(',').includes(r.category)) && (!match || r.request.toLowerCase().includes(match.toLowerCase())),
  );
  const outcomes: Outcome[] = new Array(requests.length);
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < requests.length) {
      const at = next++;
      const request = requests[at] as BenchRequest;
      const outcome = await judge(request, makeModel(), isOffline);
      outcomes[at] = outcome;
      log(
        `${outcome.ok ? 'pass' : 'FAIL'} ${request.category} "${request.request}" ${(outcome.ms / 1000).toFixed(1)} s${outcome.ok ? '' : `: ${outcome.misses.join('; ')}`}`,
      );
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  console.log(`\n${label}: ${outcomes.length} requests in ${seconds.toFixed(0)} s`);
  const categories: Category[] = ['new', 'edit', 'question', 'clarify', 'unclaimed'];
  const names: Record<Category, string> = {
    new: 'new pipelines from briefs',
    edit: 'edits of the examples',
    question: 'questions',
    clarify: 'clarifying questions (no product)',
    unclaimed: 'not claimed: said so, changed nothing',
  };
  for (const category of categories) {
    const of = outcomes.filter((o) => o.request.category === category);
    if (!of.length) continue;
    const passed = of.filter((o) => o.ok).length;
    console.log(
      `  ${names[category].padEnd(40)} ${String(passed).padStart(3)}/${String(of.length).padEnd(3)} ${((passed / of.length) * 100).toFixed(0).padStart(4)}%`,
    );
  }
  const passed = outcomes.filter((o) => o.ok).length;
  console.log(
    `  ${'all'.padEnd(40)} ${String(passed).padStart(3)}/${String(outcomes.length).padEnd(3)} ${((passed / outcomes.length) * 100).toFixed(0).padStart(4)}%`,
  );
  console.log(
    `  invalid graphs proposed: ${outcomes.filter((o) => o.invalidApplied).length}; turns undone exactly: ${outcomes.filter((o) => o.undoExact).length}/${outcomes.length} (${outcomes.filter((o) => o.applied).length} applied)`,
  );
  for (const o of outcomes.filter((o) => !o.ok))
    console.log(
      `  FAIL ${o.request.category} "${o.request.request}"${o.request.example ? ` on ${o.request.example}` : ''}: ${o.misses.join('; ')}`,
    );
}

console.log(
  `bench:assistant — ${REQUESTS.length} requests, ${CONCURRENCY} at a time, ${availableParallelism()} cores, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}; videos at a small frame, their length as asked`,
);
await bench('offline assistant', () => offlineModel(), true);
if (process.env.OPENAI_BASE_URL) {
  await bench(`openai-compatible model at ${process.env.OPENAI_BASE_URL}`, () => openAIModel(), false);
}
