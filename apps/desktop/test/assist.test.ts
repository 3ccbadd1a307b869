import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type FakeChatServer,
  graphCallingServer,
  startFakeChatServer,
  status,
  streamed,
} from '@adloom/assistant/test/fake-chat-server';
import type { AssistEvent, Host } from '@adloom/host';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { desktopHarness, rejection } from './ipc-harness.ts';

// Real child processes: slower than the default timeout allows on a loaded machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

const KEY = 'sk-live-5e4d3c2b1a0f9e8d-desktop';
let model: FakeChatServer;
let catcher: FakeChatServer;
let stops: (() => void)[] = [];

beforeAll(async () => {
  [model, catcher] = await Promise.all([startFakeChatServer(), startFakeChatServer()]);
});
afterAll(() => Promise.all([model.close(), catcher.close()]));
afterEach(() => {
  for (const stop of stops) stop();
  stops = [];
  model.requests.length = 0;
  catcher.requests.length = 0;
});

async function harness() {
  model.forever(status(400, 'the test scripted no reply for this request'));
  catcher.forever(status(400, 'the catcher answers nothing'));
  const h = await desktopHarness();
  stops.push(() => h.supervisor.dispose());
  return h;
}

/** A turn's events through the preload's subscribeAssist, to its `done`; `onEvent` may answer. */
function turnEvents(host: Host, turnId: string, onEvent: (event: AssistEvent) => void = () => {}): Promise<AssistEvent[]> {
  return new Promise((resolve) => {
    const events: AssistEvent[] = [];
    host.subscribeAssist(turnId, (event) => {
      events.push(event);
      onEvent(event);
      if (event.type === 'done') resolve(events);
    });
  });
}

const empty = { adloom: 1, name: 'Untitled', nodes: {}, edges: [] };
const paidGraph = () => graphCallingServer(catcher.baseUrl);

describe('the assistant over the desktop IPC, through the same host service', () => {
  it('[host.A1] a brief to the offline assistant: streamed steps, a proposal, the conversation kept per graph in the workspace', async () => {
    const { host, workspace, assistRelay, windowId } = await harness();
    const { turnId } = (await host.startAssist({
      graph: empty,
      conversation: 'ads/kayak.adloom.json',
      message: 'six TikTok variants for the kayak launch',
    })) as { turnId: string };
    const events = await turnEvents(host, turnId);
    expect(events.at(-1)).toMatchObject({ type: 'done', status: 'done' });
    const proposal = events.find((e) => e.type === 'proposal');
    expect(proposal?.type === 'proposal' && Object.keys(proposal.graph.nodes)).toContain('copy');
    expect(events.some((e) => e.type === 'tool' && e.name === 'edit_graph')).toBe(true);
    // A second window subscribing late gets the same story; no subscription is left behind.
    expect(await turnEvents(host, turnId)).toEqual(events);
    expect(assistRelay.countFor(windowId)).toBe(0);

    const entries = await host.readConversation('ads/kayak.adloom.json');
    expect(entries?.map((e) => [e.role, e.status])).toEqual([
      ['user', undefined],
      ['assistant', 'done'],
    ]);
    expect(await readdir(join(workspace, '.adloom', 'conversations'))).toHaveLength(1);
    await host.moveConversation('ads/kayak.adloom.json', 'kayak.adloom.json');
    expect(await host.readConversation('kayak.adloom.json')).toEqual(entries);
    expect(await host.readConversation('ads/kayak.adloom.json')).toEqual([]);
    await host.clearConversation('kayak.adloom.json');
    expect(await host.readConversation('kayak.adloom.json')).toEqual([]);
  });

  it('answers with the browser host’s errors: 400 naming the field, 404 unknown turn, 409 a second turn at once', async () => {
    const { host, invoke } = await harness();
    const bad = await rejection(host.startAssist({ graph: empty, conversation: '', message: 'hi' }) as Promise<unknown>);
    expect(bad).toMatchObject({ status: 400, message: expect.stringMatching(/^invalid request: conversation: /) });
    expect(await invoke('assist:confirm', { turnId: 'nope', approved: 'yes' })).toMatchObject({
      ok: false,
      status: 400,
      error: expect.stringContaining('approved'),
    });
    expect(await rejection(host.cancelAssist('nope') as Promise<unknown>)).toMatchObject({ status: 404 });
    expect(await invoke('assist:subscribe', { turnId: 'nope', subscriptionId: 1 })).toMatchObject({ ok: false, status: 404 });
    expect(await invoke('assist:subscribe', { turnId: '../x', subscriptionId: 1 })).toMatchObject({ ok: false, status: 400 });

    const body = { graph: empty, conversation: 'a.adloom.json', message: 'six TikTok variants for the kayak launch' };
    const first = (await host.startAssist(body)) as { turnId: string };
    const second = await rejection(host.startAssist(body) as Promise<unknown>);
    expect(second).toMatchObject({ status: 409, message: expect.stringMatching(/still answering in this conversation/) });
    await turnEvents(host, first.turnId);
  });

  it('[sdk.K1] asks before a paid run; yes runs it in the engine process, the graph’s own server never sees the key', async () => {
    const { host } = await harness();
    await host.saveSettings({
      ...(await host.getSettings()),
      providers: { openai: { baseUrl: model.baseUrl } },
      assistant: { provider: 'openai', model: 'test-model' },
    });
    await host.setSecret('OPENAI_API_KEY', KEY);
    model.reply(streamed('', [{ name: 'run_graph', arguments: {} }]), streamed('It ran.'));
    const { turnId } = (await host.startAssist({ graph: paidGraph(), conversation: 'p.adloom.json', message: 'run it' })) as {
      turnId: string;
    };
    const events = await turnEvents(host, turnId, (event) => {
      if (event.type === 'confirm') void host.confirmAssist(turnId, true);
    });
    expect(events.find((e) => e.type === 'confirm')).toMatchObject({ question: expect.stringContaining('node "copy"') });
    const run = events.find((e) => e.type === 'run');
    expect(run).toMatchObject({ runId: expect.any(String) });
    expect(events.at(-1)).toMatchObject({ type: 'done', status: 'done', message: 'It ran.' });
    expect(catcher.requests.length).toBeGreaterThan(0);
    expect(catcher.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
    expect(model.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${KEY}`, `Bearer ${KEY}`]);
    expect(JSON.stringify(events)).not.toContain(KEY);

    // No: nothing runs; a turn left waiting is cancelled with the turn.
    catcher.requests.length = 0;
    model.reply(streamed('', [{ name: 'run_graph', arguments: {} }]), streamed('Not run.'));
    const refused = (await host.startAssist({ graph: paidGraph(), conversation: 'p.adloom.json', message: 'run it' })) as {
      turnId: string;
    };
    const no = await turnEvents(host, refused.turnId, (event) => {
      if (event.type === 'confirm') void host.confirmAssist(refused.turnId, false);
    });
    expect(no.some((e) => e.type === 'run')).toBe(false);
    model.reply(streamed('', [{ name: 'run_graph', arguments: {} }]));
    const left = (await host.startAssist({ graph: paidGraph(), conversation: 'p.adloom.json', message: 'run it' })) as {
      turnId: string;
    };
    const cancelled = await turnEvents(host, left.turnId, (event) => {
      if (event.type === 'confirm') void host.cancelAssist(left.turnId);
    });
    expect(cancelled.at(-1)).toMatchObject({ type: 'done', status: 'cancelled' });
    expect(catcher.requests).toEqual([]);
  });
});
