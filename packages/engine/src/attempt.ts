/**
 * One invocation of a node, served from the cache or run for real, attempt after attempt.
 * An attempt holds its provider's slot, the fleet's slot and a run slot, has a time limit,
 * and its outputs are checked ([engine.F2]: no file reference it did not make); a transient error is
 * retried after a backoff (or the provider's Retry-After), a cancel ends it at once.
 */
import type { PendingArtifact } from '@adloom/sdk';
import { canonicalJson, isArtifactRef, isNodeError, NodeError, sha256, sleep } from '@adloom/sdk';
import type { ArtifactStore } from './artifact-store.ts';
import type { OutputCache } from './cache.ts';
import type { Invocation } from './invocations.ts';
import type { PlannedNode } from './plan.ts';
import { makeRunContext, type RunScope } from './run-context.ts';
import type { NodeRecord } from './run-folder.ts';
import type { Semaphore } from './semaphore.ts';

/** A provider slot kept outside the run; `acquire` rejects when the signal aborts. */
export interface ProviderSlot {
  acquire(signal: AbortSignal): Promise<void>;
  release(): void;
}

/** The run was cancelled, or a sibling item failed: the invocation stops without a failure of its own. */
export class Cancelled extends Error {}

/** What every invocation of one run shares: its context, cache, slots, limits and backoff. */
export interface AttemptScope extends RunScope {
  cache: OutputCache | undefined;
  /** The values of the graph's inputs, by name. */
  graphInputs: Record<string, unknown>;
  slots: Semaphore;
  providerSlots: Map<string, Semaphore>;
  sharedSlot?: (provider: string) => ProviderSlot | undefined;
  nodeTimeoutMs?: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * [engine.F2] The first artifact-like value in a node's outputs that is not one of the store's own
 * files: an input or a graph value dressed up as a reference to `/home/me/notes.txt`.
 */
function foreignRef(value: unknown, store: ArtifactStore): { path: string } | undefined {
  const stack = [value];
  while (stack.length) {
    const item = stack.pop();
    if (!item || typeof item !== 'object') continue;
    if (isArtifactRef(item)) {
      const ref = item as unknown as { path: string; sha256: string };
      if (!store.owns(ref)) return ref;
      continue;
    }
    for (const child of Array.isArray(item) ? item : Object.values(item)) stack.push(child);
  }
  return undefined;
}

/** Runs one invocation of a node: from the cache, or for real with retries and a timeout. */
export async function invoke(
  scope: AttemptScope,
  node: PlannedNode,
  invocation: Invocation,
  nodeSignal: AbortSignal,
  record: NodeRecord,
): Promise<{ outputs: Record<string, unknown>; cached: boolean }> {
  const { runId, emit, cache, store, slots } = scope;
  const { inputs: invocationInputs, inputHash, lineage, item } = invocation;
  const { def } = node;
  const graphInput = def.isGraphInput ? scope.graphInputs[node.params.name as string] : undefined;
  const key =
    cache && def.deterministic !== false
      ? sha256(`${def.type}\n${def.version}\n${canonicalJson(node.params)}\n${inputHash}\n${canonicalJson(graphInput)}`)
      : undefined;
  if (key && cache) {
    const hit =
      cache.peek(key) ?? (await cache.get(key, (message) => emit({ type: 'node.log', runId, nodeId: node.id, message })));
    if (hit) {
      emit({ type: 'node.cached', runId, nodeId: node.id, item });
      return { outputs: hit, cached: true };
    }
  }
  const maxAttempts = def.maxAttempts ?? 4;
  const limiter = node.provider ? scope.providerSlots.get(node.provider) : undefined;
  const shared = node.provider ? scope.sharedSlot?.(node.provider) : undefined;
  for (let attempt = 1; ; attempt++) {
    if (nodeSignal.aborted) throw new Cancelled();
    // The provider's slot first: a node queued behind a busy provider must not sit on a run
    // slot that a node of another provider could use.
    const waitProvider = limiter?.acquire();
    if (waitProvider) await waitProvider;
    if (shared) {
      try {
        await shared.acquire(nodeSignal);
      } catch (error) {
        limiter?.release();
        if (nodeSignal.aborted) throw new Cancelled();
        throw error;
      }
    }
    const waitSlot = slots.acquire();
    if (waitSlot) await waitSlot;
    // Called off while it waited (the run was cancelled, a sibling item failed): pass the slots on.
    if (nodeSignal.aborted) {
      slots.release();
      shared?.release();
      limiter?.release();
      throw new Cancelled();
    }
    record.attempts++;
    const controller = new AbortController();
    const timeoutMs = scope.nodeTimeoutMs ?? def.timeoutMs ?? 600_000;
    const timer = setTimeout(
      () => controller.abort(new NodeError(`took longer than its ${timeoutMs / 1000} s time limit`)),
      timeoutMs,
    );
    const onAbort = () => controller.abort(new Cancelled());
    nodeSignal.addEventListener('abort', onAbort, { once: true });
    // After the listener: whoever hears this event may cancel the run right away.
    emit({ type: 'node.started', runId, nodeId: node.id, item, attempt });
    const cleanups: PendingArtifact[] = [];
    let outcome: { outputs: Record<string, unknown> } | { error: unknown };
    try {
      const context = makeRunContext(
        scope,
        node,
        invocationInputs,
        controller.signal,
        item,
        lineage,
        graphInput,
        record,
        cleanups,
      );
      const outputs = await new Promise<Record<string, unknown>>((resolveRun, rejectRun) => {
        if (controller.signal.aborted) return rejectRun(controller.signal.reason);
        // Settle on abort even when a node ignores its signal: Ctrl-C stops at once.
        controller.signal.addEventListener('abort', () => rejectRun(controller.signal.reason), { once: true });
        Promise.resolve()
          // Aborted between the start and this turn (a sibling failed): do not run at all.
          .then(() => (controller.signal.aborted ? Promise.reject(controller.signal.reason) : def.run(context)))
          .then(resolveRun, rejectRun);
      });
      for (const port of def.outputs) {
        const value = outputs[port.name];
        if (value === undefined) throw new NodeError(`produced no value for its output "${port.name}"`, { port: port.name });
        if (port.list && !Array.isArray(value)) throw new NodeError(`output "${port.name}" must be a list`, { port: port.name });
        const foreign = foreignRef(value, store);
        if (foreign) {
          throw new NodeError(
            `output "${port.name}" holds a file reference this run did not make (${foreign.path}); a value from a graph file or an input can never name a file: read files with an input node`,
            { port: port.name },
          );
        }
      }
      outcome = { outputs };
    } catch (error) {
      outcome = { error };
    } finally {
      clearTimeout(timer);
      nodeSignal.removeEventListener('abort', onAbort);
      slots.release();
      shared?.release();
      limiter?.release();
      if (cleanups.length) await Promise.all(cleanups.map((p) => p.discard()));
    }
    if ('outputs' in outcome) {
      if (key && cache) cache.set(key, outcome.outputs);
      return { outputs: outcome.outputs, cached: false };
    }
    const { error } = outcome;
    if (error instanceof Cancelled || nodeSignal.aborted) throw new Cancelled();
    const transient = isNodeError(error) && error.transient;
    if (!transient) throw error;
    if (attempt >= maxAttempts) {
      throw new NodeError(`${error.message} (gave up after ${attempt} attempts)`, { port: error.port, param: error.param });
    }
    const delay =
      error.retryAfterMs !== undefined
        ? error.retryAfterMs * (1 + Math.random() * 0.1)
        : Math.min(scope.maxDelayMs, scope.baseDelayMs * 2 ** (attempt - 1)) * (0.5 + Math.random() * 0.5);
    emit({
      type: 'node.progress',
      runId,
      nodeId: node.id,
      item,
      progress: 0,
      message: `${error.message}; retrying in ${(delay / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${maxAttempts})`,
    });
    await sleep(delay, nodeSignal).catch(() => {
      throw new Cancelled();
    });
  }
}
