import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../src/index.ts';
import { graphOf, listFiles, makeTestKit, makeWorkDir, wait } from './test-kit.ts';

/** Aborts once every listed node has started. */
function abortWhenStarted(controller: AbortController, nodeIds: string[]) {
  const waiting = new Set(nodeIds);
  return (event: RunEvent) => {
    if (event.type === 'node.started') waiting.delete(event.nodeId);
    if (waiting.size === 0 && !controller.signal.aborted) controller.abort();
  };
}

describe('cancellation', () => {
  it('stops at once even when a node ignores its signal, and says the run was cancelled', async () => {
    const kit = makeTestKit();
    const controller = new AbortController();
    const graph = graphOf(
      {
        stubborn: ['test.delay', { ms: 5_000, ignoreSignal: true }],
        polite: ['test.delay', { ms: 5_000 }],
        after: ['test.counter'],
      },
      ['stubborn.out -> after.in'],
    );
    const t0 = performance.now();
    const result = await kit.run(graph, await makeWorkDir(), {
      signal: controller.signal,
      onEvent: abortWhenStarted(controller, ['stubborn', 'polite']),
    });
    expect(performance.now() - t0).toBeLessThan(2_000);
    expect(result.status).toBe('cancelled');
    expect(result.events.at(-1)).toMatchObject({ type: 'run.finished', status: 'cancelled' });
    // The manifest on disk is whole JSON and says what happened to each node.
    const manifest = JSON.parse(await readFile(join(result.outDir, 'manifest.json'), 'utf8'));
    expect(manifest.status).toBe('cancelled');
    expect(manifest.nodes.stubborn.status).toBe('cancelled');
    expect(manifest.nodes.polite.status).toBe('cancelled');
    expect(manifest.nodes.after.status).toBe('not-run');
    expect(kit.calls).not.toContain('after');
  });

  it.each([
    ['while they write', 'node.progress'],
    ['before they ask for a file', 'node.started'],
  ] as const)('leaves no half-written file from createPending in the store when cancelled %s', async (_, when) => {
    const kit = makeTestKit();
    const workDir = await makeWorkDir();
    const controller = new AbortController();
    const graph = graphOf({
      video: ['test.pending', { ms: 5_000 }],
      stubborn: ['test.pending', { ms: 5_000, ignoreSignal: true }],
    });
    const heard = new Set<string>();
    const result = await kit.run(graph, workDir, {
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === when) heard.add(event.nodeId);
        if (heard.size === 2) controller.abort();
      },
    });
    expect(result.status).toBe('cancelled');
    expect(await listFiles(join(workDir, '.adloom', 'artifacts', 'tmp'))).toEqual([]);
    expect(await listFiles(result.outDir)).toEqual(['manifest.json']);
  });

  it('cancels a run whose signal is already aborted without running anything', async () => {
    const kit = makeTestKit();
    const controller = new AbortController();
    controller.abort();
    const graph = graphOf({ a: ['test.counter'], b: ['test.counter'] }, ['a.out -> b.in']);
    const result = await kit.run(graph, await makeWorkDir(), { signal: controller.signal });
    expect(result.status).toBe('cancelled');
    expect(kit.calls).toEqual([]);
    expect(result.manifest.status).toBe('cancelled');
  });

  it('starts nothing new after the abort, and sends no event after run.finished', async () => {
    const kit = makeTestKit();
    const controller = new AbortController();
    const graph = graphOf(
      { copy: ['test.list', { items: [1, 2, 3, 4, 5, 6] }], ad: ['test.delay', { ms: 100, ignoreSignal: true }] },
      ['copy.items -> ad.in'],
    );
    const result = await kit.run(graph, await makeWorkDir(), {
      concurrency: 2,
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'node.started' && event.nodeId === 'ad') controller.abort();
      },
    });
    const eventsAtReturn = result.events.length;
    // Long enough for the items that ignored the abort to finish and report.
    await wait(200);
    expect(result.status).toBe('cancelled');
    expect(result.events).toHaveLength(eventsAtReturn);
    expect(result.events.at(-1)?.type).toBe('run.finished');
    // One item started the abort; the rest, waiting for slots, never start.
    expect(kit.calls.filter((c) => c.startsWith('ad')).length).toBeLessThanOrEqual(2);
  });
});
