import { describe, expect, it } from 'vitest';
import { invokeChannels, isInvokeChannel, parsePayload } from './channels.ts';

const rejected = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error as { status: number; message: string; issues: { path: string; message: string }[] };
  }
  throw new Error('the payload was accepted');
};

describe('channel map', () => {
  it('gives every invoke channel a zod schema', () => {
    const names = Object.keys(invokeChannels);
    expect(names.length).toBeGreaterThanOrEqual(17);
    for (const name of names) {
      expect(typeof invokeChannels[name as keyof typeof invokeChannels].payload.safeParse).toBe('function');
    }
  });

  it('knows its own channels and nothing inherited', () => {
    expect(isInvokeChannel('file:save')).toBe(true);
    expect(isInvokeChannel('__proto__')).toBe(false);
    expect(isInvokeChannel('toString')).toBe(false);
    expect(isInvokeChannel('invoke')).toBe(false);
  });

  it('accepts good payloads, filling defaults as the browser host does', () => {
    expect(parsePayload('file:save', { path: 'ads/a.adloom.json', text: '{}' })).toEqual({
      path: 'ads/a.adloom.json',
      text: '{}',
    });
    expect(parsePayload('settings:save', {})).toMatchObject({
      defaultTextProvider: 'offline',
      defaultImageProvider: 'offline',
      recentFiles: [],
    });
    expect(parsePayload('host:info', undefined)).toBeUndefined();
    expect(parsePayload('run:subscribe', { runId: '20250101-abc', subscriptionId: 3 })).toEqual({
      runId: '20250101-abc',
      subscriptionId: 3,
    });
  });

  it('[desktop.C1] rejects a graph saved under another extension, with the schema message (400)', () => {
    const error = rejected(() => parsePayload('file:save', { path: 'notes.json', text: '{}' }));
    expect(error.status).toBe(400);
    expect(error.message).toBe('invalid request: path: graph files end in .adloom.json');
    expect(error.issues).toEqual([{ path: 'path', message: 'graph files end in .adloom.json' }]);
  });

  it('[desktop.C2] names each bad field of a payload', () => {
    const error = rejected(() => parsePayload('file:save', { path: 'a.adloom.json', text: 42, force: 'yes' }));
    expect(error.message).toMatch(/^invalid request: text: .*string.*; force: .*boolean/);
  });

  it('[desktop.C3] rejects a NUL in a path, a payload where none is expected, and unknown providers', () => {
    expect(rejected(() => parsePayload('file:open', { path: 'a\0b.adloom.json' })).message).toContain(
      'a path cannot contain NUL',
    );
    expect(rejected(() => parsePayload('graphs:list', { path: 'x' })).status).toBe(400);
    expect(rejected(() => parsePayload('settings:save', { defaultTextProvider: 'skynet' })).message).toContain(
      'defaultTextProvider',
    );
  });

  it('[desktop.C4] rejects run ids that could be paths, and a run without a graph', () => {
    expect(rejected(() => parsePayload('run:cancel', { runId: '../../etc' })).message).toContain('a run id is letters');
    expect(rejected(() => parsePayload('run:start', { path: 'a.adloom.json' })).message).toMatch(/^invalid request: graph:/);
    expect(rejected(() => parsePayload('run:subscribe', { runId: 'r1', subscriptionId: -1 })).status).toBe(400);
  });

  it('[desktop.C5] caps a secret value as the browser host does', () => {
    expect(rejected(() => parsePayload('secrets:set', { name: 'OPENAI_API_KEY', value: 'x'.repeat(10_001) })).status).toBe(400);
  });
});
