export type {
  GraphEntry,
  HostInfo,
  OpenedFile,
  RecoveryBody,
  RecoveryEntry,
  SavedFile,
  SaveFileBody,
  SecretStatus,
  Settings,
  StartRunBody,
} from './api.ts';
export {
  ConflictError,
  discardRecovery,
  listGraphFiles,
  openGraphFile,
  readRecovery,
  saveGraphFile,
  writeRecovery,
} from './graph-files.ts';
export type { RunHost, RunStartOptions } from './run-hub.ts';
export { RunHub } from './run-hub.ts';
export type { RunningServer, ServerOptions } from './server.ts';
export { startServer } from './server.ts';
export { OutsideWorkspaceError, resolveInWorkspace } from './workspace-path.ts';
