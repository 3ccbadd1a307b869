import { mkdtemp, realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtInRegistry } from '@adloom/assistant/test/built-in-registry';
import {
  type FakeChatServer,
  graphCallingServer,
  startFakeChatServer,
  status,
  streamed,
} from '@adloom/assistant/test/fake-chat-server';
import type { NodeRegistry } from '@adloom/engine';
import type { AssistEvent } from '@adloom/host';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/index.ts';

const KEY = 'sk-live-0a1b2c3d4e5f6a7b-serve';
let registry: NodeRegistry;
let model: FakeChatServer;
/** A server a graph names as its own. */
let catcher: FakeChatServer;
let workspace: string;
let server: RunningServer;
let base: string;

beforeAll(async () => {
  registry = await builtInRegistry();
  [model, catcher] = await Promise.all([startFakeChatServer(), startFakeChatServer()]);
});
afterAll(() => Promise.all([model.close(), catcher.close()]));
beforeEach(async () => {
  model.requests.length = 0;
  catcher.requests.length = 0;
  model.forever(status(400, 'the test scripted no reply for this request'));
  catcher.forever(status(400, 'the catcher answers nothing'));
  workspace = await realpath(await mkdtemp(join(tmpdir(), 'adloom-serve-assist-')));
  server = await startServer({ workspace, registry, port: 0 });
  base = `http://127.0.0.1:${server.port}`;
});
afterEach(() => server.close());

/** A request as the editor page sends it: with the session secret the server put into the page. */
const api = (path: string, init: RequestInit = {}) =>
  fetch(`${base}${path}`, { ...init, headers: { 'x-adloom-session': server.session, ...(init.headers as object) } });
const send = (method: string, path: string, body: unknown) =>
  api(path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** The assistant answers from the fake model server, with the key set in the page and its address in the settings. */
async function useModel() {
  const settings = await (await api('/api/settings')).json();
  const saved = await send('PUT', '/api/settings', {
    ...settings,
    providers: { openai: { baseUrl: model.baseUrl } },
    assistant: { provider: 'openai', model: 'test-model' },
  });
  expect(saved.status).toBe(200);
  expect((await send('PUT', '/api/secrets/OPENAI_API_KEY', { value: KEY })).status).toBe(200);
}

/**
 * Reads a turn's SSE stream as EventSource would (the secret in the query), calling `onEvent`
 * as each event arrives, to the stream's end.
 */
async function follow(turnId: string, onEvent: (event: AssistEvent) => void = () => {}): Promise<AssistEvent[]> {
  const res = await fetch(`${base}/api/assist/${turnId}/events?session=${server.session}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const events: AssistEvent[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    const parts = buffer.split('\n\n');
    buffer = parts.pop() ?? '';
    for (const part of parts.filter((p) => p.startsWith('data: '))) {
      const event = JSON.parse(part.slice(6)) as AssistEvent;
      events.push(event);
      onEvent(event);
    }
  }
  return events;
}

const empty = { adloom: 1, name: 'Untitled', nodes: {}, edges: [] };
const paidGraph = () => graphCallingServer(catcher.baseUrl);

describe('adloom serve: the assistant over HTTP + SSE', () => {
  it('[host.A1] a brief to the offline assistant streams its steps and a proposal; the conversation is kept and cleared', async () => {
    const started = await send('POST', '/api/assist', {
      graph: empty,
      conversation: 'ads/kayak.adloom.json',
      message: 'six TikTok variants for the kayak launch',
    });
    expect(started.status).toBe(200);
    const { turnId } = (await started.json()) as { turnId: string };
    const events = await follow(turnId);
    expect(events.at(-1)).toMatchObject({ type: 'done', status: 'done' });
    const proposal = events.find((e) => e.type === 'proposal');
    expect(proposal?.type === 'proposal' && Object.keys(proposal.graph.nodes)).toContain('copy');
    // A late subscriber (a reload) gets the same story again.
    expect(await follow(turnId)).toEqual(events);

    const kept = await api(`/api/conversations?name=${encodeURIComponent('ads/kayak.adloom.json')}`);
    expect(kept.status).toBe(200);
    const entries = (await kept.json()) as { role: string; text: string }[];
    expect(entries.map((e) => e.role)).toEqual(['user', 'assistant']);
    expect(entries[0]?.text).toBe('six TikTok variants for the kayak launch');
    // Saved under another name, the conversation goes with the graph.
    const moved = await send('POST', '/api/conversations/move', { from: 'ads/kayak.adloom.json', to: 'kayak.adloom.json' });
    expect(moved.status).toBe(200);
    expect(await (await api('/api/conversations?name=kayak.adloom.json')).json()).toEqual(entries);
    expect(await (await api('/api/conversations?name=ads%2Fkayak.adloom.json')).json()).toEqual([]);
    const cleared = await api('/api/conversations?name=kayak.adloom.json', { method: 'DELETE' });
    expect(cleared.status).toBe(200);
    expect(await (await api('/api/conversations?name=kayak.adloom.json')).json()).toEqual([]);
  });

  it('[sdk.K1] asks before a paid run; yes over HTTP runs it, the run folder is named without this machine’s paths, the key stays home', async () => {
    await useModel();
    model.reply(streamed('', [{ name: 'run_graph', arguments: {} }]), streamed('Done running.'));
    const started = await send('POST', '/api/assist', { graph: paidGraph(), conversation: 'p.adloom.json', message: 'run it' });
    const { turnId } = (await started.json()) as { turnId: string };
    const answers: number[] = [];
    const events = await follow(turnId, (event) => {
      if (event.type === 'confirm') {
        void send('POST', `/api/assist/${turnId}/confirm`, { approved: true }).then((res) => answers.push(res.status));
      }
    });
    expect(answers).toEqual([200]);
    const run = events.find((e) => e.type === 'run');
    expect(run).toMatchObject({ type: 'run', runId: expect.any(String) });
    const step = events.find((e) => e.type === 'tool' && e.name === 'run_graph');
    expect(step?.type === 'tool' && step.summary).toMatch(/^run_graph: failed, runs\//);
    expect(JSON.stringify(events)).not.toContain(workspace);
    expect(JSON.stringify(events)).not.toContain(KEY);
    expect(events.at(-1)).toMatchObject({ type: 'done', status: 'done', message: 'Done running.' });
    expect(catcher.requests.length).toBeGreaterThan(0);
    expect(catcher.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
    expect(model.requests.every((r) => r.headers.authorization === `Bearer ${KEY}`)).toBe(true);
    // A turn that is not asking: 409; an unknown one: 404.
    expect((await send('POST', `/api/assist/${turnId}/confirm`, { approved: true })).status).toBe(409);
    expect((await send('POST', '/api/assist/no-such-turn/confirm', { approved: true })).status).toBe(404);
  });

  it('no over HTTP runs nothing; cancel ends a turn; a second turn at once is a 409', async () => {
    await useModel();
    model.reply(streamed('', [{ name: 'run_graph', arguments: {} }]), streamed('Not run.'));
    const body = { graph: paidGraph(), conversation: 'p.adloom.json', message: 'run it' };
    const { turnId } = (await (await send('POST', '/api/assist', body)).json()) as { turnId: string };
    const busy = await send('POST', '/api/assist', body);
    expect(busy.status).toBe(409);
    expect(((await busy.json()) as { error: string }).error).toMatch(/still answering in this conversation/);
    const events = await follow(turnId, (event) => {
      if (event.type === 'confirm') void send('POST', `/api/assist/${turnId}/confirm`, { approved: false });
    });
    expect(events.some((e) => e.type === 'run')).toBe(false);
    expect(catcher.requests).toEqual([]);

    model.reply(streamed('', [{ name: 'run_graph', arguments: {} }]));
    const second = (await (await send('POST', '/api/assist', body)).json()) as { turnId: string };
    const ended = await follow(second.turnId, (event) => {
      if (event.type === 'confirm') void api(`/api/assist/${second.turnId}/cancel`, { method: 'POST' });
    });
    expect(ended.at(-1)).toMatchObject({ type: 'done', status: 'cancelled' });
    expect(catcher.requests).toEqual([]);
  });

  it('stands behind the checks every API route has: session secret, Origin, JSON bodies, fields named', async () => {
    const body = JSON.stringify({ graph: empty, conversation: 'a.adloom.json', message: 'hi' });
    const json = { 'content-type': 'application/json' };
    // No session secret: another page's form or script.
    expect((await fetch(`${base}/api/assist`, { method: 'POST', headers: json, body })).status).toBe(403);
    expect((await fetch(`${base}/api/conversations?name=a.adloom.json`)).status).toBe(403);
    expect((await fetch(`${base}/api/conversations?name=a.adloom.json`, { method: 'DELETE' })).status).toBe(403);
    const move = JSON.stringify({ from: 'a.adloom.json', to: 'b.adloom.json' });
    expect((await fetch(`${base}/api/conversations/move`, { method: 'POST', headers: json, body: move })).status).toBe(403);
    // Another page's Origin, even with the secret.
    const cross = await api('/api/assist', { method: 'POST', headers: { ...json, origin: 'https://evil.example' }, body });
    expect(cross.status).toBe(403);
    // A body a form could send.
    expect((await api('/api/assist', { method: 'POST', headers: { 'content-type': 'text/plain' }, body })).status).toBe(415);
    // A field named.
    const bad = await send('POST', '/api/assist', { graph: empty, conversation: 'a.adloom.json' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^invalid request: message: /);
    // The events take the secret in the query, as EventSource needs, and nothing else.
    const { turnId } = (await (await api('/api/assist', { method: 'POST', headers: json, body })).json()) as { turnId: string };
    expect((await fetch(`${base}/api/assist/${turnId}/events`)).status).toBe(403);
    expect((await fetch(`${base}/api/assist/${turnId}/events?session=not-the-secret-at-all`)).status).toBe(403);
    expect((await fetch(`${base}/api/assist/${turnId}/cancel?session=${server.session}`, { method: 'POST' })).status).toBe(403);
    expect((await api('/api/assist/no-such-turn/events')).status).toBe(404);
    expect((await api('/api/conversations')).status).toBe(400);
    expect((await follow(turnId)).at(-1)).toMatchObject({ type: 'done' });
  });
});
