/**
 * The node's view of its run, what `run(context)` gets: its inputs and params, the signal
 * that stops it, progress and logs that become events, the artifact store (files read only
 * where the run may read, [engine.F1]), the providers' settings and the usage it reports.
 */
import { resolve } from 'node:path';
import type { PendingArtifact, RunContext, Usage } from '@adloom/sdk';
import type { ArtifactStore } from './artifact-store.ts';
import type { ItemRef, RunEvent } from './events.ts';
import type { FileAccess } from './file-access.ts';
import { type Lineage, lineageKey } from './lineage.ts';
import type { PlannedNode } from './plan.ts';
import type { NodeRecord } from './run-folder.ts';

/** What every node of one run shares in its context. */
export interface RunScope {
  runId: string;
  emit: (event: RunEvent) => void;
  store: ArtifactStore;
  files: FileAccess;
  /** Where relative file params resolve from: the graph file's folder, else the working folder. */
  baseDir: string;
  providers: Record<string, unknown>;
}

/** One invocation's context. Files it starts through `createPending` go into `cleanups`. */
export function makeRunContext(
  scope: RunScope,
  node: PlannedNode,
  invocationInputs: Record<string, unknown>,
  signal: AbortSignal,
  item: ItemRef | undefined,
  lineage: Lineage,
  graphInput: unknown,
  record: NodeRecord,
  cleanups: PendingArtifact[],
): RunContext<Record<string, unknown>> {
  const { runId, emit, store, files, baseDir } = scope;
  return {
    nodeId: node.id,
    inputs: invocationInputs,
    params: node.params,
    signal,
    progress: (fraction, message) =>
      emit({ type: 'node.progress', runId, nodeId: node.id, item, progress: Math.min(1, Math.max(0, fraction)), message }),
    artifacts: {
      write: (data, meta) => store.write(data, meta),
      importFile: async (path, meta) => store.importFile(await files.check(resolve(baseDir, path), {}), meta),
      createPending: async (ext) => {
        const pending = await store.createPending(ext);
        // Asked for after a cancel or timeout (by a node that ignores its signal): the cleanup
        // of its attempt has already run, so nothing would remove the file.
        if (signal.aborted) {
          await pending.discard();
          throw signal.reason;
        }
        // Removed once the run settles; a no-op after commit, so a failed or cancelled run
        // leaves no half-written file behind.
        cleanups.push(pending);
        return pending;
      },
    },
    providers: scope.providers,
    log: (message) => emit({ type: 'node.log', runId, nodeId: node.id, message }),
    usage: (usage: Usage) => {
      record.usage ??= [];
      record.usage.push(usage);
    },
    graphInput,
    lineageKey: lineageKey(lineage),
    baseDir,
    readableFile: (path, place) => files.check(resolve(baseDir, path), place),
  };
}
