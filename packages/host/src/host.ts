import type { RunEvent } from '@adloom/engine';
import type { Catalog } from '@adloom/graph';
import type { ArtifactRef } from '@adloom/sdk/artifact';
import type { AssistBody, AssistEvent, ConversationEntry } from './assistant.ts';
import type { ListRunsQuery, StartRunBody } from './requests.ts';
import type { GraphEntry, HostInfo, OpenedFile, RecoveryEntry, RunList, SavedFile, SecretStatus } from './responses.ts';
import type { Settings } from './settings.ts';

/** What an artifact URL is made of: the store names a file by its hash, its type by path or mime. */
export type ArtifactLocation = Pick<ArtifactRef, 'path' | 'mime' | 'sha256'>;

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
 * `adloom serve`; the desktop host goes through Electron's preload; both answer from the one
 * host service (`@adloom/host/service`). The editor imports no Node API, no engine and no
 * node implementation: it learns the catalog from here. A failure is a HostError.
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
  /**
   * [host.R1] The runs in the workspace's run folders, newest first (at most 200), optionally
   * only those of one graph file; folders whose manifest cannot be read are listed as skipped.
   */
  listRuns(query?: ListRunsQuery): Promise<RunList>;
  /**
   * Calls `onEvent` for each event of the run, past ones first; returns a function that stops.
   * A past run on disk is told again from its manifest ([host.R2]): its nodes' results, then its end.
   */
  subscribeRun(runId: string, onEvent: (event: RunEvent) => void): () => void;
  cancelRun(runId: string): Promise<void>;
  /** A URL the editor can put in <img>/<video>/<iframe> for an artifact. */
  artifactUrl(artifact: ArtifactLocation): string;
  getSettings(): Promise<Settings>;
  saveSettings(settings: Settings): Promise<Settings>;
  /** The built-in secrets and those the packs declare: names and whether set, never values. */
  listSecrets(): Promise<SecretStatus[]>;
  /** Write-only: a secret goes in and is never read back; an empty value removes it. */
  setSecret(name: string, value: string): Promise<void>;
  /**
   * [host.A1] One assistant turn on the graph as the editor has it. The turn runs on the host
   * (keys never reach the page) and proposes; nothing changes until the editor applies.
   */
  startAssist(body: AssistBody): Promise<{ turnId: string }>;
  /** The turn's events, past ones first; returns a function that stops. An unknown turn is a 404. */
  subscribeAssist(turnId: string, onEvent: (event: AssistEvent) => void): () => void;
  /** Answers the turn's `confirm` event: yes lets its run go ahead, no ends it without running. */
  confirmAssist(turnId: string, approved: boolean): Promise<void>;
  cancelAssist(turnId: string): Promise<void>;
  /** The conversation kept for a graph (its path, or `untitled-<id>`); empty when there is none. */
  readConversation(conversation: string): Promise<ConversationEntry[]>;
  clearConversation(conversation: string): Promise<void>;
  /**
   * The conversation follows its graph to a new name (an untitled graph saved for the first
   * time), after whatever was already kept under that name.
   */
  moveConversation(from: string, to: string): Promise<void>;
  /** Desktop only: commands from the native menu; returns a function that stops listening. */
  onMenuCommand?(listener: (command: HostMenuCommand) => void): () => void;
  /** Desktop only: the editor reports its document whenever the path, title or dirty state changes. */
  reportDocumentState?(state: HostDocumentState): void;
}
