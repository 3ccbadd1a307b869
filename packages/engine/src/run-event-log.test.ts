import { describe, expect, it } from 'vitest';
import type { RunEvent } from './events.ts';
import { ReplayedEventLog, RunEventLog } from './run-event-log.ts';

const started = (runId: string): RunEvent => ({ type: 'run.started', runId, graph: 'G', nodes: ['a'], outDir: 'runs/x' });
const finished = (runId: string): RunEvent => ({
  type: 'run.finished',
  runId,
  status: 'succeeded',
  durationMs: 1,
  outDir: 'runs/x',
});
const log = (runId: string): RunEvent => ({ type: 'node.log', runId, nodeId: 'a', message: 'hi' });

describe('the replayed event log', () => {
  it('gives a late subscriber the past events first, then the new ones, and nothing after the last', () => {
    const events = new RunEventLog();
    events.open('r1');
    events.emit('r1', started('r1'));
    const early: string[] = [];
    events.subscribe('r1', (e) => early.push(e.type));
    events.emit('r1', log('r1'));
    const late: string[] = [];
    events.subscribe('r1', (e) => late.push(e.type));
    events.emit('r1', finished('r1'));
    events.emit('r1', log('r1'));
    expect(early).toEqual(['run.started', 'node.log', 'run.finished']);
    expect(late).toEqual(early);
    const after: string[] = [];
    events.subscribe('r1', (e) => after.push(e.type));
    expect(after).toEqual(early);
    expect(events.isFinished('r1')).toBe(true);
  });

  it('begins the story again on a restart (a retried job), and keeps only the newest ids', () => {
    const events = new RunEventLog(2);
    events.open('r1');
    events.emit('r1', started('r1'));
    events.emit('r1', log('r1'));
    events.emit('r1', started('r1'));
    const seen: string[] = [];
    events.subscribe('r1', (e) => seen.push(e.type));
    expect(seen).toEqual(['run.started']);
    events.open('r2');
    events.open('r3');
    expect([events.has('r1'), events.has('r2'), events.has('r3')]).toEqual([false, true, true]);
  });

  it('serves any kind of event with its own last one: an assistant turn ends at done', () => {
    type Turn = { type: 'text'; delta: string } | { type: 'done' };
    const turns = new ReplayedEventLog<Turn>({ isLast: (e) => e.type === 'done' });
    turns.open('t');
    turns.emit('t', { type: 'text', delta: 'Hello' });
    turns.emit('t', { type: 'done' });
    turns.emit('t', { type: 'text', delta: 'too late' });
    const seen: Turn[] = [];
    turns.subscribe('t', (e) => seen.push(e));
    expect(seen).toEqual([{ type: 'text', delta: 'Hello' }, { type: 'done' }]);
  });
});
