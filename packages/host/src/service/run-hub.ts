import { join } from 'node:path';
import { type NodeRegistry, newRunId, OutputCache, type RunEvent, RunEventLog, runGraph } from '@adloom/engine';
import type { GraphFile } from '@adloom/graph';

/** What a run starts with, beside its graph. */
export interface RunStartOptions {
  graphPath?: string;
  inputs?: Record<string, unknown>;
  only?: string[];
  noCache?: boolean;
  /** The caller validated the graph against this registry's catalog just now. */
  validated?: boolean;
  /**
   * For this run only, over the host's own environment: the provider settings and the secrets
   * the host holds. A run backend hands it to this run and keeps none of it.
   */
  env?: Record<string, string>;
  /** Folders the user added in the settings, read beside the host's own roots. */
  readFolders?: readonly string[];
}

/**
 * Where a host's runs go: this process (`RunHub`), a queue of workers elsewhere, or the
 * desktop's engine process. Runs are known by id; their events are replayed to late subscribers.
 */
export interface RunHost {
  /** Starts a validated graph; answers with its id once taken, the run goes on in the background. */
  start(graph: GraphFile, options: RunStartOptions): string | Promise<string>;
  has(runId: string): boolean;
  /** Replays past events, then streams new ones; returns an unsubscribe function. */
  subscribe(runId: string, listener: (event: RunEvent) => void): () => void;
  cancel(runId: string): boolean;
  /** The host is closing: its own runs stop. */
  cancelAll(): void;
}

/** The runs a host started: their events (kept for late subscribers) and their cancel switches. */
export class RunHub implements RunHost {
  private readonly log = new RunEventLog();
  /** The cancel switches of the runs still going. */
  private readonly controllers = new Map<string, AbortController>();
  private readonly registry: NodeRegistry;
  private readonly workDir: string;
  private readonly env: () => Record<string, string | undefined>;
  private readonly cache: OutputCache;
  private readonly readRoots: readonly string[];

  /**
   * `readRoots`: the folders a run may read files from (default: the workspace alone). A graph
   * sent to a host is anyone's data; it must not read `~/.ssh` into a run folder.
   */
  constructor(
    registry: NodeRegistry,
    workDir: string,
    env: () => Record<string, string | undefined> = () => process.env,
    options: { readRoots?: readonly string[] } = {},
  ) {
    this.registry = registry;
    this.workDir = workDir;
    this.env = env;
    this.readRoots = options.readRoots ?? [workDir];
    // One cache for every run of this host, so a re-run after a tweak hits memory first.
    this.cache = new OutputCache({ dir: join(workDir, '.adloom', 'cache'), artifactsDir: join(workDir, '.adloom', 'artifacts') });
  }

  /** Starts a validated graph; resolves with its id at once, the run goes on in the background. */
  start(graph: GraphFile, options: RunStartOptions): string {
    const runId = newRunId();
    const controller = new AbortController();
    this.log.open(runId);
    this.controllers.set(runId, controller);
    const emit = (event: RunEvent) => this.log.emit(runId, event);
    runGraph(graph, {
      registry: this.registry,
      runId,
      workDir: this.workDir,
      graphPath: options.graphPath,
      inputs: options.inputs,
      only: options.only,
      cache: options.noCache ? false : this.cache,
      signal: controller.signal,
      providers: { env: { ...this.env(), ...options.env } },
      onEvent: emit,
      readRoots: [...this.readRoots, ...(options.readFolders ?? [])],
      ...(options.validated ? { validated: true } : {}),
    })
      .catch((error: Error) => {
        // A run that could not start still ends with an event the editor can show.
        // The editor shows `error` as the run's own message (the desktop host sends the same).
        emit({ type: 'run.finished', runId, status: 'failed', durationMs: 0, outDir: '', error: error.message });
        console.error(`run ${runId}: ${error.message}`);
      })
      .finally(() => this.controllers.delete(runId));
    return runId;
  }

  has(runId: string): boolean {
    return this.log.has(runId);
  }

  /** Replays past events, then streams new ones; returns an unsubscribe function. */
  subscribe(runId: string, listener: (event: RunEvent) => void): () => void {
    return this.log.subscribe(runId, listener);
  }

  cancel(runId: string): boolean {
    if (!this.log.has(runId)) return false;
    this.controllers.get(runId)?.abort();
    return true;
  }

  cancelAll(): void {
    for (const controller of this.controllers.values()) controller.abort();
  }
}
