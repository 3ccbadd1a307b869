import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiError, type FakeOpenAI, type Reply, startFakeOpenAI, streamed } from '../test/fake-openai.ts';
import { runTextNode } from '../test/run-text-node.ts';

const KEY = 'sk-test-generate-0123';
const PROMPT = 'Write a tagline for trail running shoes with grippy soles for wet rock';

let server: FakeOpenAI;
let env: Record<string, string | undefined>;
beforeEach(async () => {
  server = await startFakeOpenAI();
  env = { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: server.baseUrl };
});
afterEach(async () => {
  await server.close();
});

const generate = (params: Record<string, unknown>, options: { system?: string; run?: object } = {}) =>
  runTextNode({ type: 'llm.generate', params: { provider: 'openai', ...params }, text: PROMPT, env, ...options });

describe('llm.generate with a server speaking the OpenAI API', () => {
  it('streams the answer, reporting the text so far as progress', async () => {
    server.reply(streamed(['Grip ', 'the wet ', 'rock. ', 'Run on.'], 80));
    const { result, events, everything } = await generate(
      { temperature: 0.4, maxTokens: 60, seed: 3 },
      { system: 'You write short taglines.' },
    );

    expect(result.status).toBe('succeeded');
    expect(result.outputs.get('gen')).toEqual({
      text: 'Grip the wet rock. Run on.',
      texts: ['Grip the wet rock. Run on.'],
      provider: 'openai',
    });
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.body).toEqual({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'You write short taglines.' },
        { role: 'user', content: PROMPT },
      ],
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.4,
      seed: 3,
      max_completion_tokens: 60,
    });

    const progress = events.flatMap((e) => (e.type === 'node.progress' && e.nodeId === 'gen' ? [e] : []));
    const messages = progress.map((e) => e.message ?? '');
    // Each message is the answer so far: it grows chunk by chunk and ends with the whole answer.
    expect(messages.length).toBeGreaterThanOrEqual(3);
    expect(messages[0]).toBe('Grip ');
    messages.slice(1).forEach((message, i) => {
      expect(message.startsWith(messages[i] as string)).toBe(true);
    });
    expect(messages.at(-1)).toBe('Grip the wet rock. Run on.');
    expect(progress.at(-1)?.progress).toBe(1);
    for (const [a, b] of progress.slice(1).map((e, i) => [progress[i]?.progress ?? 0, e.progress])) {
      expect(b).toBeGreaterThanOrEqual(a as number);
    }

    // The usage chunk sent after the answer is recorded, with its cost.
    expect(result.nodes.get('gen')?.usage).toEqual([
      { provider: 'openai', model: 'gpt-4o-mini-2024-07-18', inputTokens: 120, outputTokens: 80, costUsd: 0.000066 },
    ]);
    expect(everything).not.toContain(KEY);
  });

  it('asks count times, with a seed per answer, and lists the answers', async () => {
    server.reply(streamed(['First.']), streamed(['Second.']), streamed(['Third.']));
    const { result } = await generate({ count: 3, seed: 7 });
    expect(result.outputs.get('gen')).toEqual({
      text: 'First.',
      texts: ['First.', 'Second.', 'Third.'],
      provider: 'openai',
    });
    expect(server.requests.map((r) => r.body.seed)).toEqual([7, 8, 9]);
    expect(result.nodes.get('gen')?.usage).toHaveLength(3);
  });

  it('sends max_tokens to a compatible server and no key', async () => {
    env = { OPENAI_BASE_URL: server.baseUrl };
    server.reply(streamed(['ok']));
    const { result } = await generate({ provider: 'compatible', model: 'qwen2.5:7b', maxTokens: 20 });
    expect(result.outputs.get('gen')?.provider).toBe('compatible');
    expect(server.requests[0]?.body.max_tokens).toBe(20);
    expect(server.requests[0]?.body.max_completion_tokens).toBeUndefined();
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
    expect(result.nodes.get('gen')?.usage?.[0]?.costUsd).toBeUndefined();
  });

  it('retries a 500 and a 503 before the stream starts, then streams', async () => {
    server.reply(apiError(500, 'boom'), apiError(503, 'overloaded', { 'retry-after-ms': '20' }), streamed(['Back.']));
    const { result } = await generate({});
    expect(result.outputs.get('gen')?.text).toBe('Back.');
    expect(result.nodes.get('gen')?.attempts).toBe(3);
  });

  it('tries again when the connection drops mid-stream', async () => {
    const dropMidStream: Reply = (_, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(
        `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: 'Half' }, finish_reason: null }] })}\n\n`,
      );
      setTimeout(() => res.destroy(), 20);
    };
    server.reply(dropMidStream, streamed(['Whole answer.']));
    const { result } = await generate({});
    expect(result.status).toBe('succeeded');
    expect(result.outputs.get('gen')?.text).toBe('Whole answer.');
    expect(server.requests).toHaveLength(2);
  });

  it('fails before any request without a key', async () => {
    env = {};
    const { result } = await generate({});
    expect(server.requests).toHaveLength(0);
    expect(result.nodes.get('gen')?.error?.message).toMatch(/^node "gen" uses OpenAI, but OPENAI_API_KEY is not set/);
  });
});

describe('llm.generate offline', () => {
  it('assembles text from the prompt without a network, the same for the same seed', async () => {
    const run = (seed: number, count = 2) =>
      runTextNode({ type: 'llm.generate', params: { seed, count }, text: PROMPT, env: { OPENAI_BASE_URL: server.baseUrl } });
    const first = await run(1);
    const again = await run(1);
    const outputs = first.result.outputs.get('gen') as { text: string; texts: string[]; provider: string };
    expect(outputs.provider).toBe('offline');
    expect(outputs.texts).toHaveLength(2);
    expect(outputs.texts[0]).not.toBe(outputs.texts[1]);
    expect(outputs.text.toLowerCase()).toContain('trail running shoes');
    expect(outputs.text).not.toMatch(/lorem|ipsum/i);
    expect(again.result.outputs.get('gen')).toEqual(outputs);
    expect(first.result.nodes.get('gen')?.usage).toEqual([{ provider: 'offline' }]);
    expect(server.requests).toHaveLength(0);
  });
});
