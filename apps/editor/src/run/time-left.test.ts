import { describe, expect, it } from 'vitest';
import { createRunStore } from './run-store.ts';
import { timeLeft } from './time-left.ts';

describe('time left on a running node', () => {
  it('is worked out from the time so far and the progress, and says nothing before 5 %', () => {
    expect(timeLeft({ progress: 0.25, startedAt: 0 }, 10_000)).toBe('about 30 s left');
    expect(timeLeft({ progress: 0.5, startedAt: 0 }, 120_000)).toBe('about 2 min left');
    expect(timeLeft({ progress: 0.99, startedAt: 0 }, 10_000)).toBe('under 1 s left');
    expect(timeLeft({ progress: 0.02, startedAt: 0 }, 10_000)).toBe('');
    expect(timeLeft({ progress: undefined, startedAt: 0 }, 10_000)).toBe('');
  });

  it('the run store notes when each node began, once, from its clock', () => {
    let clock = 1000;
    const store = createRunStore(() => clock);
    store.getState().starting(['video']);
    store.getState().started('r1');
    store.getState().receive({ type: 'run.started', runId: 'r1', nodes: ['video'] } as never);
    store.getState().receive({
      type: 'node.started',
      runId: 'r1',
      nodeId: 'video',
      item: { index: 0, count: 2, key: 'a[0]' },
      attempt: 1,
    } as never);
    clock = 5000;
    store.getState().receive({
      type: 'node.started',
      runId: 'r1',
      nodeId: 'video',
      item: { index: 1, count: 2, key: 'a[1]' },
      attempt: 1,
    } as never);
    store.getState().receive({
      type: 'node.progress',
      runId: 'r1',
      nodeId: 'video',
      item: { index: 0, count: 2, key: 'a[0]' },
      progress: 0.5,
    } as never);
    const node = store.getState().nodes.video;
    expect(node?.startedAt).toBe(1000);
    expect(node?.progress).toBe(0.25);
    expect(node?.itemKeys).toEqual(['a[0]', 'a[1]']);
    expect(timeLeft(node ?? {}, 13_000)).toBe('about 36 s left');
  });
});
