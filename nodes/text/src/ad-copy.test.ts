import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiError, completion, copiesAnswer, type FakeOpenAI, hang, raw, startFakeOpenAI, usage } from '../test/fake-openai.ts';
import { runTextNode } from '../test/run-text-node.ts';

const KEY = 'sk-test-9f8e7d6c5b4a';
const BRIEF = 'Trail running shoes with grippy soles for wet rock. Lightweight, waterproof. For weekend hikers.';

const good = (headline = 'Grip wet rock. Run light.') => ({
  headline,
  primaryText: 'Trail shoes with grippy soles for wet rock, light and waterproof.',
  description: 'Made for weekend hikers.',
  callToAction: 'Shop now',
});

let server: FakeOpenAI;
let env: Record<string, string | undefined>;
beforeEach(async () => {
  server = await startFakeOpenAI();
  env = { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: server.baseUrl };
});
afterEach(async () => {
  await server.close();
});
/** How errors name the server they came from. */
const who = () => `the server at ${new URL(server.baseUrl).origin}`;

const adCopy = (params: Record<string, unknown>, run = {}) =>
  runTextNode({ type: 'llm.adCopy', params: { provider: 'openai', ...params }, text: BRIEF, env, run });

describe('llm.adCopy with a server speaking the OpenAI API', () => {
  it('asks for structured output with the zod schema and returns copies labelled with platform and provider', async () => {
    server.reply(copiesAnswer([good(), good('Wet rock? No problem.')]));
    const { result, manifest, everything } = await adCopy({ platform: 'tiktok', count: 2, temperature: 0.7, seed: 42 });

    expect(result.status).toBe('succeeded');
    expect(result.outputs.get('copy')?.copies).toEqual([
      { ...good(), platform: 'tiktok', provider: 'openai' },
      { ...good('Wet rock? No problem.'), platform: 'tiktok', provider: 'openai' },
    ]);
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(request?.body).toMatchObject({ model: 'gpt-4o-mini', temperature: 0.7, seed: 42 });
    expect(request?.body.stream).toBeUndefined();
    const format = request?.body.response_format;
    expect(format.type).toBe('json_schema');
    expect(format.json_schema.name).toBe('ad_copies');
    expect(format.json_schema.strict).toBe(true);
    expect(Object.keys(format.json_schema.schema.properties.copies.items.properties)).toEqual([
      'headline',
      'primaryText',
      'description',
      'callToAction',
    ]);
    const [system, user] = request?.body.messages ?? [];
    expect(system.role).toBe('system');
    expect(system.content).toContain('Write 2 distinct variations');
    expect(system.content).toContain('primaryText: the ad text, at most 100');
    expect(user).toEqual({ role: 'user', content: BRIEF });

    // Token use and cost (gpt-4o-mini: $0.15 in, $0.60 out per million tokens) reach the manifest.
    const cost = (usage.prompt_tokens * 0.15 + usage.completion_tokens * 0.6) / 1_000_000;
    expect(result.nodes.get('copy')?.usage).toEqual([
      { provider: 'openai', model: 'gpt-4o-mini-2024-07-18', inputTokens: 120, outputTokens: 80, costUsd: cost },
    ]);
    expect(JSON.stringify(manifest)).toContain('"costUsd"');
    expect(everything).not.toContain(KEY);
  });

  it('sends an over-limit headline back with the field and by how much, then keeps the fixed answer', async () => {
    const tooLong = 'Trail running shoes that grip on every wet rock'; // 47 characters
    server.reply(copiesAnswer([good(tooLong)]), copiesAnswer([good('Grip every wet rock')]));
    const { result, events } = await adCopy({ platform: 'meta', count: 1 });

    expect(result.status).toBe('succeeded');
    expect(result.outputs.get('copy')?.copies).toEqual([
      { ...good('Grip every wet rock'), platform: 'meta', provider: 'openai' },
    ]);
    expect(server.requests).toHaveLength(2);
    const messages = server.requests[1]?.body.messages;
    expect(messages).toHaveLength(4);
    expect(messages[2]).toEqual({ role: 'assistant', content: JSON.stringify({ copies: [good(tooLong)] }) });
    expect(messages[3].role).toBe('user');
    expect(messages[3].content).toContain('copy 1: headline is 47 characters, 7 over the limit of 40');
    expect(events.some((e) => e.type === 'node.log' && e.message.includes('asking again (1 of 2)'))).toBe(true);
  });

  it('shortens a field still over its limit after two re-asks at a word boundary, marks it adjusted and warns', async () => {
    const tooLong = 'Google headlines must stay under thirty'; // 39 characters
    server.reply(copiesAnswer([good(tooLong)]), copiesAnswer([good(tooLong)]), copiesAnswer([good(tooLong)]));
    const { result, events, manifest } = await adCopy({ platform: 'google', count: 1 });

    expect(result.status).toBe('succeeded');
    expect(server.requests).toHaveLength(3);
    const [copy] = (result.outputs.get('copy')?.copies ?? []) as { headline: string; adjusted?: string[] }[];
    expect(copy?.headline).toBe('Google headlines must stay');
    expect(copy?.adjusted).toEqual(['headline']);
    expect(JSON.stringify(manifest.nodes.copy.outputs)).toContain('"adjusted":["headline"]');
    const warning = events.find((e) => e.type === 'node.log' && e.message.startsWith('warning:'));
    expect(warning && 'message' in warning && warning.message).toBe(
      'warning: copy 1: headline is 39 characters, 9 over the limit of 30, still after asking 3 times; adjusted to "Google headlines must stay"',
    );
  });

  it('asks again only for the fields that failed, with the limit and the length, and keeps the copies that passed', async () => {
    const first = good('Grip wet rock');
    const second = { ...good(), callToAction: 'Shop the whole trail collection today' };
    // The second answer also rewrites copy 1's headline, which passed: the node keeps the first one.
    server.reply(
      copiesAnswer([first, second]),
      copiesAnswer([good('Another headline'), { ...second, callToAction: 'Shop now' }]),
    );
    const { result } = await adCopy({ platform: 'meta', count: 2 });

    expect(result.status).toBe('succeeded');
    const copies = result.outputs.get('copy')?.copies as { headline: string; callToAction: string }[];
    expect(copies.map((c) => [c.headline, c.callToAction])).toEqual([
      ['Grip wet rock', 'Shop now'],
      [good().headline, 'Shop now'],
    ]);
    const reask = server.requests[1]?.body.messages[3].content as string;
    expect(reask).toContain('Keep every field not listed here exactly as it was');
    expect(reask).toContain('copy 2: callToAction is 37 characters, 17 over the limit of 20');
    expect(reask).not.toContain('copy 1:');
  });

  it("sends the platform's buttons as an enum, and matches an off-list call to action to the list when the model ignores it", async () => {
    const offList = { ...good(), callToAction: 'Learn More!' };
    server.reply(copiesAnswer([offList]), copiesAnswer([offList]), copiesAnswer([offList]));
    const { result } = await adCopy({ platform: 'tiktok', count: 1 });

    const schema = server.requests[0]?.body.response_format.json_schema.schema;
    const cta = schema.properties.copies.items.properties.callToAction;
    expect(cta.enum).toContain('Shop now');
    expect(cta.enum).toContain('Book now');
    expect(server.requests[0]?.body.messages[0].content).toContain(
      "callToAction: exactly one of the platform's buttons: Shop now, Learn more",
    );
    expect(server.requests[1]?.body.messages[3].content).toContain('"Learn More!" is not one of the platform\'s buttons');
    expect(result.status).toBe('succeeded');
    const [copy] = (result.outputs.get('copy')?.copies ?? []) as { callToAction: string; adjusted?: string[] }[];
    expect(copy).toMatchObject({ callToAction: 'Learn more', adjusted: ['callToAction'] });
  });

  it('counts Chinese, Japanese and Korean characters as 2 on Google, and takes emoji and # out of TikTok ad text', async () => {
    const wide = 'トレイルシューズ 防水 軽量 新登場'; // 15 wide characters and 3 spaces: 33 as Google counts
    server.reply(
      copiesAnswer([{ ...good(wide), callToAction: 'Shop now' }]),
      copiesAnswer([{ ...good(wide), callToAction: 'Shop now' }]),
      copiesAnswer([{ ...good(wide), callToAction: 'Shop now' }]),
    );
    const google = await adCopy({ platform: 'google', count: 1 });
    expect(server.requests[1]?.body.messages[3].content).toContain(
      'copy 1: headline is 33 characters (double-width characters count 2), 3 over the limit of 30',
    );
    const [copy] = (google.result.outputs.get('copy')?.copies ?? []) as { headline: string }[];
    expect(copy?.headline).toBe('トレイルシューズ 防水 軽量');

    const noisy = { ...good(), primaryText: 'Grip wet rock 🔥 #trailrun all weekend' };
    server.reply(copiesAnswer([noisy]), copiesAnswer([noisy]), copiesAnswer([noisy]));
    const tiktok = await adCopy({ platform: 'tiktok', count: 1 });
    const [fixed] = (tiktok.result.outputs.get('copy')?.copies ?? []) as { primaryText: string; adjusted?: string[] }[];
    expect(fixed?.primaryText).toBe('Grip wet rock trailrun all weekend');
    expect(fixed?.adjusted).toEqual(['primaryText']);
  });

  it('fails naming what is missing when fewer than count copies are left', async () => {
    server.reply(copiesAnswer([good()]), copiesAnswer([good()]), copiesAnswer([good()]));
    const { result } = await adCopy({ platform: 'meta', count: 2 });
    expect(result.status).toBe('failed');
    expect(result.nodes.get('copy')?.error?.message).toBe(
      'the model wrote 1 of 2 copies, still after asking 3 times; try another model',
    );
  });

  it('lets the limits param override the preset', async () => {
    server.reply(copiesAnswer([good('A headline of exactly thirty-three')]));
    const { result } = await adCopy({ platform: 'google', count: 1, limits: { headline: 40 } });
    expect(result.status).toBe('succeeded');
    expect(server.requests[0]?.body.messages[0].content).toContain('headline: at most 40');
  });

  it('treats a banned word like an over-limit field: asked again, then a failure naming the word', async () => {
    const cheap = { ...good(), primaryText: 'Cheap trail shoes that grip wet rock.' };
    server.reply(copiesAnswer([cheap]), copiesAnswer([cheap]), copiesAnswer([cheap]));
    const { result } = await adCopy({ count: 1, bannedWords: ['cheap', 'guaranteed'] });

    expect(server.requests[0]?.body.messages[0].content).toContain('Never use these words: cheap, guaranteed');
    expect(server.requests[1]?.body.messages[3].content).toContain('copy 1: primaryText uses the banned word "cheap"');
    expect(result.status).toBe('failed');
    expect(result.nodes.get('copy')?.error).toEqual({
      message: 'copy 1: primaryText uses the banned word "cheap", still after asking 3 times',
      param: 'bannedWords',
    });
  });

  it('asks again when the answer is not JSON for the schema', async () => {
    server.reply(completion('Here are your ads: ...'), completion(JSON.stringify({ ads: [] })), copiesAnswer([good()]));
    const { result } = await adCopy({ count: 1 });
    expect(result.status).toBe('succeeded');
    expect(server.requests).toHaveLength(3);
    expect(server.requests[1]?.body.messages[3].content).toContain('your answer was not valid JSON');
    expect(server.requests[2]?.body.messages[5].content).toContain('your answer did not match the schema at copies');
  });

  it('waits as long as Retry-After says after a 429, then succeeds', async () => {
    server.reply(apiError(429, 'Rate limit reached for gpt-4o-mini', { 'retry-after': '1' }), copiesAnswer([good()]));
    const { result, events } = await adCopy({ count: 1 });

    expect(result.status).toBe('succeeded');
    expect(server.requests).toHaveLength(2);
    const waited = (server.requests[1]?.at ?? 0) - (server.requests[0]?.at ?? 0);
    expect(waited).toBeGreaterThanOrEqual(990);
    expect(result.nodes.get('copy')?.attempts).toBe(2);
    const retry = events.find((e) => e.type === 'node.progress' && e.message?.includes('retrying'));
    expect(retry && 'message' in retry && retry.message).toMatch(
      /127\.0\.0\.1:\d+ is rate limiting requests: Rate limit reached.*retrying in 1\.\d s/,
    );
  });

  it('tries again after a 500 twice, then succeeds', async () => {
    server.reply(apiError(500, 'The server had an error'), apiError(502, 'Bad gateway'), copiesAnswer([good()]));
    const { result } = await adCopy({ count: 1 });
    expect(result.status).toBe('succeeded');
    expect(server.requests).toHaveLength(3);
    expect(result.nodes.get('copy')?.attempts).toBe(3);
  });

  it('does not retry an out-of-quota 429, which waiting cannot cure', async () => {
    server.reply(apiError(429, 'You exceeded your current quota', {}, 'insufficient_quota'));
    const { result } = await adCopy({ count: 1 });
    expect(result.status).toBe('failed');
    expect(server.requests).toHaveLength(1);
    expect(result.nodes.get('copy')?.error?.message).toBe(
      `${who()} refused: the account is out of quota (You exceeded your current quota)`,
    );
  });

  it("reports a 4xx in the server's own words, without retrying", async () => {
    server.reply(apiError(400, "Invalid schema for response_format 'ad_copies'"));
    const { result } = await adCopy({ count: 1 });
    expect(result.status).toBe('failed');
    expect(server.requests).toHaveLength(1);
    expect(result.nodes.get('copy')?.error?.message).toBe(
      `${who()} rejected the request (HTTP 400): Invalid schema for response_format 'ad_copies'`,
    );
  });

  it('fails clearly on a malformed JSON body, without retrying', async () => {
    server.reply(raw(200, 'application/json', '{"id": "chatcmpl-1", "choices": [{'));
    const { result } = await adCopy({ count: 1 });
    expect(result.status).toBe('failed');
    expect(server.requests).toHaveLength(1);
    const error = result.nodes.get('copy')?.error;
    expect(error?.message).toMatch(
      /^the server at http:\/\/127\.0\.0\.1:\d+ answered with a body that is not valid JSON \(.+\); is the base URL/,
    );
    expect(error?.param).toBe('baseUrl');
  });

  it('says so when the base URL serves a web page instead of the API', async () => {
    server.reply(raw(200, 'text/html', '<html>Welcome to nginx</html>'));
    const { result } = await adCopy({ count: 1 });
    expect(result.nodes.get('copy')?.error?.message).toMatch(/did not answer with a chat completion; is the base URL/);
  });

  it('retries a request that gets no answer within timeoutSec, then gives up', async () => {
    server.reply(hang(), hang(), hang(), hang());
    const { result } = await adCopy({ count: 1, timeoutSec: 0.2 });
    expect(result.status).toBe('failed');
    expect(server.requests).toHaveLength(4);
    expect(result.nodes.get('copy')?.error?.message).toBe(`${who()} did not answer in time (gave up after 4 attempts)`);
    // The client hung up on each request it gave up on.
    await Promise.all(server.requests.map((r) => r.closed));
  });

  it('stops a hung request at the node time limit and hangs up', async () => {
    server.reply(hang());
    const { result } = await adCopy({ count: 1 }, { nodeTimeoutMs: 300 });
    expect(result.status).toBe('failed');
    expect(result.nodes.get('copy')?.error?.message).toBe('took longer than its 0.3 s time limit');
    expect(server.requests).toHaveLength(1);
    await server.requests[0]?.closed;
  });

  it('cancels the request with the run', async () => {
    server.reply(hang());
    const controller = new AbortController();
    const running = adCopy({ count: 1 }, { signal: controller.signal });
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    const { result } = await running;
    expect(result.status).toBe('cancelled');
    await server.requests[0]?.closed;
  });
});

describe('llm.adCopy keys and servers', () => {
  it('fails before any request when the openai provider has no key, naming the node and the variable', async () => {
    env = { OPENAI_BASE_URL: server.baseUrl };
    const { result } = await adCopy({ count: 1 });
    expect(result.status).toBe('failed');
    expect(server.requests).toHaveLength(0);
    expect(result.nodes.get('copy')?.attempts).toBe(1);
    const error = result.nodes.get('copy')?.error;
    expect(error?.message).toContain('node "copy" uses OpenAI, but OPENAI_API_KEY is not set');
    expect(error?.param).toBe('provider');
  });

  it('reads the key from the host environment before the process one', async () => {
    process.env.OPENAI_API_KEY = 'sk-from-process';
    try {
      server.reply(copiesAnswer([good()]));
      await adCopy({ count: 1 });
      expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
    } finally {
      delete process.env.OPENAI_API_KEY;
    }
  });

  it('talks to a compatible server by baseUrl without a key, and never sends it the OpenAI key', async () => {
    env = { OPENAI_API_KEY: KEY };
    server.reply(copiesAnswer([good()]));
    const { result } = await runTextNode({
      type: 'llm.adCopy',
      params: { provider: 'compatible', baseUrl: server.baseUrl, model: 'llama3.1:8b', count: 1 },
      text: BRIEF,
      env,
    });
    expect(result.status).toBe('succeeded');
    expect(result.outputs.get('copy')?.copies).toEqual([{ ...good(), platform: 'tiktok', provider: 'compatible' }]);
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
    expect(server.requests[0]?.body.model).toBe('llama3.1:8b');
    // No price is known for a local model: tokens are recorded, cost is not.
    expect(result.nodes.get('copy')?.usage).toEqual([
      { provider: 'compatible', model: 'gpt-4o-mini-2024-07-18', inputTokens: 120, outputTokens: 80 },
    ]);
  });

  it('refuses to send the key to a server that only the graph names', async () => {
    env = { OPENAI_API_KEY: KEY };
    const { result } = await adCopy({ count: 1, baseUrl: server.baseUrl });
    expect(result.status).toBe('failed');
    expect(server.requests).toHaveLength(0);
    expect(result.nodes.get('copy')?.error?.message).toContain(`set OPENAI_BASE_URL=${server.baseUrl} in the environment`);
  });

  it('names the missing server for a compatible provider', async () => {
    env = {};
    const { result } = await adCopy({ provider: 'compatible', count: 1 });
    expect(result.nodes.get('copy')?.error).toEqual({
      message:
        'node "copy" uses a compatible server but names none: set its baseUrl param (e.g. http://localhost:11434/v1 for Ollama) or the OPENAI_BASE_URL environment variable',
      param: 'baseUrl',
    });
  });

  it('keeps the key out of errors, events and the manifest even when the server echoes it', async () => {
    server.reply(apiError(401, `Incorrect API key provided: ${KEY}.`));
    const { result, everything } = await adCopy({ count: 1 });
    expect(result.status).toBe('failed');
    expect(result.nodes.get('copy')?.error?.message).toBe(
      `${who()} refused the request (HTTP 401): Incorrect API key provided: [redacted].; check OPENAI_API_KEY`,
    );
    expect(everything).not.toContain(KEY);
  });
});
