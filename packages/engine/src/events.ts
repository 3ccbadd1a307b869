export type RunStatus = 'succeeded' | 'failed' | 'cancelled';
export type NodeStatus = 'succeeded' | 'cached' | 'failed' | 'skipped' | 'cancelled' | 'not-run';

export interface NodeFailure {
  message: string;
  port?: string;
  param?: string;
}

/** Which of a mapped node's runs an event is about. */
export interface ItemRef {
  index: number;
  count: number;
  key: string;
}

/** Everything a run reports, in the order it happens. */
export type RunEvent =
  | { type: 'run.started'; runId: string; graph: string; nodes: string[]; outDir: string }
  | { type: 'node.queued'; runId: string; nodeId: string }
  | { type: 'node.started'; runId: string; nodeId: string; item?: ItemRef; attempt: number }
  | { type: 'node.progress'; runId: string; nodeId: string; item?: ItemRef; progress: number; message?: string }
  | { type: 'node.cached'; runId: string; nodeId: string; item?: ItemRef }
  | { type: 'node.log'; runId: string; nodeId: string; message: string }
  | {
      type: 'node.finished';
      runId: string;
      nodeId: string;
      durationMs: number;
      cached: boolean;
      outputs: Record<string, unknown>;
    }
  | { type: 'node.failed'; runId: string; nodeId: string; error: NodeFailure; attempts: number }
  | { type: 'node.skipped'; runId: string; nodeId: string; reason: string }
  | {
      type: 'run.finished';
      runId: string;
      status: RunStatus;
      durationMs: number;
      outDir: string;
      /** Why a run that could not start, or whose engine stopped under it, failed: in words. */
      error?: string;
    };
