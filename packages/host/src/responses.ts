/** Which host the editor runs in, and the folder it works on. */
export interface HostInfo {
  kind: 'browser' | 'desktop';
  version: string;
  workspace: string;
}

export interface GraphEntry {
  /** Relative to the workspace (or `examples/...` for bundled examples). */
  path: string;
  name: string;
  description?: string;
  modifiedAt: string;
}

export interface OpenedFile {
  path: string;
  text: string;
  /** For conflict checks on save. */
  modifiedAt: string;
}

export interface SavedFile {
  path: string;
  modifiedAt: string;
}

export interface RecoveryEntry {
  path: string;
  text: string;
  savedAt: string;
}

/** A secret the host can hold: its name, whether it is set, and who asks for it. Never its value. */
export interface SecretStatus {
  name: string;
  isSet: boolean;
  /** What it is for, when a node pack declared it. */
  description?: string;
}

/** How a run on disk ended, or `running` while it goes on. */
export type RunEntryStatus = 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted';

/** One run of the workspace's run folders, as the run history lists it. */
export interface RunEntry {
  runId: string;
  /** The graph's file as the editor names it; absent for an unsaved graph or a file the host cannot name. */
  path?: string;
  graphName: string;
  status: RunEntryStatus;
  startedAt: string;
  finishedAt?: string;
  durationMs?: number;
  /** Nodes that ran and succeeded, failed, or came from the cache; `total` counts every node the run covered. */
  nodes: { ok: number; failed: number; cached: number; total: number };
}

/** The run history: newest first, and the run folders that could not be listed, with why. */
export interface RunList {
  runs: RunEntry[];
  skipped: { runId: string; reason: string }[];
}
