/**
 * A run, from start to finish: validate the graph, take out bypassed nodes, plan what runs,
 * then schedule it: a node starts when all it waits for have succeeded, runs its invocations
 * (invocations.ts), each one attempt after another (attempt.ts) with its context
 * (run-context.ts), and what it makes goes to the run folder and its manifest.
 */
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { bypassGraph, type Diagnostic, type GraphFile, hasErrors, serializeGraph, validateGraph } from '@adloom/graph';
import { isNodeError, sha256 } from '@adloom/sdk';
import { ArtifactStore } from './artifact-store.ts';
import { type AttemptScope, Cancelled, invoke, type ProviderSlot } from './attempt.ts';
import { OutputCache } from './cache.ts';
import type { NodeFailure, NodeStatus, RunEvent, RunStatus } from './events.ts';
import { FileAccess } from './file-access.ts';
import { markInterruptedRuns, markRunning } from './interrupted-runs.ts';
import { itemHash, noHash, type PortValue, plainValue, planInvocations, portValues } from './invocations.ts';
import { PlanError, type PlannedNode, planRun } from './plan.ts';
import { createRedactor, secretValues } from './redact.ts';
import type { NodeRegistry } from './registry.ts';
import { type NodeRecord, RunFolder } from './run-folder.ts';
import { Semaphore } from './semaphore.ts';

export interface RunOptions {
  registry: NodeRegistry;
  /** Graph inputs by name (the `name` param of `input.*` nodes). */
  inputs?: Record<string, unknown>;
  /** Run only these nodes and what they need. */
  only?: readonly string[];
  /** Most node runs at once (default: twice the cores, at least 4). */
  concurrency?: number;
  /** Most runs at once per provider, e.g. `{ openai: 4 }`. */
  providerLimits?: Record<string, number>;
  /**
   * A slot held beyond this process while a node of the provider runs (a fleet of workers
   * sharing one provider's limit), taken after the process's own `providerLimits` slot.
   */
  providerSlots?: (provider: string) => ProviderSlot | undefined;
  signal?: AbortSignal;
  /** The working folder: `.adloom/` (cache, artifacts) and `runs/` live here (default: cwd). */
  workDir?: string;
  /** Where run folders go (default `<workDir>/runs`). */
  runsDir?: string;
  /** Reuse a cache across runs in one process; `false` bypasses caching. */
  cache?: OutputCache | false;
  /** Disk cache cap in bytes (default 2 GiB). */
  cacheMaxBytes?: number;
  onEvent?: (event: RunEvent) => void;
  /** Overrides every node's timeout, in ms. */
  nodeTimeoutMs?: number;
  /** Backoff for transient errors: first delay and ceiling, in ms. */
  retry?: { baseDelayMs?: number; maxDelayMs?: number };
  /** The graph file's path: named in diagnostics, and relative file params resolve from its folder. */
  graphPath?: string;
  providers?: Record<string, unknown>;
  /** A run id chosen by the caller (a host that must answer with it before the run starts). */
  runId?: string;
  /** The caller has just validated this graph against this registry's catalog: skip validating it again. */
  validated?: boolean;
  /**
   * [engine.F1] The folders a run started by a host may read files from (the workspace, folders the
   * user added). Unset, as on the command line, the paths a graph names are read as they are.
   */
  readRoots?: readonly string[];
  /**
   * Values taken out of every event, error and manifest ([engine.S1]), beside the secret-named
   * variables of the process and of `providers.env`, which are taken out anyway.
   */
  secrets?: readonly string[];
}

export interface RunResult {
  runId: string;
  status: RunStatus;
  outDir: string;
  /** Each node's outputs: a value per port, an array for lists. */
  outputs: Map<string, Record<string, unknown>>;
  nodes: Map<string, NodeRecord>;
}

/** The graph (or the command line that set its inputs) is invalid: nothing ran. */
export class GraphInvalidError extends Error {
  readonly diagnostics: Diagnostic[];

  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => d.message).join('\n'));
    this.diagnostics = diagnostics;
    this.name = 'GraphInvalidError';
  }
}

/**
 * Runs at once per provider unless the caller says otherwise: one local GPU server works on
 * one image at a time. An encode's filter graph runs on one thread beside x264's, so two
 * encodes keep a small machine's cores busy where one leaves them waiting; on bigger ones,
 * one encode per two cores (the video pack splits x264's threads among those running).
 */
export function defaultProviderLimits(): Record<string, number> {
  const cores = availableParallelism();
  return { ffmpeg: Math.min(cores, Math.max(2, Math.floor(cores / 2))), comfyui: 1, automatic1111: 1, openai: 8 };
}

/** `20261125-203000-a1b2c3`: sortable by time, unique enough for one workspace. */
export function newRunId(): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

/** Describes a thrown value as a failure with its place. */
function toFailure(error: unknown): NodeFailure {
  if (isNodeError(error)) {
    return {
      message: error.message,
      ...(error.port ? { port: error.port } : {}),
      ...(error.param ? { param: error.param } : {}),
    };
  }
  return { message: error instanceof Error ? error.message : String(error) };
}

/**
 * Validates and runs a graph: ready nodes run concurrently within the limits, outputs are
 * served from the cache where type, version, params and inputs match, and the run's folder
 * gets its artifacts and an atomically written manifest.
 */
export async function runGraph(graph: GraphFile, options: RunOptions): Promise<RunResult> {
  const { registry } = options;
  const inputs = options.inputs ?? {};
  const diagnostics = options.validated
    ? []
    : validateGraph(graph, registry.catalog(), { file: options.graphPath, inputs: Object.keys(inputs) });
  if (hasErrors(diagnostics)) throw new GraphInvalidError(diagnostics.filter((d) => d.severity === 'error'));
  // [graph.B1] Bypassed nodes stay in the file and out of the run: what they fed gets their input
  // of the same type (validation has named any input left without one).
  const { graph: runnable, bypassed } = bypassGraph(graph, registry.catalog());
  const only = bypassed.length ? options.only?.filter((id) => !bypassed.includes(id)) : options.only;
  let plan: Map<string, PlannedNode>;
  try {
    plan = planRun(runnable, registry, only);
  } catch (error) {
    if (!(error instanceof PlanError)) throw error;
    throw new GraphInvalidError([
      {
        severity: 'error',
        file: options.graphPath,
        nodeId: error.nodeId,
        param: error.param,
        path: error.path,
        message: error.message,
      },
    ]);
  }

  const workDir = resolve(options.workDir ?? process.cwd());
  const baseDir = options.graphPath ? dirname(resolve(options.graphPath)) : workDir;
  const store = new ArtifactStore(join(workDir, '.adloom', 'artifacts'));
  const cache =
    options.cache === false
      ? undefined
      : (options.cache ??
        new OutputCache({ dir: join(workDir, '.adloom', 'cache'), artifactsDir: store.root, maxBytes: options.cacheMaxBytes }));
  const runId = options.runId ?? newRunId();
  const outDir = join(resolve(options.runsDir ?? join(workDir, 'runs')), runId);
  const onEvent = options.onEvent;
  const redactor = createRedactor([
    ...new Set([
      ...secretValues(process.env, options.providers?.env as Record<string, string | undefined> | undefined),
      ...(options.secrets ?? []),
    ]),
  ]);
  const files = new FileAccess(options.readRoots);
  let finished = false;
  // A node that ignored a cancel may still report after the run has ended: its story stops at run.finished.
  // A listener that throws must not stop the run or hang it: its error is reported once.
  let listenerFailed = false;
  const emit = (event: RunEvent) => {
    if (finished || !onEvent) return;
    try {
      onEvent(redactor.value(event));
    } catch (error) {
      if (!listenerFailed) console.error(`adloom: a run event listener failed on ${event.type}: ${(error as Error).message}`);
      listenerFailed = true;
    }
  };
  const runSignal = options.signal ?? new AbortController().signal;
  const slots = new Semaphore(options.concurrency ?? Math.max(4, availableParallelism() * 2));
  const providerSlots = new Map<string, Semaphore>();
  for (const [name, limit] of Object.entries({ ...defaultProviderLimits(), ...options.providerLimits })) {
    providerSlots.set(name, new Semaphore(limit));
  }

  const folder = new RunFolder(outDir, {
    runId,
    graph: {
      name: graph.name,
      file: options.graphPath ? resolve(options.graphPath) : undefined,
      hash: sha256(serializeGraph(graph)),
    },
    inputs,
    only: options.only ? [...options.only] : undefined,
    bypassed: bypassed.length ? bypassed : undefined,
  });
  const results = new Map<string, Map<string, PortValue>>();
  const records = new Map<string, NodeRecord>();
  for (const id of plan.keys()) records.set(id, { status: 'not-run', cached: false, durationMs: 0, attempts: 0 });
  const started = Date.now();
  // Leftovers of runs whose process died: their manifests say so, their half-written files go.
  await Promise.all([markInterruptedRuns(workDir), store.sweepTemp()]);
  await folder.start([...plan.keys()]);
  const unmarkRunning = await markRunning(workDir, runId, outDir);
  emit({ type: 'run.started', runId, graph: graph.name, nodes: [...plan.keys()], outDir });

  const scope: AttemptScope = {
    runId,
    emit,
    store,
    files,
    baseDir,
    providers: options.providers ?? {},
    cache,
    graphInputs: inputs,
    slots,
    providerSlots,
    sharedSlot: options.providerSlots,
    nodeTimeoutMs: options.nodeTimeoutMs,
    baseDelayMs: options.retry?.baseDelayMs ?? 500,
    maxDelayMs: options.retry?.maxDelayMs ?? 30_000,
  };

  // One listener on the run's signal for all nodes: a listener per node would cost O(n) each to
  // add and remove when thousands of nodes wait for a slot (a wide fan-out).
  const runningNodes = new Set<AbortController>();
  const abortRunningNodes = () => {
    for (const controller of runningNodes) controller.abort();
  };
  runSignal.addEventListener('abort', abortRunningNodes, { once: true });

  /** Runs a node: once, or once per item when a list reaches one of its single inputs. */
  const runNode = async (node: PlannedNode): Promise<Map<string, PortValue>> => {
    const record = records.get(node.id) as NodeRecord;
    // Input hashes only make cache keys: without a key, hashing every input (long texts, say) is waste.
    const hashOf = cache && node.def.deterministic !== false ? itemHash : noHash;
    const invocationPlan = planInvocations(node, results, hashOf);
    const nodeController = new AbortController();
    runningNodes.add(nodeController);
    try {
      const invocations = invocationPlan.invocations.map((invocation) =>
        invoke(scope, node, invocation, nodeController.signal, record),
      );
      // A failed item stops its siblings: the node has failed either way. They wind down before
      // the node settles, so none still writes, cleans up or reports after the run has ended.
      const settled = await Promise.all(
        invocations.map((p) =>
          p.catch((error) => {
            nodeController.abort();
            throw error;
          }),
        ),
      ).catch(async (error: unknown) => {
        await Promise.allSettled(invocations);
        throw error;
      });
      record.cached = settled.length > 0 && settled.every((s) => s.cached);
      return portValues(
        node,
        invocationPlan,
        settled.map((s) => s.outputs),
      );
    } finally {
      runningNodes.delete(nodeController);
    }
  };

  // The scheduler: a node starts when all it waits for have succeeded.
  const waiting = new Map<string, number>();
  for (const node of plan.values()) {
    waiting.set(node.id, node.upstream.length);
    emit({ type: 'node.queued', runId, nodeId: node.id });
  }
  let open = plan.size;
  let failed = false;
  const exports: Promise<void>[] = [];

  let onAbortWhileIdle: (() => void) | undefined;
  await new Promise<void>((done) => {
    // A run cancelled before it began runs nothing.
    if (open === 0 || runSignal.aborted) return done();
    const settle = (first: string, firstStatus: NodeStatus) => {
      // Everything downstream of a node that did not succeed is skipped, breadth first, with a
      // queue rather than recursion: a failure at the head of a long chain must not overflow the stack.
      const queue: [string, NodeStatus][] = [[first, firstStatus]];
      for (let q = 0; q < queue.length; q++) {
        const [id, status] = queue[q] as [string, NodeStatus];
        (records.get(id) as NodeRecord).status = status;
        open--;
        if (status === 'failed') failed = true;
        const node = plan.get(id) as PlannedNode;
        for (const next of node.downstream) {
          if (status === 'succeeded' || status === 'cached') {
            const left = (waiting.get(next) as number) - 1;
            waiting.set(next, left);
            if (left === 0 && !runSignal.aborted) start(plan.get(next) as PlannedNode);
          } else if ((records.get(next) as NodeRecord).status === 'not-run' && waiting.get(next) !== -1) {
            waiting.set(next, -1);
            if (status === 'cancelled') continue;
            const reason = `skipped: "${id}" ${status === 'failed' ? 'failed' : 'was skipped'}`;
            emit({ type: 'node.skipped', runId, nodeId: next, reason });
            (records.get(next) as NodeRecord).error = { message: reason };
            queue.push([next, 'skipped']);
          }
        }
      }
      if (open === 0 || (runSignal.aborted && running === 0)) done();
    };
    let running = 0;
    const start = (node: PlannedNode) => {
      running++;
      const t0 = performance.now();
      runNode(node).then(
        (ports) => {
          running--;
          const record = records.get(node.id) as NodeRecord;
          record.durationMs = performance.now() - t0;
          results.set(node.id, ports);
          const outputs: Record<string, unknown> = {};
          for (const [name, port] of ports) outputs[name] = plainValue(port);
          record.outputs = redactor.value(outputs);
          if (folder.hasArtifacts(ports)) exports.push(folder.exportArtifacts(node.id, ports));
          emit({ type: 'node.finished', runId, nodeId: node.id, durationMs: record.durationMs, cached: record.cached, outputs });
          settle(node.id, record.cached ? 'cached' : 'succeeded');
        },
        (error) => {
          running--;
          const record = records.get(node.id) as NodeRecord;
          record.durationMs = performance.now() - t0;
          if (error instanceof Cancelled || (runSignal.aborted && !isNodeError(error))) {
            settle(node.id, 'cancelled');
            return;
          }
          record.error = redactor.value(toFailure(error));
          emit({ type: 'node.failed', runId, nodeId: node.id, error: record.error, attempts: record.attempts });
          settle(node.id, 'failed');
        },
      );
    };
    onAbortWhileIdle = () => running === 0 && done();
    runSignal.addEventListener('abort', onAbortWhileIdle, { once: true });
    for (const node of plan.values()) if (node.upstream.length === 0) start(node);
  });
  if (onAbortWhileIdle) runSignal.removeEventListener('abort', onAbortWhileIdle);

  runSignal.removeEventListener('abort', abortRunningNodes);
  await Promise.all(exports);
  await cache?.flush();
  const status: RunStatus = runSignal.aborted ? 'cancelled' : failed ? 'failed' : 'succeeded';
  const durationMs = Date.now() - started;
  await folder.finish(status, records, durationMs);
  await unmarkRunning();
  emit({ type: 'run.finished', runId, status, durationMs, outDir });
  finished = true;
  const outputs = new Map<string, Record<string, unknown>>();
  for (const [id, record] of records) if (record.outputs) outputs.set(id, record.outputs);
  return { runId, status, outDir, outputs, nodes: records };
}
