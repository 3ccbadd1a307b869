import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { type GraphInvalidError, type NodeRegistry, type RunEvent, type RunResult, runGraph, sha256 } from '@adloom/engine';
import { formatDiagnostic, loadGraphText } from '@adloom/graph';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { FleetProviderSlots, type ProviderRate } from './fleet-provider-slots.ts';
import { DEFAULT_QUEUE, queueNames } from './queue-names.ts';
import { connectRedis } from './redis-url.ts';
import { type RunJobData, type RunJobProgress, type RunJobResult, runJobDataSchema } from './run-job.ts';

export interface RunWorkerOptions {
  redisUrl: string;
  queue?: string;
  /** The shared workspace: `.adloom/` (store, cache) and `runs/` of every worker. */
  workspace: string;
  /** Jobs at once in this worker (default 1). */
  concurrency?: number;
  registry: NodeRegistry;
  /** Most runs at once per provider across the whole fleet. */
  fleetLimits?: Record<string, number>;
  /** Most runs started per window per provider across the whole fleet. */
  fleetRates?: Record<string, ProviderRate>;
  /** Most runs at once per provider in this process. */
  providerLimits?: Record<string, number>;
  /** How long a silent worker holds its jobs and slots before others take them over (default 30 s). */
  stallMs?: number;
  /** One line per thing worth telling an operator. */
  log?: (line: string) => void;
}

export interface RunWorker {
  readonly id: string;
  /** Finishes the jobs in hand and takes no new ones. */
  close(): Promise<void>;
  /** Jobs running now. */
  running(): number;
}

/** The graph is wrong, or its run failed on its own: retrying would fail the same way. */
class RunRejected extends UnrecoverableError {}

function summaryOf(result: RunResult, manifestArtifacts: number, durationMs: number): RunJobResult {
  const nodes: Record<string, number> = {};
  for (const record of result.nodes.values()) nodes[record.status] = (nodes[record.status] ?? 0) + 1;
  return {
    runId: result.runId,
    runDir: join('runs', result.runId),
    status: result.status,
    durationMs,
    nodes,
    artifacts: manifestArtifacts,
  };
}

/** What failed in a run, in words: the first failed node and its message. */
function failureOf(result: RunResult): string {
  for (const [id, record] of result.nodes) {
    if (record.status === 'failed') return `node "${id}" failed: ${record.error?.message ?? 'no reason given'}`;
  }
  return 'the run failed';
}

/**
 * Takes run jobs from the queue and runs them with the engine in the shared workspace. A run
 * id equal to the job id means a job taken over after a crash writes the same run folder, and
 * the shared cache gives it back every node the first worker finished.
 */
export async function startRunWorker(options: RunWorkerOptions): Promise<RunWorker> {
  const log = options.log ?? (() => {});
  const queue = options.queue ?? DEFAULT_QUEUE;
  const names = queueNames(queue);
  const workspace = resolve(options.workspace);
  let lostRedis = false;
  const onRedisError = (error: Error) => {
    if (!lostRedis) log(`lost Redis (${error.message}); reconnecting…`);
    lostRedis = true;
  };
  const redis = await connectRedis(options.redisUrl, { onError: onRedisError });
  redis.on('ready', () => {
    if (lostRedis) log('Redis is back');
    lostRedis = false;
  });
  const subscriber: Redis = redis.duplicate();
  subscriber.on('error', () => {});
  const stallMs = options.stallMs ?? 30_000;
  const fleet = new FleetProviderSlots(redis, {
    prefix: names.prefix,
    limits: options.fleetLimits ?? {},
    rates: options.fleetRates,
    leaseMs: stallMs,
    onError: onRedisError,
  });
  const workerId = `${hostname()}:${process.pid}`;

  let inHand = 0;
  const processor = async (job: Job<RunJobData, RunJobResult>, token?: string, signal?: AbortSignal) => {
    inHand++;
    try {
      return await runJob(job, token, signal);
    } finally {
      inHand--;
    }
  };

  const runJob = async (job: Job<RunJobData, RunJobResult>, _token?: string, signal?: AbortSignal) => {
    const id = job.id as string;
    const parsed = runJobDataSchema.safeParse(job.data);
    if (!parsed.success) throw new RunRejected(`job ${id} is not an Adloom run: ${parsed.error.issues[0]?.message}`);
    const data = parsed.data;
    if (await redis.exists(names.cancelled(id))) throw new RunRejected('cancelled before it started');
    if (sha256(data.graph) !== data.graphHash) throw new RunRejected(`job ${id}: the graph does not match its hash`);
    const loaded = loadGraphText(data.graph, `job ${id}`);
    if (!loaded.graph) throw new RunRejected(loaded.diagnostics.map(formatDiagnostic).join('\n'));
    // File inputs are workspace-relative paths into the store: the same on every machine.
    const inputs = { ...data.inputs };
    for (const name of data.fileInputs) {
      const value = inputs[name];
      if (typeof value !== 'string' || value.startsWith('/') || value.split(/[\\/]/).includes('..')) {
        throw new RunRejected(`job ${id}: input "${name}" must be a path inside the workspace`);
      }
      inputs[name] = join(workspace, value);
    }

    const progress: RunJobProgress = {
      runId: id,
      runDir: join('runs', id),
      nodes: 0,
      done: 0,
      outcome: 'running',
      worker: workerId,
    };
    let writes = Promise.resolve();
    const report = (change: Partial<RunJobProgress>) => {
      Object.assign(progress, change);
      const snapshot = { ...progress };
      // In order, one at a time: a late write must not put back an older count.
      writes = writes.then(() => job.updateProgress(snapshot as unknown as object)).catch(() => {});
    };
    let infrastructure: Error | undefined;
    const onEvent = (event: RunEvent) => {
      redis.publish(names.events(id), JSON.stringify(event)).catch(() => {});
      if (event.type === 'run.started') report({ nodes: event.nodes.length, done: 0 });
      else if (event.type === 'node.finished' || event.type === 'node.failed' || event.type === 'node.skipped') {
        report({ done: progress.done + 1 });
      }
    };
    log(`job ${id} started (attempt ${job.attemptsStarted}): "${data.graphName}"`);
    const started = Date.now();
    let result: RunResult;
    try {
      result = await runGraph(loaded.graph, {
        registry: options.registry,
        inputs,
        only: data.only,
        cache: data.noCache ? false : undefined,
        workDir: workspace,
        // A queued graph is anyone's data: it reads files from the shared workspace only.
        readRoots: [workspace],
        runId: id,
        signal,
        providerLimits: options.providerLimits,
        providerSlots: (provider) => {
          const slot = fleet.slot(provider);
          if (!slot) return undefined;
          return {
            acquire: (s) =>
              slot.acquire(s).catch((error: unknown) => {
                if (!s.aborted) infrastructure = error as Error;
                throw error;
              }),
            release: () => slot.release(),
          };
        },
        onEvent,
      });
    } catch (error) {
      // Known by its name, not instanceof: the engine a pack resolves may be another copy.
      if ((error as Error).name === 'GraphInvalidError') {
        report({ outcome: 'invalid' });
        await writes;
        throw new RunRejected((error as GraphInvalidError).diagnostics.map(formatDiagnostic).join('\n'));
      }
      throw error;
    }
    const durationMs = Date.now() - started;
    if (infrastructure) {
      await writes;
      throw new Error(`Redis failed during the run: ${infrastructure.message}`);
    }
    if (result.status === 'cancelled') {
      report({ outcome: 'cancelled' });
      await writes;
      log(`job ${id} cancelled`);
      throw new RunRejected('cancelled');
    }
    if (result.status === 'failed') {
      report({ outcome: 'failed' });
      await writes;
      const reason = failureOf(result);
      log(`job ${id} failed: ${reason}`);
      throw new RunRejected(reason);
    }
    let artifacts = 0;
    try {
      const manifest = JSON.parse(await readFile(join(result.outDir, 'manifest.json'), 'utf8')) as { artifacts?: unknown[] };
      artifacts = manifest.artifacts?.length ?? 0;
    } catch {
      // The summary goes without the count; the run itself succeeded.
    }
    report({ outcome: 'succeeded' });
    await writes;
    log(`job ${id} succeeded in ${(durationMs / 1000).toFixed(1)} s: ${result.outDir}`);
    return summaryOf(result, artifacts, durationMs);
  };

  const workerConnection = redis.duplicate();
  workerConnection.on('error', () => {});
  const worker = new Worker<RunJobData, RunJobResult>(queue, processor, {
    connection: workerConnection,
    concurrency: options.concurrency ?? 1,
    lockDuration: stallMs,
    stalledInterval: Math.max(500, Math.floor(stallMs / 2)),
    maxStalledCount: 2,
  });
  worker.on('error', (error) => onRedisError(error));
  worker.on('failed', (job, error) => {
    if (job && error.name !== 'UnrecoverableError' && job.attemptsMade < (job.opts.attempts ?? 1)) {
      log(`job ${job.id} will be retried: ${error.message}`);
    }
  });

  subscriber.on('message', (_channel: string, jobId: string) => {
    if (worker.cancelJob(jobId, 'cancelled')) log(`job ${jobId}: cancelling`);
  });
  await subscriber.subscribe(names.cancel);
  await worker.waitUntilReady();

  return {
    id: workerId,
    running: () => inHand,
    close: async () => {
      await worker.close();
      // BullMQ leaves connections it was given open.
      await workerConnection.quit().catch(() => {});
      await subscriber.quit().catch(() => {});
      await redis.quit().catch(() => {});
    },
  };
}
