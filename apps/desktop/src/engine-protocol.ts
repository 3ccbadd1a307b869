/**
 * The engine runs in a child process (Electron's utilityProcess in the app, a forked Node
 * process in tests), so a node that crashes or an ffmpeg job that takes minutes never freezes
 * or takes down a window. This module is the protocol between main and that child, and the
 * supervisor main keeps: it starts the child on demand, keeps every run's events for late
 * subscribers, and when the child dies ends its runs as failed with the reason in words; the
 * next run starts a new child.
 */
import type { Catalog, GraphFile } from '@adloom/graph';
import { HostError, type RunEvent } from '@adloom/host';

/** A validated graph to run, as main hands it to the engine. */
export interface EngineRunRequest {
  graph: GraphFile;
  /** Absolute path of its file, for relative file params and the manifest. */
  graphPath?: string;
  inputs?: Record<string, unknown>;
  only?: string[];
  noCache?: boolean;
  /** Folders the user added in the settings, read beside the workspace. */
  readFolders?: readonly string[];
}

/** Main → engine. */
export type ToEngine =
  /** `env` holds the decrypted secrets for this run only; the child never keeps them. */
  | { type: 'start'; requestId: number; run: EngineRunRequest; env: Record<string, string> }
  | { type: 'cancel'; runId: string }
  | { type: 'stop' };

/** Engine → main. */
export type FromEngine =
  | { type: 'ready'; catalog: Catalog; packs: string[] }
  | { type: 'load-failed'; message: string }
  | { type: 'started'; requestId: number; runId: string }
  | { type: 'start-failed'; requestId: number; message: string }
  | { type: 'event'; event: RunEvent };

/** What main needs of the child: Electron's UtilityProcess has this shape; a forked ChildProcess is adapted to it. */
export interface EngineProcess {
  postMessage(message: ToEngine): void;
  on(event: 'message', listener: (message: FromEngine) => void): unknown;
  on(event: 'exit', listener: (code: number | null) => void): unknown;
  kill(): unknown;
}

type Listener = (event: RunEvent) => void;

interface Child {
  process: EngineProcess;
  ready: Promise<Catalog>;
  pending: Map<number, { resolve(runId: string): void; reject(error: Error): void }>;
  runs: Set<string>;
  loadFailure?: string;
}

interface RunRecord {
  events: RunEvent[];
  listeners: Set<Listener>;
  isFinished: boolean;
  /** Nodes started and not yet ended: named when the child dies under them. */
  activeNodes: Set<string>;
  startedAt: number;
  outDir: string;
}

const KEPT_RUNS = 50;

export interface EngineSupervisorOptions {
  spawn: () => EngineProcess;
  now?: () => number;
}

export class EngineSupervisor {
  private readonly spawnProcess: () => EngineProcess;
  private readonly now: () => number;
  private child: Child | null = null;
  private readonly runs = new Map<string, RunRecord>();
  private nextRequestId = 1;
  private isDisposed = false;
  /** How many children were started: a crash makes the next run start one more. */
  spawnCount = 0;

  constructor(options: EngineSupervisorOptions) {
    this.spawnProcess = options.spawn;
    this.now = options.now ?? Date.now;
  }

  /** The node catalog of the engine's packs (starts the engine if it is not running). */
  catalog(): Promise<Catalog> {
    return this.ensureChild().ready;
  }

  /** Starts a validated graph; resolves with its run id once the engine took it. */
  async start(run: EngineRunRequest, env: Record<string, string>): Promise<string> {
    const child = this.ensureChild();
    await child.ready;
    const requestId = this.nextRequestId++;
    return new Promise<string>((resolve, reject) => {
      child.pending.set(requestId, { resolve, reject });
      child.process.postMessage({ type: 'start', requestId, run, env });
    });
  }

  has(runId: string): boolean {
    return this.runs.has(runId);
  }

  /** Replays the run's past events, then streams new ones; returns an unsubscribe function. */
  subscribe(runId: string, listener: Listener): () => void {
    const run = this.runs.get(runId);
    if (!run) return () => {};
    for (const event of run.events) listener(event);
    if (run.isFinished) return () => {};
    run.listeners.add(listener);
    return () => run.listeners.delete(listener);
  }

  /** Asks the engine to cancel a run; false when there is no such run. */
  cancel(runId: string): boolean {
    const run = this.runs.get(runId);
    if (!run) return false;
    if (!run.isFinished && this.child?.runs.has(runId)) this.child.process.postMessage({ type: 'cancel', runId });
    return true;
  }

  /** Stops the engine (the app is quitting). */
  dispose(): void {
    this.isDisposed = true;
    const child = this.child;
    if (!child) return;
    try {
      child.process.postMessage({ type: 'stop' });
    } catch {
      // already gone
    }
    child.process.kill();
  }

  private ensureChild(): Child {
    if (this.child) return this.child;
    if (this.isDisposed) throw new HostError(500, 'the app is closing: the engine takes no new work');
    let process: EngineProcess;
    try {
      process = this.spawnProcess();
    } catch (error) {
      throw new HostError(500, `the engine could not start: ${(error as Error).message}`);
    }
    this.spawnCount++;
    let markReady!: (catalog: Catalog) => void;
    let failReady!: (error: Error) => void;
    const ready = new Promise<Catalog>((resolve, reject) => {
      markReady = resolve;
      failReady = reject;
    });
    ready.catch(() => undefined);
    const child: Child = { process, ready, pending: new Map(), runs: new Set() };
    this.child = child;
    process.on('message', (message: FromEngine) => {
      switch (message.type) {
        case 'ready':
          markReady(message.catalog);
          break;
        case 'load-failed':
          child.loadFailure = message.message;
          break;
        case 'started':
          child.runs.add(message.runId);
          this.record(message.runId);
          child.pending.get(message.requestId)?.resolve(message.runId);
          child.pending.delete(message.requestId);
          break;
        case 'start-failed':
          child.pending.get(message.requestId)?.reject(new HostError(500, message.message));
          child.pending.delete(message.requestId);
          break;
        case 'event':
          this.receive(child, message.event);
          break;
      }
    });
    process.on('exit', (code: number | null) => {
      if (this.child === child) this.child = null;
      const how = this.isDisposed ? 'the app is closing' : code === null ? 'it was killed' : `exit code ${code}`;
      failReady(
        new HostError(
          500,
          child.loadFailure
            ? `the engine could not load its node packs: ${child.loadFailure}`
            : `the engine stopped while loading its node packs (${how})`,
        ),
      );
      for (const { reject } of child.pending.values()) {
        reject(new HostError(500, `the engine stopped before the run started (${how})`));
      }
      child.pending.clear();
      for (const runId of child.runs) this.endCrashedRun(runId, how);
      child.runs.clear();
    });
    return child;
  }

  private record(runId: string): RunRecord {
    let run = this.runs.get(runId);
    if (!run) {
      run = { events: [], listeners: new Set(), isFinished: false, activeNodes: new Set(), startedAt: this.now(), outDir: '' };
      this.runs.set(runId, run);
      if (this.runs.size > KEPT_RUNS) {
        for (const [id, old] of this.runs) {
          if (old.isFinished) {
            this.runs.delete(id);
            break;
          }
        }
      }
    }
    return run;
  }

  private emit(runId: string, event: RunEvent): void {
    const run = this.record(runId);
    if (run.isFinished) return;
    run.events.push(event);
    switch (event.type) {
      case 'run.started':
        run.outDir = event.outDir;
        break;
      case 'node.started':
        run.activeNodes.add(event.nodeId);
        break;
      case 'node.finished':
      case 'node.failed':
      case 'node.skipped':
        run.activeNodes.delete(event.nodeId);
        break;
      case 'run.finished':
        run.isFinished = true;
        break;
    }
    for (const listener of run.listeners) listener(event);
    if (run.isFinished) run.listeners.clear();
  }

  private receive(child: Child, event: RunEvent): void {
    child.runs.add(event.runId);
    this.emit(event.runId, event);
    if (event.type === 'run.finished') child.runs.delete(event.runId);
  }

  /** The child died under a run: its running nodes fail, the run ends as failed, with the reason. */
  private endCrashedRun(runId: string, how: string): void {
    const run = this.runs.get(runId);
    if (!run || run.isFinished) return;
    const nodes = [...run.activeNodes];
    for (const nodeId of nodes) {
      this.emit(runId, {
        type: 'node.failed',
        runId,
        nodeId,
        error: { message: `the engine process stopped while this node was running (${how})` },
        attempts: 1,
      });
    }
    const during = nodes.length ? ` while running ${nodes.map((n) => `"${n}"`).join(', ')}` : '';
    this.emit(runId, {
      type: 'run.finished',
      runId,
      status: 'failed',
      durationMs: this.now() - run.startedAt,
      outDir: run.outDir,
      error: `The engine stopped unexpectedly (${how})${during}. The graph is unchanged; the next run starts a new engine.`,
    });
  }
}
