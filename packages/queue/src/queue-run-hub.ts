import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { newRunId, type RunEvent, RunEventLog, sha256 } from '@adloom/engine';
import { type GraphFile, serializeGraph } from '@adloom/graph';
import type { RunQueue } from './run-queue.ts';

/** What a run starts with, beside its graph (the host's RunStartOptions). */
export interface QueuedRunOptions {
  graphPath?: string;
  inputs?: Record<string, unknown>;
  only?: string[];
  noCache?: boolean;
}

/**
 * A host's runs sent to the queue instead of run in the host's process: the same shape as
 * the server's RunHub, with the events of runs on other machines coming back over Redis.
 */
export class QueueRunHub {
  private readonly log = new RunEventLog();
  private readonly queue: RunQueue;
  private readonly workspace: string;

  private constructor(queue: RunQueue, workspace: string) {
    this.queue = queue;
    this.workspace = workspace;
  }

  /** Listens for every run's events on the queue before any run is started. */
  static async open(queue: RunQueue, workspace: string): Promise<QueueRunHub> {
    const hub = new QueueRunHub(queue, resolve(workspace));
    await queue.followAll((jobId, event) => hub.deliver(jobId, event));
    return hub;
  }

  /** A job taken over after a crash starts its run again: its story restarts too (the log's rule). */
  private deliver(runId: string, event: RunEvent): void {
    this.log.emit(runId, event);
  }

  /**
   * Image defaults name files beside the graph file; a worker resolves them against the
   * workspace, so they are rewritten to workspace-relative paths here.
   */
  private withWorkspacePaths(graph: GraphFile, graphPath: string | undefined): GraphFile {
    if (!graphPath) return graph;
    const nodes = { ...graph.nodes };
    for (const [id, node] of Object.entries(nodes)) {
      const given = node.params?.default;
      if (node.type !== 'input.image' || typeof given !== 'string' || given === '' || isAbsolute(given)) continue;
      const inWorkspace = relative(this.workspace, resolve(dirname(graphPath), given))
        .split(sep)
        .join('/');
      nodes[id] = { ...node, params: { ...node.params, default: inWorkspace } };
    }
    return { ...graph, nodes };
  }

  start(graph: GraphFile, options: QueuedRunOptions): string {
    const runId = newRunId();
    this.log.open(runId);
    const text = serializeGraph(this.withWorkspacePaths(graph, options.graphPath));
    const fail = (message: string) =>
      this.deliver(runId, {
        type: 'run.finished',
        runId,
        status: 'failed',
        durationMs: 0,
        outDir: '',
        error: message,
      } as RunEvent);
    this.queue
      .add(
        {
          graph: text,
          graphHash: sha256(text),
          graphName: graph.name,
          inputs: options.inputs ?? {},
          ...(options.only?.length ? { only: options.only } : {}),
          noCache: options.noCache ?? false,
        },
        { id: runId },
      )
      .then(() => this.queue.finished(runId))
      // A job that ends without a run (cancelled while queued, refused by the worker) still ends for the page.
      .then((record) => {
        if (!this.log.isFinished(runId)) fail(record.error ?? `the job ended ${record.state}`);
      })
      .catch((error: Error) => fail(`could not queue the run: ${error.message}`));
    return runId;
  }

  has(runId: string): boolean {
    return this.log.has(runId);
  }

  subscribe(runId: string, listener: (event: RunEvent) => void): () => void {
    return this.log.subscribe(runId, listener);
  }

  cancel(runId: string): boolean {
    if (!this.log.has(runId)) return false;
    this.queue.cancel(runId).catch(() => {});
    return true;
  }

  /** The host is closing: runs on the fleet belong to the fleet and go on. */
  cancelAll(): void {}

  close(): Promise<void> {
    return this.queue.close();
  }
}
