import type { RunEvent } from '@adloom/host';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EngineSupervisor } from '../src/engine-protocol.ts';
import { engineEnv, eventsOf, forkedSupervisor, graphOf, greeting, tempWorkspace } from './engine-harness.ts';

// Real child processes: slower than the default timeout allows on a loaded machine.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 120_000 });

// The engine child is real: src/engine-child.ts forked under Node, loading the built-in packs
// and the test pack, exactly the module Electron's utilityProcess starts.

let supervisors: EngineSupervisor[] = [];
afterEach(() => {
  for (const supervisor of supervisors) supervisor.dispose();
  supervisors = [];
});

async function setUp(env?: NodeJS.ProcessEnv) {
  const workspace = await tempWorkspace();
  const engine = forkedSupervisor(workspace, env ? { env } : {});
  supervisors.push(engine.supervisor);
  return { workspace, ...engine };
}

const finished = (events: RunEvent[]) => events.at(-1) as Extract<RunEvent, { type: 'run.finished' }> & { error?: string };

describe('the engine in its own process', () => {
  it('[desktop.E1] lists the packs’ catalog and runs a graph, streaming its events', async () => {
    const { supervisor } = await setUp();
    const catalog = await supervisor.catalog();
    expect(Object.keys(catalog.nodes)).toEqual(expect.arrayContaining(['text.template', 'image.generate', 'test.crash']));
    const runId = await supervisor.start({ graph: greeting() }, {});
    const events = await eventsOf(supervisor, runId);
    expect(events[0]?.type).toBe('run.started');
    expect(events.find((e) => e.type === 'node.finished' && e.nodeId === 'greet')).toMatchObject({
      outputs: { text: 'Hello, world!' },
    });
    expect(finished(events)).toMatchObject({ type: 'run.finished', status: 'succeeded' });
    // A late subscriber gets the whole run replayed.
    expect(await eventsOf(supervisor, runId)).toEqual(events);
  });

  it('[desktop.E2] a node that ends the process fails the run with the reason in words; the next run starts a new engine', async () => {
    const { supervisor } = await setUp();
    const runId = await supervisor.start(
      { graph: graphOf({ boom: { type: 'test.crash', params: { how: 'exit', code: 3 } } }) },
      {},
    );
    const events = await eventsOf(supervisor, runId);
    expect(events.find((e) => e.type === 'node.failed')).toMatchObject({
      nodeId: 'boom',
      error: { message: 'the engine process stopped while this node was running (exit code 3)' },
    });
    expect(finished(events)).toMatchObject({ status: 'failed' });
    expect(finished(events).error).toBe(
      'The engine stopped unexpectedly (exit code 3) while running "boom". The graph is unchanged; the next run starts a new engine.',
    );
    expect(supervisor.spawnCount).toBe(1);

    const next = await supervisor.start({ graph: greeting() }, {});
    expect(finished(await eventsOf(supervisor, next)).status).toBe('succeeded');
    expect(supervisor.spawnCount).toBe(2);
  });

  it('[desktop.E3] a node that throws where nothing catches it (a timer) is reported the same way', async () => {
    const { supervisor } = await setUp();
    const runId = await supervisor.start({ graph: graphOf({ boom: { type: 'test.crash', params: { how: 'throw' } } }) }, {});
    const end = finished(await eventsOf(supervisor, runId));
    expect(end.status).toBe('failed');
    expect(end.error).toMatch(/^The engine stopped unexpectedly \(exit code 1\) while running "boom"/);
  });

  it('[desktop.E4] a long job is cancelled in the engine without taking it down', async () => {
    const { supervisor } = await setUp();
    const runId = await supervisor.start({ graph: graphOf({ wait: { type: 'test.slow', params: { ms: 60_000 } } }) }, {});
    const events = eventsOf(supervisor, runId);
    await new Promise<void>((started) =>
      supervisor.subscribe(runId, (e) => {
        if (e.type === 'node.started') started();
      }),
    );
    expect(supervisor.cancel(runId)).toBe(true);
    expect(finished(await events).status).toBe('cancelled');
    expect(supervisor.cancel('no-such-run')).toBe(false);
    const next = await supervisor.start({ graph: greeting() }, {});
    expect(finished(await eventsOf(supervisor, next)).status).toBe('succeeded');
    expect(supervisor.spawnCount).toBe(1);
  });

  it('[desktop.E5] an engine killed from outside mid-run ends the run as failed, naming the running node', async () => {
    const { supervisor, processes } = await setUp();
    const runId = await supervisor.start({ graph: graphOf({ encode: { type: 'test.slow', params: { ms: 60_000 } } }) }, {});
    const events = eventsOf(supervisor, runId);
    await new Promise<void>((started) =>
      supervisor.subscribe(runId, (e) => {
        if (e.type === 'node.started') started();
      }),
    );
    processes[0]?.kill();
    const end = finished(await events);
    expect(end.status).toBe('failed');
    expect(end.error).toContain('(it was killed) while running "encode"');
  });

  it('[desktop.E6] a pack that cannot load is reported in the catalog, and the other packs still run', async () => {
    const { supervisor } = await setUp(engineEnv({ ADLOOM_PACKS: 'file:///nonexistent/adloom-pack.ts' }));
    const catalog = await supervisor.catalog();
    expect(catalog.nodes['text.template']).toBeDefined();
    expect(catalog.packs?.find((p) => p.origin === 'ADLOOM_PACKS')).toMatchObject({
      name: '/nonexistent/adloom-pack.ts',
      nodeTypes: [],
      error: expect.stringContaining('nonexistent'),
    });
    const events = eventsOf(supervisor, await supervisor.start({ graph: greeting() }, {}));
    expect(finished(await events).status).toBe('succeeded');
    expect(supervisor.spawnCount).toBe(1);
  });
});
