import { NodeError, TransientError } from '@adloom/engine';
import { RateLimitError } from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import { costOf, priceOf } from './model-prices.ts';
import { connectOpenAI, type OpenAIConnection } from './openai-connection.ts';
import { toNodeError } from './provider-errors.ts';

const KEY = 'sk-unit-abcdef';

describe('connectOpenAI', () => {
  it('talks to OpenAI with the key when nothing else is set', async () => {
    const connection = await connectOpenAI('copy', { provider: 'openai' }, { OPENAI_API_KEY: KEY });
    expect(connection.client.baseURL).toBe('https://api.openai.com/v1');
    expect(connection.client.apiKey).toBe(KEY);
    expect(connection.client.maxRetries).toBe(0);
    expect(connection.model).toBe('gpt-4o-mini');
    expect(connection.tokenLimit(50)).toEqual({ max_completion_tokens: 50 });
    expect(connection.tokenLimit(undefined)).toEqual({});
    expect(connection.redact(`bad key ${KEY}!`)).toBe('bad key [redacted]!');
  });

  it('sends the key to the server OPENAI_BASE_URL names, and only there', async () => {
    const env = { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: 'http://gateway.internal:8080/v1' };
    const trusted = await connectOpenAI('gen', { provider: 'compatible' }, env);
    expect(trusted.client.baseURL).toBe('http://gateway.internal:8080/v1');
    expect(trusted.client.apiKey).toBe(KEY);
    const elsewhere = await connectOpenAI('gen', { provider: 'compatible', baseUrl: 'http://localhost:11434/v1' }, env);
    expect(elsewhere.client.apiKey).not.toBe(KEY);
    await expect(connectOpenAI('gen', { provider: 'openai', baseUrl: 'https://evil.example/v1' }, env)).rejects.toThrow(
      /OPENAI_API_KEY is only sent to OpenAI or to OPENAI_BASE_URL, and the node's baseUrl points at https:\/\/evil\.example/,
    );
  });

  it('names the node and the variable when the key is missing', async () => {
    const thrown = await connectOpenAI('headlines', { provider: 'openai' }, {}).catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(NodeError);
    expect(thrown).toMatchObject({
      message:
        'node "headlines" uses OpenAI, but OPENAI_API_KEY is not set: set the OPENAI_API_KEY environment variable (or the key in the app\'s settings), or switch the node\'s provider to "offline"',
      param: 'provider',
    });
  });

  it('records tokens, and cost only for OpenAI models with a known price', async () => {
    const openai = await connectOpenAI('copy', { provider: 'openai', model: 'gpt-4.1-mini' }, { OPENAI_API_KEY: KEY });
    const tokens = { prompt_tokens: 1000, completion_tokens: 500, total_tokens: 1500 };
    expect(openai.usageOf(tokens, 'gpt-4.1-mini-2025-04-14')).toEqual({
      provider: 'openai',
      model: 'gpt-4.1-mini-2025-04-14',
      inputTokens: 1000,
      outputTokens: 500,
      costUsd: (1000 * 0.4 + 500 * 1.6) / 1_000_000,
    });
    expect(openai.usageOf(tokens, 'ft:my-own-model')).not.toHaveProperty('costUsd');
    expect(openai.usageOf(undefined, undefined)).toEqual({ provider: 'openai', model: 'gpt-4.1-mini' });
  });
});

describe('model prices', () => {
  it('finds dated snapshots and leaves unknown models without a price', () => {
    expect(priceOf('gpt-4o-2024-08-06')).toEqual(priceOf('gpt-4o'));
    expect(priceOf('gpt-4o-mini')).not.toEqual(priceOf('gpt-4o'));
    expect(costOf('llama3.1:8b', 100, 100)).toBeUndefined();
  });
});

describe('toNodeError', () => {
  let connection: OpenAIConnection;
  beforeAll(async () => {
    connection = await connectOpenAI('copy', { provider: 'openai' }, { OPENAI_API_KEY: KEY });
  });
  const signal = new AbortController().signal;

  it('makes a 429 transient with the wait the server asked for', async () => {
    const headers = new Headers({ 'retry-after': '3' });
    const error = await toNodeError(new RateLimitError(429, { message: 'slow down' }, undefined, headers), connection, signal);
    expect(error).toBeInstanceOf(TransientError);
    expect(error).toMatchObject({ message: 'OpenAI is rate limiting requests: slow down', retryAfterMs: 3000 });
  });

  it("prefers OpenAI's retry-after-ms", async () => {
    const headers = new Headers({ 'retry-after': '3', 'retry-after-ms': '250' });
    const error = await toNodeError(new RateLimitError(429, { message: 'slow down' }, undefined, headers), connection, signal);
    expect(error).toMatchObject({ retryAfterMs: 250 });
  });

  it("returns the engine's own reason once the run is cancelled or timed out", async () => {
    const controller = new AbortController();
    const reason = new NodeError('took longer than its 1 s time limit');
    controller.abort(reason);
    expect(await toNodeError(new Error('aborted'), connection, controller.signal)).toBe(reason);
  });
});
