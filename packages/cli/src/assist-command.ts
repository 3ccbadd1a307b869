import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import {
  type AssistantModel,
  type ConfirmOutsideCalls,
  describeOutsideCalls,
  findOutsideCalls,
  type GraphRunner,
  judgeBudget,
  offlineModel,
  openAIModel,
  runTurn,
  type TurnEvent,
} from '@adloom/assistant';
import { runGraph, writeFileAtomic } from '@adloom/engine';
import { formatDiagnostic, formatGraphDiff, type GraphFile, serializeGraph } from '@adloom/graph';
import { readGraphFile } from './graph-file.ts';
import { loadRegistry } from './load-registry.ts';
import type { Io } from './main.ts';
import { ProgressView } from './progress.ts';
import { EXIT, UsageError } from './usage-error.ts';

const PROVIDERS = ['offline', 'openai'] as const;

/** A yes/no question on the terminal; `false` when there is no terminal to ask on. */
async function askYesNo(question: string, io: Io): Promise<boolean> {
  if (!process.stdin.isTTY || !io.stdout.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
}

/**
 * `adloom assist [GRAPH] "REQUEST"`: one assistant turn on a graph file (or an empty graph),
 * printing what it understood and the diff. It writes only where told: `--out FILE`
 * (atomically; a different existing file only with `--yes`), or GRAPH itself with `--yes`.
 */
export async function assistCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      out: { type: 'string' },
      yes: { type: 'boolean', default: false },
      run: { type: 'boolean', default: false },
      provider: { type: 'string', default: 'offline' },
      model: { type: 'string' },
      'max-steps': { type: 'string' },
      budget: { type: 'string' },
      json: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length === 0)
    throw new UsageError('assist: say what you want, e.g. `adloom assist "six TikTok variants for the kayak launch"`');
  if (positionals.length > 2)
    throw new UsageError(
      `assist takes a graph file and one request; put the request in quotes (unexpected "${positionals.slice(2).join(' ')}")`,
    );
  const [file, request] = positionals.length === 2 ? positionals : [undefined, positionals[0]];
  if (!request?.trim()) throw new UsageError('assist: the request is empty; say what you want changed');
  const provider = values.provider as (typeof PROVIDERS)[number];
  if (!PROVIDERS.includes(provider))
    throw new UsageError(`--provider must be one of ${PROVIDERS.join(', ')}, not "${values.provider}"`);
  if (values.model !== undefined && provider !== 'openai') throw new UsageError('--model needs --provider openai');
  let maxSteps: number | undefined;
  if (values['max-steps'] !== undefined) {
    maxSteps = Number(values['max-steps']);
    if (!Number.isInteger(maxSteps) || maxSteps < 1)
      throw new UsageError(`--max-steps must be a whole number of at least 1, got "${values['max-steps']}"`);
  }
  // The most a run may be estimated to cost; 0 (the default) asks before any outside call.
  let budget = 0;
  if (values.budget !== undefined) {
    budget = Number(values.budget.replace(/^\$/, ''));
    if (!values.budget.trim() || !Number.isFinite(budget) || budget < 0)
      throw new UsageError(`--budget must be an amount of US dollars of 0 or more, such as 0.05, got "${values.budget}"`);
  }

  let graph: GraphFile = { adloom: 1, name: 'Untitled', nodes: {}, edges: [] };
  if (file) {
    const loaded = await readGraphFile(file);
    if (!loaded.graph) {
      for (const d of loaded.diagnostics) io.stderr.write(`${formatDiagnostic(d)}\n`);
      return EXIT.invalid;
    }
    graph = loaded.graph;
  }
  let model: AssistantModel;
  try {
    model = provider === 'openai' ? openAIModel({ ...(values.model ? { model: values.model } : {}) }) : offlineModel();
  } catch (error) {
    throw new UsageError(`--provider openai: ${(error as Error).message}`);
  }

  const registry = await loadRegistry();
  const catalog = registry.catalog();
  const controller = new AbortController();
  io.signal?.addEventListener('abort', () => controller.abort(), { once: true });
  const onSigint = () => controller.abort();
  process.on('SIGINT', onSigint);
  const print = (event: object) => io.stdout.write(`${JSON.stringify(event)}\n`);
  // Outside calls cost money: --yes stands for the person's answer when there is no terminal.
  const confirm: ConfirmOutsideCalls = async (_calls, question) => {
    if (values.yes) return true;
    if (!values.json) io.stdout.write(`\n${question}\n`);
    return askYesNo('Run?', io);
  };
  const runner: GraphRunner = (g, { only, signal }) =>
    runGraph(g, {
      registry,
      signal,
      ...(only ? { only } : {}),
      ...(values.out || file ? { graphPath: values.out ?? file } : {}),
    });

  let streamedText = false;
  const onEvent = (event: TurnEvent) => {
    if (values.json) return print(event);
    if (event.type === 'text') {
      io.stdout.write(event.delta);
      streamedText = true;
    } else if (event.type === 'tool') {
      io.stdout.write(`${streamedText ? '\n' : ''}· ${event.summary}\n`);
      streamedText = false;
    }
  };
  let turn: Awaited<ReturnType<typeof runTurn>>;
  try {
    turn = await runTurn({
      message: request,
      graph,
      catalog,
      model,
      ...(maxSteps ? { maxSteps } : {}),
      costBudgetUsd: budget,
      run: runner,
      confirmOutsideCalls: confirm,
      signal: controller.signal,
      onEvent,
    });
  } finally {
    process.off('SIGINT', onSigint);
  }
  if (!values.json && streamedText) io.stdout.write('\n');

  if (turn.status !== 'done') {
    if (!values.json) {
      io.stderr.write(`adloom assist: ${turn.message}\n`);
      for (const d of turn.problems) io.stderr.write(`  ${formatDiagnostic(d)}\n`);
    }
    return EXIT.runFailed;
  }
  const diffLines = formatGraphDiff(turn.diff);
  if (!values.json) {
    io.stdout.write(diffLines.length ? `Changes:\n${diffLines.map((line) => `  ${line}`).join('\n')}\n` : 'No changes.\n');
  }

  // Where the proposal goes: --out, else GRAPH itself with --yes (or a yes on the terminal), else nowhere.
  const text = serializeGraph(turn.graph);
  let target = values.out;
  if (target) {
    const existing = await readIfExists(target);
    if (existing !== undefined && existing !== text && !values.yes) {
      throw new UsageError(`--out ${target} exists and differs from the result; add --yes to replace it`);
    }
  } else if (file && diffLines.length) {
    if (values.yes || (!values.json && (await askYesNo(`Write the changes to ${file}?`, io)))) target = file;
  }
  if (target) {
    await writeFileAtomic(target, text);
    if (values.json) print({ type: 'written', file: target });
    else io.stdout.write(`Wrote ${target}\n`);
  } else if (diffLines.length && !values.json) {
    io.stdout.write(
      file
        ? `Nothing written: add --yes to save the changes to ${file}, or --out FILE.\n`
        : 'Nothing written: add --out FILE to save the graph.\n',
    );
  }

  if (values.run) {
    const outside = findOutsideCalls(turn.graph, catalog);
    const { refusal } = judgeBudget(outside, budget);
    if (refusal) {
      io.stderr.write(`adloom assist: ${refusal}:\n${describeOutsideCalls(outside)}\n`);
      return EXIT.runFailed;
    }
    const question = `This run would call outside providers, which may cost money:\n${describeOutsideCalls(outside)}`;
    if (outside.length && !(await confirm(outside, question))) {
      io.stderr.write('adloom assist: not run: the graph calls outside providers that may cost money; add --yes to allow it\n');
      return EXIT.runFailed;
    }
    const view = values.json ? undefined : new ProgressView(io.stdout, { verbose: values.verbose });
    const result = await runGraph(turn.graph, {
      registry,
      signal: controller.signal,
      ...(target ? { graphPath: target } : file ? { graphPath: file } : {}),
      onEvent: (event) => (values.json ? print(event) : view?.handle(event)),
    }).finally(() => view?.stop());
    // The progress view has printed the outcome and the run folder; --json gets it as one more event.
    if (values.json) print({ type: 'run', runId: result.runId, status: result.status, outDir: result.outDir });
    if (result.status !== 'succeeded') return EXIT.runFailed;
  }
  return EXIT.ok;
}
