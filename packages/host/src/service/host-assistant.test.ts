import { mkdtemp, readdir, realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtInRegistry } from '@adloom/assistant/test/built-in-registry';
import {
  type FakeChatServer,
  graphCallingServer,
  hang,
  startFakeChatServer,
  status,
  streamed,
} from '@adloom/assistant/test/fake-chat-server';
import type { NodeRegistry, RunEvent } from '@adloom/engine';
import { type GraphFile, validateGraph } from '@adloom/graph';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hostOn } from '../../test/host-kit.ts';
import type { AssistBody, AssistEvent } from '../assistant.ts';
import { isHostError } from '../host-error.ts';
import type { Settings } from '../settings.ts';
import type { HostService, HostServiceOptions } from './host-service.ts';

const KEY = 'sk-live-7c6b5a4f3e2d1c0b-assist';
let registry: NodeRegistry;
let model: FakeChatServer;
/** A server a graph names as its own: it must never see the key. */
let catcher: FakeChatServer;

beforeAll(async () => {
  registry = await builtInRegistry();
  [model, catcher] = await Promise.all([startFakeChatServer(), startFakeChatServer()]);
});
afterAll(() => Promise.all([model.close(), catcher.close()]));
beforeEach(() => {
  model.requests.length = 0;
  catcher.requests.length = 0;
  model.forever(status(400, 'the test scripted no reply for this request'));
  catcher.forever(status(400, 'the catcher answers nothing'));
});

/** A host on a new workspace, or on `workspace` (a restart). */
async function service(overrides: Partial<HostServiceOptions> = {}, workspace?: string) {
  workspace ??= await realpath(await mkdtemp(join(tmpdir(), 'adloom-assist-')));
  const host = hostOn(workspace, registry, overrides);
  return { host, workspace };
}

/** The assistant answers from the fake model server, with the key trusted to it in the settings. */
async function withModel(host: HostService) {
  const settings: Settings = {
    ...(await host.getSettings()),
    providers: { openai: { baseUrl: model.baseUrl } },
    assistant: { provider: 'openai', model: 'test-model' },
  };
  await host.saveSettings(settings);
  await host.setSecret('OPENAI_API_KEY', KEY);
}

const empty = (): GraphFile => ({ adloom: 1, name: 'Untitled', nodes: {}, edges: [] });

/** Every event of a turn, up to its `done`; answers a `confirm` with `answer` when given. */
function turnEvents(
  host: HostService,
  turnId: string,
  answer?: boolean,
  onEvent: (event: AssistEvent) => void = () => {},
): Promise<AssistEvent[]> {
  return new Promise((resolve) => {
    const seen: AssistEvent[] = [];
    host.subscribeAssist(turnId, (event) => {
      seen.push(event);
      onEvent(event);
      if (event.type === 'confirm' && answer !== undefined) void host.confirmAssist(turnId, answer);
      if (event.type === 'done') resolve(seen);
    });
  });
}

async function ask(host: HostService, body: Partial<AssistBody> & { message: string }, answer?: boolean) {
  const { turnId } = await host.startAssist({ graph: empty(), conversation: 'ads/kayak.adloom.json', ...body });
  return turnEvents(host, turnId, answer);
}

async function failure(promise: Promise<unknown> | (() => unknown)) {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    expect(isHostError(error), String(error)).toBe(true);
    return error as { status: number; message: string };
  }
  throw new Error('it did not fail');
}

/** Until the graph's own server has been asked: the run is under way. */
async function waitForCatcher(): Promise<void> {
  while (catcher.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
}

const of = <T extends AssistEvent['type']>(events: AssistEvent[], type: T) =>
  events.filter((e): e is Extract<AssistEvent, { type: T }> => e.type === type);

const paidGraph = () => graphCallingServer(catcher.baseUrl);

describe('HostService: the assistant with the offline model (the default on a fresh machine)', () => {
  it('[host.A1] turns a brief into a proposal whose graph validates, streamed with its tool steps', async () => {
    const { host } = await service();
    const events = await ask(host, { message: 'six TikTok variants for the kayak launch, 15 s videos, energetic' });
    const done = events.at(-1);
    expect(done).toMatchObject({ type: 'done', status: 'done' });
    expect(
      of(events, 'text')
        .map((e) => e.delta)
        .join(''),
    ).toContain('product "kayak", 6 variants, TikTok');
    expect(of(events, 'tool').some((e) => e.name === 'edit_graph' && e.ok)).toBe(true);
    const [proposal] = of(events, 'proposal');
    expect(proposal?.ops.length).toBeGreaterThan(3);
    expect(validateGraph(proposal?.graph as GraphFile, registry.catalog())).toEqual([]);
    expect(proposal?.graph.nodes.video?.params).toMatchObject({ duration: 15 });
    expect(proposal?.diff.nodesAdded.length).toBe(Object.keys(proposal?.graph.nodes ?? {}).length);
    // The proposal comes before the end, and a late subscriber gets the whole story again.
    expect(events.findIndex((e) => e.type === 'proposal')).toBeLessThan(events.length - 1);
  });

  it('keeps the conversation in the workspace, never in the graph, and reads it back after a reload', async () => {
    const { host, workspace } = await service();
    expect(await host.readConversation('ads/kayak.adloom.json')).toEqual([]);
    await ask(host, { message: 'three Reels variants, 10 s, playful' });
    await ask(host, { message: 'six TikTok variants for the kayak launch' });
    const entries = await host.readConversation('ads/kayak.adloom.json');
    expect(entries.map((e) => [e.role, e.status])).toEqual([
      ['user', undefined],
      ['assistant', 'question'],
      ['user', undefined],
      ['assistant', 'done'],
    ]);
    expect(entries[0]?.text).toBe('three Reels variants, 10 s, playful');
    expect(entries[1]?.text).toMatch(/product/i);
    expect(entries[3]?.proposal).toContain('+ edge brief.text -> copy.brief');
    expect(entries[3]?.tools?.some((t) => t.name === 'edit_graph')).toBe(true);
    const files = await readdir(join(workspace, '.adloom', 'conversations'));
    expect(files).toEqual([expect.stringMatching(/^[0-9a-f]{64}\.json$/)]);
    // Another graph has a conversation of its own; a name never used has none.
    expect(await host.readConversation('other.adloom.json')).toEqual([]);
    // A new host on the same workspace (a restart) reads the same conversation.
    const { host: again } = await service({}, workspace);
    expect(await again.readConversation('ads/kayak.adloom.json')).toEqual(entries);
    await again.clearConversation('ads/kayak.adloom.json');
    expect(await host.readConversation('ads/kayak.adloom.json')).toEqual([]);
    expect(await readdir(join(workspace, '.adloom', 'conversations'))).toEqual([]);
  });

  it('an untitled graph saved for the first time keeps its conversation under its new name', async () => {
    const { host, workspace } = await service();
    await ask(host, { conversation: 'untitled-7f3a', message: 'three Reels variants, 10 s, playful' });
    await ask(host, { conversation: 'kayak.adloom.json', message: 'what does copy do?' });
    await host.moveConversation('untitled-7f3a', 'kayak.adloom.json');
    const entries = await host.readConversation('kayak.adloom.json');
    expect(entries.filter((e) => e.role === 'user').map((e) => e.text)).toEqual([
      'what does copy do?',
      'three Reels variants, 10 s, playful',
    ]);
    expect(await host.readConversation('untitled-7f3a')).toEqual([]);
    expect(await readdir(join(workspace, '.adloom', 'conversations'))).toHaveLength(1);
    // A name with nothing kept moves nothing; a bad name is a 400 naming the field.
    await host.moveConversation('untitled-none', 'kayak.adloom.json');
    expect(await host.readConversation('kayak.adloom.json')).toEqual(entries);
    expect(await failure(host.moveConversation('', 'kayak.adloom.json'))).toMatchObject({
      status: 400,
      message: expect.stringMatching(/^invalid request: from: /),
    });
  });

  it('explains why the graph’s last run failed, read from the run history', async () => {
    const { host } = await service();
    const { runId } = await host.startRun({ graph: paidGraph(), path: 'p.adloom.json' });
    await new Promise<void>((resolve) => host.subscribeRun(runId, (e) => e.type === 'run.finished' && resolve()));
    // As the inspector's "Explain this failure" asks it.
    const events = await ask(host, {
      conversation: 'p.adloom.json',
      graph: paidGraph(),
      message: 'Why did the last run fail at copy?',
      selection: ['copy'],
    });
    const done = events.at(-1);
    expect(done?.type === 'done' && done.message).toMatch(/The last run failed here:\ncopy: failed/);
    // Another graph's conversation has no run to explain.
    const other = await ask(host, { conversation: 'q.adloom.json', graph: paidGraph(), message: 'why did the last run fail?' });
    expect(other.at(-1)).toMatchObject({
      message: expect.stringContaining('There is no run in this conversation to explain yet'),
    });
  });

  it('refuses a bad body naming the field (400), an unknown turn (404), and a graph it cannot read (400)', async () => {
    const { host } = await service();
    expect(await failure(host.startAssist({ graph: empty(), conversation: '', message: 'hi' }))).toMatchObject({
      status: 400,
      message: expect.stringMatching(/^invalid request: conversation: /),
    });
    expect(await failure(host.startAssist({ graph: empty(), conversation: 'a', message: 5 as unknown as string }))).toMatchObject(
      { status: 400, message: expect.stringContaining('message:') },
    );
    expect(await failure(host.startAssist({ graph: { nodes: 3 }, conversation: 'a', message: 'hi' }))).toMatchObject({
      status: 400,
      message: 'the graph cannot be read',
    });
    expect(await failure(() => host.subscribeAssist('nope', () => {}))).toMatchObject({
      status: 404,
      message: 'there is no assistant turn nope',
    });
    expect(await failure(host.cancelAssist('nope'))).toMatchObject({ status: 404 });
    expect(await failure(host.confirmAssist('nope', true))).toMatchObject({ status: 404 });
    expect(await failure(host.readConversation(''))).toMatchObject({ status: 400 });
  });
});

describe('HostService: the assistant with a model on a chat-completions server (the real openai client)', () => {
  it('one turn at a time per conversation: a second is a 409 until the first ends; cancel ends it and nothing changes', async () => {
    const { host } = await service();
    await withModel(host);
    model.reply(hang);
    const { turnId } = await host.startAssist({ graph: empty(), conversation: 'a.adloom.json', message: 'hello' });
    expect(await failure(host.startAssist({ graph: empty(), conversation: 'a.adloom.json', message: 'again' }))).toMatchObject({
      status: 409,
      message: expect.stringMatching(/still answering in this conversation/),
    });
    expect(await failure(host.clearConversation('a.adloom.json'))).toMatchObject({ status: 409 });
    // Another conversation is free.
    model.reply(streamed('Hi there.'));
    const other = await host.startAssist({ graph: empty(), conversation: 'b.adloom.json', message: 'hello' });
    while (model.requests.length < 1) await new Promise((resolve) => setTimeout(resolve, 5));
    const pending = turnEvents(host, turnId);
    await host.cancelAssist(turnId);
    const events = await pending;
    expect(events.at(-1)).toEqual({ type: 'done', status: 'cancelled', message: 'cancelled; nothing was changed' });
    expect(of(events, 'proposal')).toEqual([]);
    expect((await turnEvents(host, other.turnId)).at(-1)).toMatchObject({ status: 'done', message: 'Hi there.' });
    // The conversation is free again.
    model.reply(streamed('Hello again.'));
    expect((await ask(host, { conversation: 'a.adloom.json', message: 'hello' })).at(-1)).toMatchObject({ status: 'done' });
  });

  it('the next turn sends the conversation so far; the key goes to the server the settings name', async () => {
    const { host } = await service();
    await withModel(host);
    model.reply(streamed('', [{ name: 'ask_user', arguments: { question: 'Which product?' } }]), streamed('Got it: the kayak.'));
    const first = await ask(host, { message: 'four TikTok copies' });
    expect(first.at(-1)).toMatchObject({ status: 'question', message: 'Which product?' });
    expect(of(first, 'question')).toEqual([{ type: 'question', text: 'Which product?' }]);
    await ask(host, { message: 'the foldable kayak' });
    const sent = model.requests[1]?.body.messages as { role: string; content: string }[];
    expect(sent.filter((m) => m.role === 'user').map((m) => m.content)).toEqual(['four TikTok copies', 'the foldable kayak']);
    expect(sent.some((m) => m.role === 'tool' && m.content === 'asked; the turn ends here')).toBe(true);
    expect(model.requests.every((r) => r.headers.authorization === `Bearer ${KEY}`)).toBe(true);
    expect(model.requests[0]?.body.model).toBe('test-model');
  });

  it('tells a model what is selected in the editor', async () => {
    const { host } = await service();
    await withModel(host);
    model.reply(streamed('It writes ad copy.'));
    await ask(host, { message: 'what does this node do?', graph: paidGraph(), selection: ['copy', 'gone'] });
    const sent = model.requests[0]?.body.messages.at(-1) as { content: string };
    expect(sent.content).toBe('what does this node do?\n\n(Selected in the editor: copy)');
  });

  it('[sdk.K1] asks before a run that reaches a provider; yes runs it through the host, and a graph’s own server never sees the key', async () => {
    const { host, workspace } = await service();
    await withModel(host);
    model.reply(streamed('Running it.', [{ name: 'run_graph', arguments: {} }]), streamed('It ran; the copy node failed.'));
    const events = await ask(host, { message: 'run it', graph: paidGraph() }, true);
    const [confirm] = of(events, 'confirm');
    expect(confirm?.question).toMatch(
      /^This run would call outside providers, which may cost money:\n.*node "copy" \(llm.adCopy\)/s,
    );
    const [run] = of(events, 'run');
    expect(run?.runId).toMatch(/\w/);
    expect(events.findIndex((e) => e.type === 'confirm')).toBeLessThan(events.findIndex((e) => e.type === 'run'));
    // The editor can follow the run like its own: its events, and its folder in the workspace.
    const runEvents: string[] = [];
    host.subscribeRun(run?.runId as string, (event) => runEvents.push(event.type));
    expect(runEvents.at(-1)).toBe('run.finished');
    expect(await readdir(join(workspace, 'runs'))).toEqual([run?.runId]);
    expect(of(events, 'tool').find((e) => e.name === 'run_graph')).toMatchObject({
      ok: false,
      summary: expect.stringMatching(/^run_graph: failed/),
    });
    // The run's result went back to the model.
    expect(model.requests[1]?.body.messages.at(-1).content).toMatch(/^run \S+ failed/);
    // The graph's server got the request, without the key; the settings' server got the key.
    expect(catcher.requests.length).toBeGreaterThan(0);
    expect(catcher.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
    expect(JSON.stringify(catcher.requests)).not.toContain(KEY);
    expect(model.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${KEY}`, `Bearer ${KEY}`]);
    expect(JSON.stringify(events)).not.toContain(KEY);
  });

  it('no to the question runs nothing, and the turn goes on', async () => {
    const { host, workspace } = await service();
    await withModel(host);
    model.reply(streamed('', [{ name: 'run_graph', arguments: {} }]), streamed('Not run, as you said.'));
    const events = await ask(host, { message: 'run it', graph: paidGraph() }, false);
    expect(of(events, 'confirm')).toHaveLength(1);
    expect(of(events, 'run')).toEqual([]);
    expect(of(events, 'tool').find((e) => e.name === 'run_graph')).toMatchObject({
      ok: false,
      summary: 'run_graph: not approved',
    });
    expect(events.at(-1)).toMatchObject({ status: 'done', message: 'Not run, as you said.' });
    expect(catcher.requests).toEqual([]);
    await expect(readdir(join(workspace, 'runs'))).rejects.toThrow();
  });

  it('a turn left waiting for a yes is cancelled with the turn, and the time limit (which counts the wait) stops one', async () => {
    const { host } = await service({ assistant: { timeLimitMs: 300 } });
    await withModel(host);
    model.reply(streamed('', [{ name: 'run_graph', arguments: {} }]));
    const { turnId } = await host.startAssist({ graph: paidGraph(), conversation: 'p.adloom.json', message: 'run it' });
    const events = await turnEvents(host, turnId);
    expect(of(events, 'confirm')).toHaveLength(1);
    expect(events.at(-1)).toEqual({
      type: 'done',
      status: 'stopped',
      message: 'stopped after 300 ms (the time limit of a turn); nothing was changed',
    });
    expect(await failure(host.confirmAssist(turnId, true))).toMatchObject({ status: 409 });
    expect(catcher.requests).toEqual([]);

    const patient = (await service()).host;
    await withModel(patient);
    model.reply(streamed('', [{ name: 'run_graph', arguments: {} }]));
    const waiting = await patient.startAssist({ graph: paidGraph(), conversation: 'p.adloom.json', message: 'run it' });
    const seen = new Promise<AssistEvent[]>((resolve) => {
      const all: AssistEvent[] = [];
      patient.subscribeAssist(waiting.turnId, (event) => {
        all.push(event);
        if (event.type === 'confirm') void patient.cancelAssist(waiting.turnId);
        if (event.type === 'done') resolve(all);
      });
    });
    expect((await seen).at(-1)).toMatchObject({ status: 'cancelled' });
    expect(catcher.requests).toEqual([]);
  });

  it('the time limit stops the assistant, not a run it started that takes longer', async () => {
    const { host } = await service({ assistant: { timeLimitMs: 1500 } });
    await withModel(host);
    // The graph's provider answers only after the turn's whole time limit.
    const slow = status(400, 'slow and then no');
    catcher.reply((request, res) => void setTimeout(() => slow(request, res), 2500));
    model.reply(streamed('', [{ name: 'run_graph', arguments: {} }]), streamed('Ran it, slowly.'));
    const events = await ask(host, { message: 'run it', graph: paidGraph() }, true);
    expect(events.some((e) => e.type === 'run')).toBe(true);
    expect(events.at(-1)).toEqual({ type: 'done', status: 'done', message: 'Ran it, slowly.' });
  });

  it('a cancel during a run the turn started cancels that run too', async () => {
    const { host } = await service();
    await withModel(host);
    catcher.reply(hang);
    model.reply(streamed('', [{ name: 'run_graph', arguments: {} }]));
    const { turnId } = await host.startAssist({ graph: paidGraph(), conversation: 'c.adloom.json', message: 'run it' });
    let runId = '';
    const events = await turnEvents(host, turnId, true, (event) => {
      if (event.type !== 'run') return;
      runId = event.runId;
      void waitForCatcher().then(() => host.cancelAssist(turnId));
    });
    expect(events.at(-1)).toMatchObject({ type: 'done', status: 'cancelled' });
    const finished = await new Promise<RunEvent>((resolve) =>
      host.subscribeRun(runId, (e) => e.type === 'run.finished' && resolve(e)),
    );
    expect(finished).toMatchObject({ status: 'cancelled' });
  });

  it('[sdk.K1] a compatible server set in the settings gets its own key, never OPENAI_API_KEY', async () => {
    const { host } = await service();
    await host.saveSettings({
      ...(await host.getSettings()),
      providers: { compatible: { baseUrl: model.baseUrl, defaultModel: 'llama3.1:8b' } },
      assistant: { provider: 'compatible' },
    });
    await host.setSecret('OPENAI_API_KEY', KEY);
    model.reply(streamed('Hello from the local model.'));
    expect((await ask(host, { message: 'hello' })).at(-1)).toMatchObject({ status: 'done' });
    await host.setSecret('COMPATIBLE_API_KEY', 'local-key');
    model.reply(streamed('Hello again.'));
    await ask(host, { message: 'hello' });
    expect(model.requests.map((r) => [r.body.model, r.headers.authorization])).toEqual([
      ['llama3.1:8b', undefined],
      ['llama3.1:8b', 'Bearer local-key'],
    ]);
  });

  it('a model server that is not set up is a clear 400 before any turn starts', async () => {
    const { host } = await service();
    await host.saveSettings({ ...(await host.getSettings()), assistant: { provider: 'openai' } });
    expect(await failure(host.startAssist({ graph: empty(), conversation: 'a', message: 'hi' }))).toMatchObject({
      status: 400,
      message: expect.stringMatching(/^the assistant cannot start: the openai provider needs OPENAI_API_KEY/),
    });
    await host.saveSettings({ ...(await host.getSettings()), assistant: { provider: 'compatible' } });
    expect(await failure(host.startAssist({ graph: empty(), conversation: 'a', message: 'hi' }))).toMatchObject({
      status: 400,
      message: expect.stringMatching(/compatible server but none is named/),
    });
    // The conversation is not left busy by a turn that never started.
    await host.saveSettings({ ...(await host.getSettings()), assistant: { provider: 'offline' } });
    expect((await ask(host, { conversation: 'a', message: 'hi' })).at(-1)).toMatchObject({ type: 'done' });
  });
});
