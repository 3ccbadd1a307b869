import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { ArtifactStore, newRunId, sha256 } from '@adloom/engine';
import { formatDiagnostic, type GraphFile, hasErrors, serializeGraph } from '@adloom/graph';
import { JOB_ID_PATTERN, type JobRecord, RunQueue } from '@adloom/queue';
import { prepareRun } from './assignments.ts';
import { readGraphFile } from './graph-file.ts';
import { loadRegistry } from './load-registry.ts';
import type { Io } from './main.ts';
import { ProgressView } from './progress.ts';
import { EXIT, UsageError } from './usage-error.ts';
import { reachRedis, redisUrlOf, wholeNumber, withRedis } from './worker-command.ts';

/** BullMQ's highest priority number. */
const MAX_PRIORITY = 2_097_152;

/** The exit code `adloom run` would have given for the job's end. */
export function exitCodeOf(record: JobRecord): number {
  if (record.state === 'completed') return EXIT.ok;
  return record.progress?.outcome === 'invalid' ? EXIT.invalid : EXIT.runFailed;
}

/**
 * Puts a file into the workspace's content-addressed store and names it by its path in the
 * workspace, which is the same on every machine that mounts it.
 */
async function storeFile(workspace: string, path: string, place: string): Promise<string> {
  const store = new ArtifactStore(join(workspace, '.adloom', 'artifacts'));
  try {
    const ref = await store.importFile(path, { kind: 'file', mime: 'application/octet-stream' });
    return relative(workspace, ref.path).split(sep).join('/');
  } catch (error) {
    throw new UsageError(`${place}: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** Image inputs' defaults point at files beside the graph: they go into the store too. */
async function storeImageDefaults(graph: GraphFile, file: string, workspace: string): Promise<GraphFile> {
  const nodes = { ...graph.nodes };
  for (const [id, node] of Object.entries(nodes)) {
    const given = node.params?.default;
    if (node.type !== 'input.image' || typeof given !== 'string' || given === '') continue;
    const stored = await storeFile(workspace, resolve(dirname(file), given), `${file}: node "${id}" param "default"`);
    nodes[id] = { ...node, params: { ...node.params, default: stored } };
  }
  return { ...graph, nodes };
}

/** `adloom enqueue GRAPH ...`: validates here, queues the run, prints its id; `--wait` follows it to the end. */
export async function enqueueCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      input: { type: 'string', multiple: true, default: [] },
      set: { type: 'string', multiple: true, default: [] },
      only: { type: 'string', multiple: true, default: [] },
      'no-cache': { type: 'boolean', default: false },
      id: { type: 'string' },
      priority: { type: 'string' },
      attempts: { type: 'string', default: '3' },
      wait: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      redis: { type: 'string' },
      queue: { type: 'string', default: 'adloom' },
      workspace: { type: 'string', default: '.' },
      verbose: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  const [file, ...extra] = positionals;
  if (!file) throw new UsageError('enqueue: name the graph file, e.g. `adloom enqueue examples/hello-brief.adloom.json`');
  if (extra.length) throw new UsageError(`enqueue takes one graph file; unexpected "${extra.join(' ')}"`);
  if (values.id !== undefined && !JOB_ID_PATTERN.test(values.id)) {
    throw new UsageError(
      `--id "${values.id}": use letters, digits, ".", "_" and "-" (up to 100, not a bare number); it names the run folder`,
    );
  }
  const priority = wholeNumber('--priority', values.priority, 1);
  if (priority !== undefined && priority > MAX_PRIORITY) throw new UsageError(`--priority must be at most ${MAX_PRIORITY}`);
  const attempts = wholeNumber('--attempts', values.attempts, 1) as number;
  const redisUrl = redisUrlOf(values.redis);
  const workspace = resolve(values.workspace);
  const reachable = await reachRedis(io, redisUrl);
  if (reachable !== EXIT.ok) return reachable;

  const loaded = await readGraphFile(file);
  if (!loaded.graph) {
    for (const d of loaded.diagnostics) io.stderr.write(`${formatDiagnostic(d)}\n`);
    return EXIT.invalid;
  }
  const registry = await loadRegistry({ workspace });
  const catalog = registry.catalog();
  const { graph, inputs, sets, diagnostics } = prepareRun(loaded.graph, catalog, file, values);
  for (const d of diagnostics) io.stderr.write(`${formatDiagnostic(d)}\n`);
  if (hasErrors(diagnostics)) return EXIT.invalid;

  // Files go into the shared store before the job exists: a worker elsewhere cannot read this machine's paths.
  const imageInputs = new Set(
    Object.values(graph.nodes)
      .filter((n) => n.type === 'input.image' && typeof n.params?.name === 'string')
      .map((n) => n.params?.name as string),
  );
  const fileInputs: string[] = [];
  for (const [name, value] of Object.entries(inputs)) {
    if (!imageInputs.has(name) || typeof value !== 'string') continue;
    inputs[name] = await storeFile(workspace, resolve(value), `--input ${name}`);
    fileInputs.push(name);
  }
  const queued = await storeImageDefaults(graph, file, workspace);
  const text = serializeGraph(queued);
  const id = values.id ?? newRunId();

  return withRedis(io, async () => {
    const queue = await RunQueue.open(redisUrl, values.queue);
    try {
      const view = values.wait && !values.json ? new ProgressView(io.stdout, { verbose: values.verbose }) : undefined;
      if (values.wait) {
        await queue.follow(id, (event) => {
          if (values.json) io.stdout.write(`${JSON.stringify(event)}\n`);
          else view?.handle(event);
        });
      }
      const added = await queue.add(
        {
          graph: text,
          graphHash: sha256(text),
          graphName: queued.name,
          inputs,
          fileInputs,
          sets,
          ...(values.only.length ? { only: values.only } : {}),
          noCache: values['no-cache'],
        },
        { id, priority, attempts },
      );
      if (values.json) io.stdout.write(`${JSON.stringify({ type: 'job.queued', id, existed: added.existed })}\n`);
      else if (added.existed) io.stdout.write(`Job ${id} exists already: not queued again\n`);
      else io.stdout.write(`Queued job ${id} ("${queued.name}") on queue "${queue.name}"\n`);
      if (!values.wait) {
        if (!values.json) io.stdout.write(`${id}\n`);
        return EXIT.ok;
      }
      const record = await queue.finished(id);
      view?.stop();
      if (values.json) io.stdout.write(`${JSON.stringify({ type: 'job.finished', ...record })}\n`);
      else if (record.state === 'completed') io.stdout.write(`Job ${id} completed: ${record.runDir} in the workspace\n`);
      else io.stderr.write(`Job ${id} ${record.state}: ${record.error ?? 'no reason given'}\n`);
      return exitCodeOf(record);
    } finally {
      await queue.close();
    }
  });
}
