import type { RunEvent as HostRunEvent } from '@adloom/host';

export type NodeRunStatus = 'queued' | 'running' | 'cached' | 'done' | 'failed' | 'skipped' | 'cancelled';

/** What one node shows of the current (or last) run. */
export interface NodeRunState {
  status: NodeRunStatus;
  /** 0..1 while running, when the node reports it. */
  progress?: number;
  /** The node's latest progress message or log line. */
  message?: string;
  durationMs?: number;
  /** Port → value, from the node's finish; kept from the last run until the next one replaces it. */
  outputs?: Record<string, unknown>;
  /** Outputs are from an earlier run (this run has not reached the node yet). */
  isStale?: boolean;
  /** The node's fingerprint (see freshness.ts) when the shown outputs were made. */
  madeWith?: string;
  error?: string;
  /** For a node mapped over a list: items done of all. */
  items?: { done: number; count: number };
  itemFractions?: number[];
  /** For a node mapped over a list: each item's lineage key (`split[3]`), by index. */
  itemKeys?: string[];
  /** When this run started the node, in the page's clock (`performance.now()`), for the time left. */
  startedAt?: number;
}

/**
 * `opening`: a past run being told again from its folder (the run history). It is not going on:
 * there is nothing to cancel, and it never reads as running.
 */
export type RunStatus = 'idle' | 'opening' | 'starting' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface RunState {
  runId: string | null;
  status: RunStatus;
  /** The nodes this run covers (all, or what `only` needs). */
  nodeIds: string[];
  nodes: Record<string, NodeRunState>;
  durationMs?: number;
  outDir?: string;
  /** Why the run could not start or ended, in words. */
  error?: string;
  /** Each node's fingerprint when this run was asked for. */
  fingerprints?: Record<string, string>;
}

export const idleRun: RunState = { runId: null, status: 'idle', nodeIds: [], nodes: {} };

export function isRunActive(run: Pick<RunState, 'status'>): boolean {
  return run.status === 'starting' || run.status === 'running';
}

function patchNode(state: RunState, nodeId: string, patch: Partial<NodeRunState>): RunState {
  const previous = state.nodes[nodeId];
  const next: NodeRunState = { ...(previous ?? { status: 'queued' }), ...patch };
  return { ...state, nodes: { ...state.nodes, [nodeId]: next } };
}

/**
 * The run state after one event. Pure, and each event replaces only the node it is about, so
 * only that node's view re-renders.
 */
export function reduceRunEvent(state: RunState, event: HostRunEvent): RunState {
  if (state.runId && event.runId !== state.runId) return state;
  const nodeId = 'nodeId' in event ? event.nodeId : undefined;
  switch (event.type) {
    case 'run.started': {
      const nodeIds = Array.isArray(event.nodes) ? (event.nodes as string[]) : [];
      const nodes: Record<string, NodeRunState> = { ...state.nodes };
      // Nodes of this run start over as queued; their last outputs stay visible, marked stale,
      // so the canvas does not jump while the run fills them in again.
      for (const id of nodeIds) {
        const previous = state.nodes[id];
        nodes[id] = {
          status: 'queued',
          ...(previous?.outputs ? { outputs: previous.outputs, isStale: true, madeWith: previous.madeWith } : {}),
        };
      }
      return {
        ...state,
        runId: event.runId,
        status: 'running',
        nodeIds,
        nodes,
        outDir: typeof event.outDir === 'string' ? event.outDir : undefined,
      };
    }
    case 'node.queued':
      return nodeId ? patchNode(state, nodeId, { status: 'queued' }) : state;
    case 'node.started': {
      if (!nodeId) return state;
      const item = itemOf(event);
      if (!item) return patchNode(state, nodeId, { status: 'running', error: undefined, progress: undefined });
      return withItemFraction(patchNode(state, nodeId, { status: 'running', error: undefined }), nodeId, item, 0, false);
    }
    case 'node.progress': {
      if (!nodeId) return state;
      const raw = typeof event.progress === 'number' ? Math.min(1, Math.max(0, event.progress)) : undefined;
      const message = typeof event.message === 'string' ? event.message : state.nodes[nodeId]?.message;
      const next = patchNode(state, nodeId, { status: 'running', message, ...(raw === undefined ? {} : { progress: raw }) });
      const item = itemOf(event);
      return item && raw !== undefined ? withItemFraction(next, nodeId, item, raw, true) : next;
    }
    case 'node.cached': {
      if (!nodeId) return state;
      const item = itemOf(event);
      if (item) return withItemFraction(state, nodeId, item, 1, true);
      return patchNode(state, nodeId, { status: 'cached' });
    }
    case 'node.log':
      return nodeId && typeof event.message === 'string' ? patchNode(state, nodeId, { message: event.message }) : state;
    case 'node.finished': {
      if (!nodeId) return state;
      const outputs = (event.outputs ?? {}) as Record<string, unknown>;
      return patchNode(state, nodeId, {
        status: event.cached ? 'cached' : 'done',
        progress: undefined,
        durationMs: typeof event.durationMs === 'number' ? event.durationMs : undefined,
        outputs,
        isStale: false,
        madeWith: state.fingerprints?.[nodeId],
        error: undefined,
      });
    }
    case 'node.failed': {
      if (!nodeId) return state;
      const error = event.error as { message?: string } | undefined;
      return patchNode(state, nodeId, {
        status: 'failed',
        progress: undefined,
        error: error?.message ?? 'failed',
        madeWith: state.fingerprints?.[nodeId],
      });
    }
    case 'node.skipped':
      return nodeId
        ? patchNode(state, nodeId, {
            status: 'skipped',
            progress: undefined,
            message: typeof event.reason === 'string' ? event.reason : undefined,
          })
        : state;
    case 'run.finished': {
      const status =
        event.status === 'succeeded' || event.status === 'failed' || event.status === 'cancelled' ? event.status : 'failed';
      const nodes = { ...state.nodes };
      // Nodes the run never reached are not "queued" any more.
      for (const id of state.nodeIds) {
        const node = nodes[id];
        if (node && (node.status === 'queued' || node.status === 'running')) {
          nodes[id] = { ...node, status: status === 'cancelled' ? 'cancelled' : 'skipped', progress: undefined };
        }
      }
      return {
        ...state,
        status,
        nodes,
        durationMs: typeof event.durationMs === 'number' ? event.durationMs : undefined,
        outDir: typeof event.outDir === 'string' ? event.outDir : state.outDir,
        // A host says why a run ended on its own (an engine that crashed, a run that could not start).
        ...(typeof event.error === 'string' ? { error: event.error } : {}),
      };
    }
    default:
      return state;
  }
}

function itemOf(event: HostRunEvent): { index: number; count: number; key?: string } | undefined {
  const item = ('item' in event ? event.item : undefined) as { index?: unknown; count?: unknown; key?: unknown } | undefined;
  if (!item || typeof item.index !== 'number' || typeof item.count !== 'number' || item.count < 1) return undefined;
  return { index: item.index, count: item.count, ...(typeof item.key === 'string' ? { key: item.key } : {}) };
}

/**
 * A mapped node runs its items side by side; its bar shows the mean of their progress, with
 * a cached item counted as done.
 */
function withItemFraction(
  state: RunState,
  nodeId: string,
  item: { index: number; count: number; key?: string },
  fraction: number,
  isUpdate: boolean,
): RunState {
  const previous = state.nodes[nodeId];
  let itemKeys = previous?.itemKeys;
  if (item.key !== undefined && itemKeys?.[item.index] !== item.key) {
    itemKeys = itemKeys?.length === item.count ? [...itemKeys] : new Array<string>(item.count).fill('');
    itemKeys[item.index] = item.key;
  }
  const fractions =
    previous?.itemFractions?.length === item.count ? [...previous.itemFractions] : new Array<number>(item.count).fill(0);
  if (isUpdate || fractions[item.index] === undefined) fractions[item.index] = fraction;
  const done = fractions.filter((f) => f >= 1).length;
  const progress = fractions.reduce((sum, f) => sum + f, 0) / item.count;
  return patchNode(state, nodeId, {
    itemFractions: fractions,
    items: { done, count: item.count },
    progress,
    ...(itemKeys ? { itemKeys } : {}),
  });
}

/** An artifact reference as the engine sends it (see HostArtifact). */
export interface ArtifactLike {
  kind: string;
  path: string;
  mime: string;
  sha256: string;
  width?: number;
  height?: number;
  durationSec?: number;
  provider?: string;
  /** What the node that made it recorded: a fitted image's format (`preset`), its safe zone… */
  meta?: Record<string, unknown>;
  /** Set by the host on a reopened run's file that is gone from the store. */
  isMissing?: boolean;
}

export function isArtifact(value: unknown): value is ArtifactLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ArtifactLike).sha256 === 'string' &&
    typeof (value as ArtifactLike).kind === 'string' &&
    typeof (value as ArtifactLike).path === 'string'
  );
}

export interface RunArtifact {
  nodeId: string;
  port: string;
  /** Where in a list output it sits, e.g. `[2]`. */
  where: string;
  artifact: ArtifactLike;
}

/**
 * Every file the run made, once each, under the node that first produced it: a node passing
 * an image on (a variant that carries it) does not list it again.
 */
export function collectArtifacts(run: RunState): RunArtifact[] {
  const out: RunArtifact[] = [];
  const seen = new Set<string>();
  const ids = run.nodeIds.length ? run.nodeIds : Object.keys(run.nodes);
  for (const nodeId of ids) {
    const outputs = run.nodes[nodeId]?.outputs;
    if (!outputs) continue;
    for (const [port, value] of Object.entries(outputs))
      walk(value, '', (artifact, where) => {
        if (seen.has(artifact.sha256)) return;
        seen.add(artifact.sha256);
        out.push({ nodeId, port, where, artifact });
      });
  }
  return out;
}

function walk(value: unknown, where: string, visit: (artifact: ArtifactLike, where: string) => void, depth = 0): void {
  if (depth > 6) return;
  if (isArtifact(value)) {
    visit(value, where);
    return;
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) walk(item, `${where}[${index}]`, visit, depth + 1);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) walk(item, `${where}.${key}`, visit, depth + 1);
  }
}
