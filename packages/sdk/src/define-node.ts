import type { DynamicPorts, NodeTypeInfo, ParamHint, PortSpec } from '@adloom/graph';
import { z } from 'zod';
import type { ArtifactMeta, ArtifactRef, PendingArtifact } from './artifact.ts';

/** What a node may do with media: store bytes or files and get references back. */
export interface ArtifactApi {
  write(data: Uint8Array, meta: ArtifactMeta): Promise<ArtifactRef>;
  importFile(path: string, meta: ArtifactMeta): Promise<ArtifactRef>;
  /** A path for a tool to write to; removed if the run is cancelled before `commit`. */
  createPending(ext: string): Promise<PendingArtifact>;
}

/** Token use and cost a node reports, summed per node in the manifest. */
export interface Usage {
  provider: string;
  model?: string;
  inputTokens?: number;
  outputTokens?: number;
  images?: number;
  /** US dollars, where the price is known. */
  costUsd?: number;
}

export interface RunContext<P> {
  nodeId: string;
  /** Connected inputs: one value per single input, an array per list input. */
  inputs: Record<string, unknown>;
  params: P;
  /** Aborted on cancel or timeout; pass it to every request and child process. */
  signal: AbortSignal;
  /** Reports how far along the node is, 0..1, with an optional word on what it is doing. */
  progress(fraction: number, message?: string): void;
  artifacts: ArtifactApi;
  /** Host-supplied services (provider clients, settings); node packs agree on their shape. */
  providers: Record<string, unknown>;
  log(message: string): void;
  usage(usage: Usage): void;
  /** For `input.*` nodes: the value the caller set for this input's name, if any. */
  graphInput: unknown;
  /** Which items this run is for when the node maps over a list, e.g. `copy[1]`. */
  lineageKey: string;
  /** The folder the graph file is in, for params that name files relative to it. */
  baseDir: string;
  /**
   * [engine.F1] The absolute path of a file a param or input names (relative to `baseDir`), once the
   * run may read it; a NodeError naming the place when it lies outside the folders a host
   * run may read. Every file a node opens by a name from the graph goes through here.
   */
  readableFile(path: string, place: { param?: string; port?: string }): Promise<string>;
}

export type NodeOutputs = Record<string, unknown>;

export interface NodeSpec<S extends z.ZodObject> {
  type: string;
  version: number;
  title: string;
  category: string;
  description: string;
  inputs?: PortSpec[];
  outputs: PortSpec[];
  params: S;
  paramHints?: Record<string, ParamHint>;
  dynamicInputs?: DynamicPorts;
  /** Same params and inputs give the same outputs (default). False: never served from cache. */
  deterministic?: boolean;
  isGraphInput?: boolean;
  /** The provider a run talks to, for per-provider concurrency limits. */
  provider?: (params: z.infer<S>) => string | undefined;
  /** Longest a single run may take (default 10 minutes). */
  timeoutMs?: number;
  /** Attempts for transient errors, the first included (default 4). */
  maxAttempts?: number;
  run(context: RunContext<z.infer<S>>): Promise<NodeOutputs> | NodeOutputs;
}

export interface NodeDefinition<S extends z.ZodObject = z.ZodObject> extends NodeSpec<S> {
  readonly info: NodeTypeInfo;
}

/** Declares a node type: its pure definition (for the catalog) and its implementation. */
export function defineNode<S extends z.ZodObject>(spec: NodeSpec<S>): NodeDefinition<S> {
  const jsonSchema = z.toJSONSchema(spec.params, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete jsonSchema.$schema;
  const info: NodeTypeInfo = {
    type: spec.type,
    version: spec.version,
    title: spec.title,
    category: spec.category,
    description: spec.description,
    inputs: spec.inputs ?? [],
    outputs: spec.outputs,
    ...(spec.dynamicInputs ? { dynamicInputs: spec.dynamicInputs } : {}),
    params: jsonSchema,
    paramHints: spec.paramHints ?? {},
    deterministic: spec.deterministic ?? true,
    ...(spec.isGraphInput ? { isGraphInput: true } : {}),
  };
  return { ...spec, info };
}

/** A node pack: a named set of node types, what a pack module exports as `pack`. */
export interface NodePack {
  name: string;
  nodes: NodeDefinition[];
  /**
   * The secrets its providers read from `providers.env`, by environment variable name
   * (`/^[A-Z][A-Z0-9_]*$/`): the host's secret store offers them, write-only, beside its own.
   */
  secrets?: { name: string; description?: string }[];
}
