import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Catalog, GraphFile } from '@adloom/graph';
import { formatGraphDiff, loadGraphText, validateGraph } from '@adloom/graph';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { builtInRegistry } from '../test/built-in-registry.ts';
import { type FakeChatServer, hang, startFakeChatServer, status, streamed } from '../test/fake-chat-server.ts';
import { boxesOfGraph, touchingNodes } from '../test/touching-nodes.ts';
import { openAIModel } from './openai-model.ts';
import { runTurn, type TurnEvent } from './turn.ts';

let server: FakeChatServer;
let catalog: Catalog;
const empty = (): GraphFile => ({ adloom: 1, name: 'Untitled', nodes: {}, edges: [] });

beforeAll(async () => {
  server = await startFakeChatServer();
  catalog = (await builtInRegistry()).catalog();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.forever(status(400, 'the test scripted no reply for this request'));
});

const model = (extra: Parameters<typeof openAIModel>[0] = {}) =>
  openAIModel({ baseUrl: server.baseUrl, model: 'test-model', env: {}, maxRetries: 0, ...extra });

const plan = [
  { op: 'addNode', id: 'brief', type: 'input.text', params: { name: 'brief', default: 'Foldable kayak' } },
  { op: 'addNode', id: 'copy', type: 'llm.adCopy', params: { platform: 'tiktok', count: 4 } },
  { op: 'connect', from: 'brief.text', to: 'copy.brief' },
];

describe('the assistant with a model on a chat-completions server', () => {
  it('follows a valid plan: tools are offered from the live catalog, the turn proposes the graph, its ops and diff', async () => {
    server.reply(
      streamed('Let me look at ad copy first.', [{ name: 'describe_node_type', arguments: { type: 'llm.adCopy' } }]),
      streamed('', [{ name: 'edit_graph', arguments: { ops: plan } }]),
      streamed('I added a brief and four TikTok copies.'),
    );
    const events: TurnEvent[] = [];
    const result = await runTurn({
      message: 'four TikTok copies for a foldable kayak',
      graph: empty(),
      catalog,
      model: model(),
      onEvent: (e) => events.push(e),
    });
    expect(result.status).toBe('done');
    expect(result.message).toBe('I added a brief and four TikTok copies.');
    expect(validateGraph(result.graph, catalog)).toEqual([]);
    expect(Object.keys(result.graph.nodes)).toEqual(['brief', 'copy']);
    expect(result.diff.nodesAdded.map((n) => n.id)).toEqual(['brief', 'copy']);
    expect(result.ops).toHaveLength(3);
    // What the model was given: the tools, and the catalog entry it asked for.
    const first = server.requests[0]?.body;
    expect(first.stream).toBe(true);
    expect(first.tools.map((t: { function: { name: string } }) => t.function.name)).toEqual([
      'search_catalog',
      'describe_node_type',
      'read_graph',
      'edit_graph',
      'validate_graph',
      'run_graph',
      'read_results',
      'ask_user',
    ]);
    expect(first.messages[0].content).toContain('llm.adCopy — Ad copy');
    const toolAnswer = server.requests[1]?.body.messages.at(-1);
    expect(toolAnswer.role).toBe('tool');
    expect(toolAnswer.content).toContain('count: integer 1..10 = 3');
    expect(
      events
        .filter((e) => e.type === 'text')
        .map((e) => (e as { delta: string }).delta)
        .join(''),
    ).toContain('four TikTok copies');
    expect(events.filter((e) => e.type === 'tool').map((e) => (e as { summary: string }).summary)).toEqual([
      'describe_node_type llm.adCopy',
      'edit_graph: 3 changes proposed',
    ]);
    expect(events.some((e) => e.type === 'proposal')).toBe(true);
  });

  it('refuses an unknown node type with the nearest names; the model corrects it and the graph is valid', async () => {
    const wrong = [plan[0], { ...plan[1], type: 'llm.copywriter' }, plan[2]];
    server.reply(
      streamed('', [{ name: 'edit_graph', arguments: { ops: wrong } }]),
      streamed('', [{ name: 'edit_graph', arguments: { ops: plan } }]),
      streamed('Fixed: the ad copy type is llm.adCopy.'),
    );
    const result = await runTurn({ message: 'copies for a kayak', graph: empty(), catalog, model: model() });
    const refusal = server.requests[1]?.body.messages.at(-1).content as string;
    expect(refusal).toMatch(/^refused op 1 \(addNode\): unknown node type "llm.copywriter"; nearest: llm\.\w+/);
    expect(refusal).toContain('llm.adCopy');
    expect(refusal).toContain('Nothing of this edit was applied');
    expect(result.status).toBe('done');
    expect(validateGraph(result.graph, catalog)).toEqual([]);
  });

  it('answers unknown ports, params, tools and arguments that are not JSON as tool results the model can read', async () => {
    server.reply(
      streamed('', [
        { name: 'edit_graph', arguments: { ops: [{ op: 'addNode', id: 'copy', type: 'llm.adCopy', params: { cuont: 4 } }] } },
        { name: 'make_video', arguments: {} },
        {
          name: 'edit_graph',
          arguments: {
            ops: [
              { op: 'addNode', id: 'brief', type: 'input.text', params: { name: 'brief' } },
              { op: 'addNode', id: 'copy', type: 'llm.adCopy' },
              { op: 'connect', from: 'brief.txt', to: 'copy.brief' },
            ],
          },
        },
        { name: 'edit_graph', arguments: '{"ops": [' },
      ]),
      streamed('I give up.'),
    );
    const result = await runTurn({ message: 'copies', graph: empty(), catalog, model: model() });
    const answers = (server.requests[1]!.body.messages as { role: string; content: string }[])
      .filter((m) => m.role === 'tool')
      .map((m) => m.content);
    expect(answers[0]).toMatch(/llm.adCopy has no param "cuont"; nearest: count/);
    expect(answers[1]).toMatch(/there is no tool "make_video".*the tools are: search_catalog/);
    expect(answers[2]).toMatch(/refused op 2 \(connect\): node "brief" \(input.text\) has no output "txt"; nearest: text/);
    expect(answers[3]).toMatch(/the arguments of edit_graph are not JSON/);
    expect(result.status).toBe('done');
    expect(result.graph.nodes).toEqual({});
  });

  it('an edit that leaves the graph invalid is reported with its problems, and nothing is proposed', async () => {
    server.reply(streamed('', [{ name: 'edit_graph', arguments: { ops: [plan[1]] } }]), streamed('Added the copy node.'));
    const start = empty();
    const result = await runTurn({ message: 'add copy', graph: start, catalog, model: model() });
    expect(result.status).toBe('invalid');
    expect(result.graph).toBe(start);
    expect(result.ops).toEqual([]);
    expect(result.problems.map((p) => p.message)).toEqual([expect.stringMatching(/needs its input "brief"/)]);
    // The model was told after its edit, so it could have fixed it.
    expect(server.requests[1]?.body.messages.at(-1).content).toMatch(/the graph has 1 problem/);
  });

  it('a model that never stops calling tools is stopped by the step limit with a clear message, the graph unchanged', async () => {
    server.forever(streamed('', [{ name: 'read_graph', arguments: {} }]));
    const start = empty();
    const result = await runTurn({ message: 'keep going', graph: start, catalog, model: model(), maxSteps: 5 });
    expect(result.status).toBe('stopped');
    expect(result.message).toMatch(/stopped after 5 steps without an answer/);
    expect(server.requests).toHaveLength(5);
    expect(result.graph).toBe(start);
  });

  it('a server error ends the turn with the server’s words, and nothing changes', async () => {
    server.reply(status(500, 'the GPU caught fire'));
    const result = await runTurn({ message: 'hello', graph: empty(), catalog, model: model() });
    expect(result.status).toBe('failed');
    expect(result.message).toMatch(
      /test-model at http:\/\/127\.0\.0\.1:\d+ could not answer: the server at .* answered HTTP 500: the GPU caught fire/,
    );
  });

  it('a 429 with Retry-After is waited out by the client and the turn goes on', async () => {
    server.reply(status(429, 'slow down', { 'retry-after-ms': '10' }), streamed('Hello.'));
    const result = await runTurn({ message: 'hello', graph: empty(), catalog, model: model({ maxRetries: 2 }) });
    expect(result.status).toBe('done');
    expect(result.message).toBe('Hello.');
    expect(server.requests).toHaveLength(2);
  });

  it('sends OPENAI_API_KEY only to the server OPENAI_BASE_URL names, never to another base URL', async () => {
    server.reply(streamed('one'), streamed('two'));
    const trusted = openAIModel({
      model: 'm',
      env: { OPENAI_API_KEY: 'sk-secret', OPENAI_BASE_URL: server.baseUrl },
      maxRetries: 0,
    });
    await runTurn({ message: 'hi', graph: empty(), catalog, model: trusted });
    const other = openAIModel({ model: 'm', baseUrl: server.baseUrl, env: { OPENAI_API_KEY: 'sk-secret' }, maxRetries: 0 });
    await runTurn({ message: 'hi', graph: empty(), catalog, model: other });
    expect(server.requests[0]?.headers.authorization).toBe('Bearer sk-secret');
    expect(server.requests[1]?.headers.authorization).toBeUndefined();
    expect(() => openAIModel({ env: {} })).toThrow(/needs OPENAI_API_KEY/);
  });

  it('a cancel ends a turn waiting on the model, and a time limit stops one; nothing changes either way', async () => {
    server.reply(hang);
    const controller = new AbortController();
    const pending = runTurn({ message: 'hello', graph: empty(), catalog, model: model(), signal: controller.signal });
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    const cancelled = await pending;
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.message).toBe('cancelled; nothing was changed');
    server.reply(hang);
    const slow = await runTurn({ message: 'hello', graph: empty(), catalog, model: model(), timeLimitMs: 200 });
    expect(slow.status).toBe('stopped');
    expect(slow.message).toMatch(/stopped after 200 ms \(the time limit of a turn\)/);
  });

  it('carries a conversation: the next turn sends the earlier messages before the new one', async () => {
    server.reply(streamed('', [{ name: 'ask_user', arguments: { question: 'Which product?' } }]), streamed('Got it: the kayak.'));
    const first = await runTurn({ message: 'make some ads', graph: empty(), catalog, model: model() });
    expect(first.status).toBe('question');
    expect(first.message).toBe('Which product?');
    const second = await runTurn({ message: 'the kayak', graph: empty(), catalog, model: model(), history: first.messages });
    expect(second.status).toBe('done');
    const sent = (server.requests[1]!.body.messages as { role: string; content: string }[]).map((m) => `${m.role}: ${m.content}`);
    expect(sent.slice(1)).toEqual(['user: make some ads', 'assistant: ', 'tool: asked; the turn ends here', 'user: the kayak']);
  });

  it('places the nodes a model adds by how tall each is on the canvas: a video and a landing page touch no node', async () => {
    const launch = loadGraphText(
      await readFile(resolve(import.meta.dirname, '../../../examples/tiktok-launch.adloom.json'), 'utf8'),
    ).graph as GraphFile;
    const ops = [
      { op: 'addNode', id: 'clip', type: 'video.assemble', params: { duration: 6 }, near: 'overlay' },
      { op: 'connect', from: 'split.variants', to: 'clip.variant' },
      { op: 'connect', from: 'overlay.image', to: 'clip.images' },
      { op: 'connect', from: 'clip.video', to: 'export.videos' },
      { op: 'addNode', id: 'page', type: 'page.landing', params: { ctaUrl: 'https://example.com/' }, near: 'split' },
      { op: 'connect', from: 'split.variants', to: 'page.variant' },
      { op: 'connect', from: 'page.page', to: 'export.pages' },
    ];
    server.reply(streamed('', [{ name: 'edit_graph', arguments: { ops } }]), streamed('Added a 6 s video and a page.'));
    const turn = await runTurn({ message: 'add a 6 s video and a landing page', graph: launch, catalog, model: model() });
    expect(turn.status, turn.message).toBe('done');
    expect(turn.diff.nodesAdded.map((n) => n.id)).toEqual(['clip', 'page']);
    expect(touchingNodes(boxesOfGraph(turn.graph, ['clip', 'page']), boxesOfGraph(turn.graph))).toEqual([]);
  });

  it('says how many changes an edit makes as the proposal counts them, not how many ops it took', async () => {
    // One setInfo op changes the name and the description; one removeNode takes its wires with it.
    const graph = {
      ...empty(),
      nodes: {
        brief: { type: 'input.text', params: { name: 'brief' }, ui: { x: 0, y: 0 } },
        copy: { type: 'llm.adCopy', params: {}, ui: { x: 340, y: 0 } },
      },
      edges: [{ from: 'brief.text', to: 'copy.brief' }],
    };
    const ops = [
      { op: 'setInfo', name: 'Kayak', description: 'spring launch' },
      { op: 'removeNode', id: 'copy' },
    ];
    server.reply(streamed('', [{ name: 'edit_graph', arguments: { ops } }]), streamed('Renamed it and removed the copy.'));
    const events: TurnEvent[] = [];
    const turn = await runTurn({ message: 'tidy it', graph, catalog, model: model(), onEvent: (e) => events.push(e) });
    const lines = formatGraphDiff(turn.diff);
    expect(lines).toHaveLength(4);
    expect(events.filter((e) => e.type === 'tool').map((e) => (e as { summary: string }).summary)).toEqual([
      'edit_graph: 4 changes proposed',
    ]);
  });

  it('never calls the model without a message from the person', async () => {
    const result = await runTurn({ message: '  ', graph: empty(), catalog, model: model() });
    expect(result.status).toBe('refused');
    expect(server.requests).toHaveLength(0);
  });
});
