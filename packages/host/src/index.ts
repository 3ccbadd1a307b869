// The Host contract, browser-safe: zod and types only. The Node side is `@adloom/host/service`.
export type { ItemRef, NodeFailure, RunEvent, RunStatus } from '@adloom/engine';
export type { ArtifactKind, ArtifactRef } from '@adloom/sdk/artifact';
export { isArtifactRef } from '@adloom/sdk/artifact';
export type { AssistBody, AssistEvent, AssistStatus, ConversationEntry } from './assistant.ts';
export { assistBody, confirmAssistBody, moveConversationBody } from './assistant.ts';
export type { ArtifactLocation, Host, HostDocumentState, HostMenuCommand } from './host.ts';
export { HostError, isHostError } from './host-error.ts';
export type { ListRunsQuery, RecoveryBody, SaveFileBody, SecretBody, StartRunBody } from './requests.ts';
export {
  listRunsQuery,
  recoveryBody,
  relativePath,
  requestIssues,
  saveFileBody,
  secretBody,
  startRunBody,
} from './requests.ts';
export type {
  GraphEntry,
  HostInfo,
  OpenedFile,
  RecoveryEntry,
  RunEntry,
  RunEntryStatus,
  RunList,
  SavedFile,
  SecretStatus,
} from './responses.ts';
export type { SecretName } from './secret-names.ts';
export { SECRET_NAME, SECRET_NAMES, secretNamesOf } from './secret-names.ts';
export type { Settings } from './settings.ts';
export { settingsSchema } from './settings.ts';
