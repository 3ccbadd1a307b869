import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { desktopHarness, runEvents } from './ipc-harness.ts';

// A real engine child: slower than the default timeout allows on a loaded machine.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 120_000 });

const graph = {
  adloom: 1,
  name: 'Greeting',
  nodes: { greet: { type: 'text.template', params: { template: 'Hello, desk!' } } },
  edges: [],
};

let stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops) stop();
  stops = [];
});

describe('the desktop host: the run history, preload to main', () => {
  it('[host.R1] lists the runs on disk over IPC, and reopens one the engine never ran from its run folder', async () => {
    const h = await desktopHarness();
    stops.push(() => h.supervisor.dispose());
    const { host, workspace, relay, windowId } = h;
    await writeFile(join(workspace, 'greeting.adloom.json'), JSON.stringify(graph));
    const { runId } = await host.startRun({ graph, path: 'greeting.adloom.json' });
    expect((await runEvents(host, runId)).at(-1)).toMatchObject({ type: 'run.finished', status: 'succeeded' });

    const list = await host.listRuns({ path: 'greeting.adloom.json' });
    expect(list.runs).toEqual([
      expect.objectContaining({ runId, path: 'greeting.adloom.json', graphName: 'Greeting', status: 'succeeded' }),
    ]);
    expect((await host.listRuns({ path: 'other.adloom.json' })).runs).toEqual([]);

    // A run of an earlier session: its folder is on disk, the engine of this one never ran it.
    const earlier = '20250101-090000-abcdef';
    await cp(join(workspace, 'runs', runId), join(workspace, 'runs', earlier), { recursive: true });
    const events = await runEvents(host, earlier);
    expect(events.map((e) => e.type)).toEqual(['run.started', 'node.finished', 'run.finished']);
    expect(events[1]).toMatchObject({ nodeId: 'greet', outputs: { text: 'Hello, desk!' } });
    expect(relay.countFor(windowId)).toBe(0);
    expect(JSON.parse(await readFile(join(workspace, 'runs', earlier, 'manifest.json'), 'utf8')).runId).toBe(runId);
  });

  it('checks the payload like every channel (400) and answers 404 for a run on no disk', async () => {
    const h = await desktopHarness();
    stops.push(() => h.supervisor.dispose());
    const bad = await h.invoke('runs:list', { limit: 5000 });
    expect(bad).toMatchObject({ ok: false, status: 400 });
    expect(await h.invoke('runs:list')).toEqual({ ok: true, value: { runs: [], skipped: [] } });
    expect(await h.invoke('run:subscribe', { runId: '20250101-090000-none00', subscriptionId: 1 })).toMatchObject({
      ok: false,
      status: 404,
    });
  });
});
