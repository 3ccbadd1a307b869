export { z } from 'zod';
export type { ArtifactKind, ArtifactMeta, ArtifactRef, PendingArtifact } from './artifact.ts';
export { isArtifactRef } from './artifact.ts';
export type { Copy, CopyField, CopyInput, CopyText } from './copy.ts';
export { COPY_FIELDS, copyInputSchema, copySchema } from './copy.ts';
export type {
  ArtifactApi,
  NodeDefinition,
  NodeOutputs,
  NodePack,
  NodeSpec,
  RunContext,
  Usage,
} from './define-node.ts';
export { defineNode } from './define-node.ts';
export { canonicalJson, hashValue, sha256 } from './hash.ts';
export type { NodeErrorLike } from './node-error.ts';
export { isNodeError, NodeError, parseRetryAfter, TransientError } from './node-error.ts';
export type { KeyedEndpoint, KeyedEndpointRequest } from './provider-key.ts';
export { keyedEndpoint } from './provider-key.ts';
export { sleep } from './sleep.ts';
