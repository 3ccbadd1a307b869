import type { RunHost } from '@adloom/host/service';
import type { EngineSupervisor } from './engine-protocol.ts';

/**
 * The desktop's run backend for the host service: runs go to the engine process, each with
 * its own environment (the secrets, decrypted in main for that run only).
 */
export function engineRuns(engine: Pick<EngineSupervisor, 'start' | 'has' | 'subscribe' | 'cancel'>): RunHost {
  return {
    start: (graph, options) =>
      engine.start(
        {
          graph,
          graphPath: options.graphPath,
          inputs: options.inputs,
          only: options.only,
          noCache: options.noCache,
          readFolders: options.readFolders,
        },
        options.env ?? {},
      ),
    has: (runId) => engine.has(runId),
    subscribe: (runId, listener) => engine.subscribe(runId, listener),
    cancel: (runId) => engine.cancel(runId),
    // The engine process outlives a window; main disposes of it when the app quits.
    cancelAll: () => {},
  };
}
