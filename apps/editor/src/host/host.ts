import type { Catalog } from '@adloom/graph';
import type {
  GraphEntry,
  HostInfo,
  OpenedFile,
  RecoveryEntry,
  SavedFile,
  SecretStatus,
  Settings,
  StartRunBody,
} from '@adloom/server/api';

/** An event of a run, as the engine emits it (see packages/engine/src/events.ts). */
export interface HostRunEvent {
  type: string;
  runId: string;
  nodeId?: string;
  [key: string]: unknown;
}

/** A media value as it reaches the editor: an artifact reference from the engine. */
export interface HostArtifact {
  kind: string;
  path: string;
  mime: string;
  sha256: string;
  width?: number;
  height?: number;
  durationSec?: number;
}

/** A command chosen in the desktop app's native menu: the id of one of the editor's commands. */
export interface HostMenuCommand {
  id: string;
  /** For `saveAs` after the native save dialog: where to save (relative to the workspace, or absolute). */
  path?: string;
}

/** What the desktop shell needs to know of a window's document: title, unsaved-changes prompt, recent documents. */
export interface HostDocumentState {
  /** The file's path as the host named it; null while untitled. */
  path: string | null;
  title: string;
  isDirty: boolean;
}

/**
 * Everything the editor asks of the place it runs in. The browser host speaks HTTP + SSE to
 * `adloom serve`; the desktop host goes through Electron's preload. The editor imports no
 * Node API, no engine and no node implementation: it learns the catalog from here.
 */
export interface Host {
  info(): Promise<HostInfo>;
  catalog(): Promise<Catalog>;
  listGraphs(): Promise<GraphEntry[]>;
  listExamples(): Promise<GraphEntry[]>;
  openFile(path: string): Promise<OpenedFile>;
  saveFile(path: string, text: string, options?: { expectedModifiedAt?: string; force?: boolean }): Promise<SavedFile>;
  readRecovery(path: string): Promise<RecoveryEntry | null>;
  writeRecovery(path: string, text: string): Promise<void>;
  discardRecovery(path: string): Promise<void>;
  startRun(body: StartRunBody): Promise<{ runId: string }>;
  /** Calls `onEvent` for each event of the run, past ones first; returns a function that stops. */
  subscribeRun(runId: string, onEvent: (event: HostRunEvent) => void): () => void;
  cancelRun(runId: string): Promise<void>;
  /** A URL the editor can put in <img>/<video>/<iframe> for an artifact. */
  artifactUrl(artifact: HostArtifact): string;
  getSettings(): Promise<Settings>;
  saveSettings(settings: Settings): Promise<Settings>;
  listSecrets(): Promise<SecretStatus[]>;
  /** Write-only: a secret goes in and is never read back. */
  setSecret(name: SecretStatus['name'], value: string): Promise<void>;
  /** Desktop only: commands from the native menu; returns a function that stops listening. */
  onMenuCommand?(listener: (command: HostMenuCommand) => void): () => void;
  /** Desktop only: the editor reports its document whenever the path, title or dirty state changes. */
  reportDocumentState?(state: HostDocumentState): void;
}

/** A failure the host reports, with the HTTP-like status that says what kind. */
export class HostError extends Error {
  readonly status: number;

  constructor(message: string, status: number) {
    super(message);
    this.name = 'HostError';
    this.status = status;
  }
}
