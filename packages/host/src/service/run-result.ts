import type { NodeRecord, RunEvent, RunResult } from '@adloom/engine';

/**
 * A run's outcome read from its events, as any run backend streams them (this process, a
 * queue worker, the desktop's engine): what the assistant's run tool reads after a host run.
 */
export function runResultOf(runId: string, events: readonly RunEvent[]): RunResult {
  const nodes = new Map<string, NodeRecord>();
  const outputs = new Map<string, Record<string, unknown>>();
  let outDir = '';
  let status: RunResult['status'] = 'failed';
  const record = (id: string) => {
    let found = nodes.get(id);
    if (!found) nodes.set(id, (found = { status: 'not-run', cached: false, durationMs: 0, attempts: 0 }));
    return found;
  };
  for (const event of events) {
    if (event.type === 'run.started') {
      outDir = event.outDir;
      for (const id of event.nodes) record(id);
    } else if (event.type === 'node.finished') {
      Object.assign(record(event.nodeId), {
        status: event.cached ? 'cached' : 'succeeded',
        cached: event.cached,
        durationMs: event.durationMs,
        outputs: event.outputs,
      });
      outputs.set(event.nodeId, event.outputs);
    } else if (event.type === 'node.failed') {
      Object.assign(record(event.nodeId), { status: 'failed', error: event.error, attempts: event.attempts });
    } else if (event.type === 'node.skipped') {
      Object.assign(record(event.nodeId), { status: 'skipped', error: { message: event.reason } });
    } else if (event.type === 'run.finished') {
      status = event.status;
      outDir = event.outDir || outDir;
      // A run that could not start says why in the run's own words.
      if (event.error && nodes.size === 0)
        nodes.set('run', { ...record('run'), status: 'failed', error: { message: event.error } });
    }
  }
  return { runId, status, outDir, outputs, nodes };
}
