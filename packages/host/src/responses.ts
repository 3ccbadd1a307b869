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
