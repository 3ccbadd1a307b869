import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256 } from '@adloom/engine';
import { graphFrom, serializeGraph } from '@adloom/graph';
import { RunQueue } from '@adloom/queue';
import { afterEach, describe, expect, it } from 'vitest';
import { queueKit, until } from './queue-kit.ts';

let kit: Awaited<ReturnType<typeof queueKit>> | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

/** The most spans open at one moment. */
function mostAtOnce(spans: { start: number; end: number }[]): number {
  const edges = spans.flatMap((s) => [
    { at: s.start, step: 1 },
    { at: s.end, step: -1 },
  ]);
  // An end at the same moment as a start comes first: the slot was handed over.
  edges.sort((x, y) => x.at - y.at || x.step - y.step);
  let now = 0;
  let most = 0;
  for (const edge of edges) most = Math.max(most, (now += edge.step));
  return most;
}

describe('the queue under faults', { timeout: 120_000 }, () => {
  it('Redis stopped and restarted mid-run: the worker reconnects and the job finishes once', async () => {
    kit = await queueKit({ persist: true });
    const { redis } = kit;
    const worker = await kit.startWorker('--stall-ms', '10000');
    const graph = await kit.writeGraph('outage', { slow: kit.recordNode('outage', 2_500) });
    expect((await kit.adloom(['enqueue', graph, '--id', 'outage-1'])).code).toBe(0);
    await until(async () => (await kit?.logLines())?.some((l) => l.label === 'outage') ?? false);
    await redis.stop();
    await until(() => worker.out().includes('lost Redis'));
    await redis.start();
    await until(async () => (await kit?.jobOf('outage-1'))?.state === 'completed');
    expect(worker.out()).toContain('Redis is back');
    expect((await kit.logLines()).filter((l) => l.label === 'outage').map((l) => l.kind)).toEqual(['start', 'end']);
    const manifest = JSON.parse(await readFile(join(kit.workspace, 'runs/outage-1/manifest.json'), 'utf8'));
    expect(manifest.status).toBe('succeeded');
    worker.child.kill('SIGTERM');
    expect((await worker.done).code).toBe(0);
  });

  it('a provider limit of 2 holds with 3 workers of concurrency 4', async () => {
    kit = await queueKit();
    const k = kit;
    const workers = await Promise.all([1, 2, 3].map(() => k.startWorker('--concurrency', '4', '--provider-limit', 'testapi=2')));
    // Queued through the library: six `adloom enqueue` processes would cost more than the runs.
    const queue = await RunQueue.open(k.redis.url);
    const ids = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const graph = serializeGraph(
          graphFrom({
            one: ['test.record', { log: k.log, label: `${i}a`, ms: 150, provider: 'testapi' }],
            two: ['test.record', { log: k.log, label: `${i}b`, ms: 150, provider: 'testapi' }],
            local: ['test.record', { log: k.log, label: `${i}l`, ms: 150 }],
          }),
        );
        const { id } = await queue.add({ graph, graphHash: sha256(graph), graphName: 'shared' }, { id: `shared-${i}` });
        return id;
      }),
    );
    const records = await Promise.all(ids.map((id) => queue.finished(id)));
    await queue.close();
    expect(records.map((r) => r.state)).toEqual(Array(6).fill('completed'));
    const lines = await k.logLines();
    const spansOf = (suffix: RegExp) =>
      [...new Set(lines.filter((l) => suffix.test(l.label ?? '')).map((l) => l.label))].map((label) => ({
        start: lines.find((l) => l.kind === 'start' && l.label === label)?.at as number,
        end: lines.find((l) => l.kind === 'end' && l.label === label)?.at as number,
      }));
    const limited = spansOf(/^\d[ab]$/);
    expect(limited).toHaveLength(12);
    expect(mostAtOnce(limited)).toBe(2);
    // Nodes of no provider are not held back: more of them ran at once than the limit.
    expect(mostAtOnce(spansOf(/^\dl$/))).toBeGreaterThan(2);
    expect(new Set(lines.map((l) => l.pid)).size).toBeGreaterThan(1);
    for (const w of workers) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.done));
  });
});
