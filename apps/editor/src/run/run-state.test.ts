import { describe, expect, it } from 'vitest';
import { collectArtifacts, idleRun, type RunState, reduceRunEvent } from './run-state.ts';

const run = (events: Record<string, unknown>[], from: RunState = idleRun) =>
  events.reduce<RunState>((state, event) => reduceRunEvent(state, { runId: 'r1', ...event } as never), from);

const image = { kind: 'image', path: '/w/.adloom/artifacts/ab.png', mime: 'image/png', sha256: 'ab', width: 64, height: 64 };

describe('run state', () => {
  it('[editor.R1] follows a node from queued to running with progress to done with its time and outputs', () => {
    let state = run([{ type: 'run.started', nodes: ['a', 'b'], outDir: '/w/runs/r1' }]);
    expect(state.status).toBe('running');
    expect(state.nodes.a?.status).toBe('queued');
    state = run(
      [
        { type: 'node.started', nodeId: 'a', attempt: 1 },
        { type: 'node.progress', nodeId: 'a', progress: 0.5, message: 'half' },
      ],
      state,
    );
    expect(state.nodes.a).toMatchObject({ status: 'running', progress: 0.5, message: 'half' });
    const before = state.nodes.b;
    state = run([{ type: 'node.finished', nodeId: 'a', durationMs: 12, cached: false, outputs: { text: 'hi' } }], state);
    expect(state.nodes.a).toMatchObject({ status: 'done', durationMs: 12, outputs: { text: 'hi' } });
    // Other nodes keep their object, so their views do not re-render.
    expect(state.nodes.b).toBe(before);
  });

  it('[editor.R2] shows cached, failed with the message, skipped, and what a cancel left', () => {
    const state = run([
      { type: 'run.started', nodes: ['a', 'b', 'c', 'd'], outDir: '/o' },
      { type: 'node.cached', nodeId: 'a' },
      { type: 'node.finished', nodeId: 'a', durationMs: 0, cached: true, outputs: {} },
      { type: 'node.failed', nodeId: 'b', error: { message: 'the model said no' }, attempts: 1 },
      { type: 'node.skipped', nodeId: 'c', reason: 'skipped: "b" failed' },
      { type: 'run.finished', status: 'failed', durationMs: 30, outDir: '/o' },
    ]);
    expect(state.nodes.a?.status).toBe('cached');
    expect(state.nodes.b).toMatchObject({ status: 'failed', error: 'the model said no' });
    expect(state.nodes.c?.status).toBe('skipped');
    expect(state.nodes.d?.status).toBe('skipped');
    expect(state.status).toBe('failed');
  });

  it('shows why a run ended on its own when the host says (the engine process died)', () => {
    const state = run([
      { type: 'run.started', nodes: ['a'], outDir: '/o' },
      { type: 'node.started', nodeId: 'a', attempt: 1 },
      { type: 'run.finished', status: 'failed', durationMs: 9, outDir: '/o', error: 'the engine process stopped (exit code 1)' },
    ]);
    expect(state.status).toBe('failed');
    expect(state.error).toBe('the engine process stopped (exit code 1)');
    expect(state.nodes.a?.status).toBe('skipped');
  });

  it('[editor.R3] keeps the last outputs, marked stale, while a new run gets to the node', () => {
    const first = run([
      { type: 'run.started', nodes: ['a'], outDir: '/o' },
      { type: 'node.finished', nodeId: 'a', durationMs: 3, cached: false, outputs: { text: 'old' } },
      { type: 'run.finished', status: 'succeeded', durationMs: 5, outDir: '/o' },
    ]);
    const second = reduceRunEvent(
      { ...first, runId: null, status: 'starting' },
      {
        type: 'run.started',
        runId: 'r2',
        graph: 'g',
        nodes: ['a'],
        outDir: '/o2',
      },
    );
    expect(second.nodes.a).toMatchObject({ status: 'queued', outputs: { text: 'old' }, isStale: true });
    // Events of another run are ignored.
    expect(reduceRunEvent(second, { type: 'node.failed', runId: 'r1', nodeId: 'a', error: { message: 'x' }, attempts: 1 })).toBe(
      second,
    );
  });

  it('[editor.R4] a mapped node shows the share of its items done', () => {
    const state = run([
      { type: 'run.started', nodes: ['m'], outDir: '/o' },
      { type: 'node.started', nodeId: 'm', item: { index: 0, count: 4, key: 'a[0]' }, attempt: 1 },
      { type: 'node.cached', nodeId: 'm', item: { index: 1, count: 4, key: 'a[1]' } },
      { type: 'node.progress', nodeId: 'm', item: { index: 0, count: 4, key: 'a[0]' }, progress: 1 },
    ]);
    expect(state.nodes.m?.items).toEqual({ done: 2, count: 4 });
    expect(state.nodes.m?.progress).toBe(0.5);
  });

  it('[editor.R5] lists every artifact of the run with its node, port and place in a list', () => {
    const state = run([
      { type: 'run.started', nodes: ['img', 'txt', 'split'], outDir: '/o' },
      {
        type: 'node.finished',
        nodeId: 'img',
        durationMs: 1,
        cached: false,
        outputs: { images: [image, { ...image, sha256: 'cd' }] },
      },
      { type: 'node.finished', nodeId: 'txt', durationMs: 1, cached: false, outputs: { text: 'no files' } },
      // A node that passes an image on does not list it again.
      { type: 'node.finished', nodeId: 'split', durationMs: 1, cached: false, outputs: { variants: [{ image }] } },
    ]);
    expect(collectArtifacts(state).map((a) => `${a.nodeId}.${a.port}${a.where} ${a.artifact.sha256}`)).toEqual([
      'img.images[0] ab',
      'img.images[1] cd',
    ]);
  });
});
