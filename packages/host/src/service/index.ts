// The Node side of @adloom/host: the host service and its parts. Never imported by the editor.

export {
  ConflictError,
  discardRecovery,
  listGraphFiles,
  openGraphFile,
  readRecovery,
  recoveryPath,
  saveGraphFile,
  writeRecovery,
} from './graph-files.ts';
export type { GraphSummary } from './graph-summary.ts';
export { readFileStart, SUMMARY_READ_BYTES, summarizeGraphText } from './graph-summary.ts';
export type { HostServiceOptions } from './host-service.ts';
export { HostService } from './host-service.ts';
export type { RunCheckAnswer } from './run-check.ts';
export { RunChecker } from './run-check.ts';
export type { RunHost, RunStartOptions } from './run-hub.ts';
export { RunHub } from './run-hub.ts';
export { checkRunRequest } from './run-request-check.ts';
export type { SecretStorage } from './secret-storage.ts';
export { MemorySecrets } from './secret-storage.ts';
export { settingsEnv } from './settings-env.ts';
export type { SettingsStorage } from './settings-file.ts';
export { SettingsFile } from './settings-file.ts';
export { OutsideWorkspaceError, resolveInWorkspace } from './workspace-path.ts';
export type { RecoveryLocation } from './workspace-paths.ts';
export { WorkspacePaths } from './workspace-paths.ts';
