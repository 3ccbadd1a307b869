import type { RunEvent as HostRunEvent } from '@adloom/host';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { idleRun, type RunState, reduceRunEvent } from './run-state.ts';

export interface RunActions {
  /** A run was asked for; its id comes when the host answers. */
  starting(nodeIds: string[], fingerprints?: Record<string, string>): void;
  started(runId: string): void;
  failedToStart(message: string): void;
  receive(event: HostRunEvent): void;
  /** Forget the results of runs (a new document was opened). */
  reset(): void;
}

export type RunStore = StoreApi<RunState & RunActions>;

export function createRunStore(now: () => number = () => performance.now()): RunStore {
  return createStore<RunState & RunActions>()((set, get) => ({
    ...idleRun,
    starting(nodeIds, fingerprints) {
      set({ status: 'starting', runId: null, error: undefined, nodeIds, durationMs: undefined, fingerprints });
    },
    started(runId) {
      set({ runId, status: 'running' });
    },
    failedToStart(message) {
      set({ status: 'failed', error: message });
    },
    receive(event) {
      const state = get();
      let next = reduceRunEvent(state, event);
      // The clock stays out of the reducer: the store notes when a node began, for its time left.
      const nodeId = 'nodeId' in event && typeof event.nodeId === 'string' ? event.nodeId : undefined;
      const node = nodeId ? next.nodes[nodeId] : undefined;
      if (nodeId && node && event.type === 'node.started' && node.startedAt === undefined) {
        next = { ...next, nodes: { ...next.nodes, [nodeId]: { ...node, startedAt: now() } } };
      }
      if (next !== state) set(next);
    },
    reset() {
      set({ ...idleRun });
    },
  }));
}
