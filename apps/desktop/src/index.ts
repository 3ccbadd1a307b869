// The desktop app's Electron-free parts: what main.ts wires up, and what a host without
// Electron (or a test) can reuse. main.ts and preload.ts are entry points, not exports.
export { APP_ORIGIN, editorUrl, isAppUrl } from './app-origin.ts';
export { createAppProtocolHandler } from './app-protocol.ts';
export type { DocumentState, InvokeChannelName, MenuCommand, PayloadOf, ResultOf } from './channels.ts';
export { invokeChannels, parsePayload } from './channels.ts';
export { ARTIFACT_CSP, contentSecurityPolicy } from './csp.ts';
export type { DesktopHostOptions, InvokeHandlers } from './desktop-host.ts';
export { createInvokeHandlers, desktopHostService } from './desktop-host.ts';
export { installedElectron } from './electron-binary.ts';
export type { EngineProcess, EngineRunRequest, FromEngine, ToEngine } from './engine-protocol.ts';
export { EngineSupervisor } from './engine-protocol.ts';
export { engineRuns } from './engine-runs.ts';
export { forkEngine } from './forked-engine.ts';
export type { IpcAnswer } from './ipc-answer.ts';
export { failureAnswer } from './ipc-answer.ts';
export { answerInvoke } from './ipc-router.ts';
export { externalUrl, navigationDecision, windowOpenDecision } from './navigation-guard.ts';
export { isPermissionGranted } from './permission-policy.ts';
export type { SecretCipher } from './secret-store.ts';
export { SecretStore } from './secret-store.ts';
export { isTrustedSender } from './sender-check.ts';
