// What a node pack needs, for packs and tests that import it from the engine: one copy, @adloom/sdk's.
export type {
  ArtifactApi,
  ArtifactKind,
  ArtifactMeta,
  ArtifactRef,
  NodeDefinition,
  NodeOutputs,
  NodePack,
  NodeSpec,
  PendingArtifact,
  RunContext,
  Usage,
} from '@adloom/sdk';
export {
  canonicalJson,
  defineNode,
  hashValue,
  isArtifactRef,
  isNodeError,
  keyedEndpoint,
  NodeError,
  parseRetryAfter,
  sha256,
  sleep,
  TransientError,
} from '@adloom/sdk';
export { ArtifactStore, hashFile } from './artifact-store.ts';
export { writeFileAtomic } from './atomic-write.ts';
export type { ProviderSlot } from './attempt.ts';
export type { CachedOutputs, OutputCacheOptions } from './cache.ts';
export { OutputCache } from './cache.ts';
export type { ItemRef, NodeFailure, NodeStatus, RunEvent, RunStatus } from './events.ts';
export { markInterruptedRuns } from './interrupted-runs.ts';
export type { Item, PortValue } from './invocations.ts';
export type { Lineage } from './lineage.ts';
export { lineageKey, lineageSlug } from './lineage.ts';
export type { PackSources } from './pack-loader.ts';
export { loadPacks, PACK_API_VERSION } from './pack-loader.ts';
export type { PlannedNode } from './plan.ts';
export { planRun } from './plan.ts';
export { isProcessAlive } from './process-alive.ts';
export type { Redactor } from './redact.ts';
export { createRedactor, REDACTED, secretValues } from './redact.ts';
export { NodeRegistry } from './registry.ts';
export type { ReplayedEventRules } from './run-event-log.ts';
export { ReplayedEventLog, RunEventLog } from './run-event-log.ts';
export type { ManifestArtifact, NodeRecord } from './run-folder.ts';
export type { RunOptions, RunResult } from './run-graph.ts';
export { defaultProviderLimits, GraphInvalidError, newRunId, runGraph } from './run-graph.ts';
export { Semaphore } from './semaphore.ts';
