import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { ArtifactRef } from '@adloom/engine';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SeenRequest, type StubServer, sendJson, startStubServer } from '../test/http-stub.ts';
import { graph, makeWorkDir, output, run } from '../test/run-nodes.ts';

let workDir: string;
let server: StubServer;
/** How the fake OpenAI answers each request in turn; after the last, it succeeds. */
let script: ((request: SeenRequest, response: ServerResponse) => void)[];

async function pngBase64(width: number, height: number): Promise<string> {
  const png = await sharp({ create: { width, height, channels: 3, background: '#2a9d8f' } })
    .png()
    .toBuffer();
  return png.toString('base64');
}

/** The OpenAI images API: `POST /v1/images/generations` → `data[].b64_json`, sized as asked. */
async function succeed(request: SeenRequest, response: ServerResponse): Promise<void> {
  const body = request.json as { n?: number; size?: string };
  const [width, height] = (body.size ?? '1024x1024').split('x').map(Number) as [number, number];
  // Small real PNGs keep the test fast; the size is read back from the file.
  const b64 = await pngBase64(width / 16, height / 16);
  sendJson(response, 200, {
    created: 1700000000,
    data: Array.from({ length: body.n ?? 1 }, () => ({ b64_json: b64 })),
    usage: {
      input_tokens: 50,
      output_tokens: 4000,
      total_tokens: 4050,
      input_tokens_details: { text_tokens: 50, image_tokens: 0 },
    },
  });
}

beforeEach(async () => {
  workDir = await makeWorkDir();
  script = [];
  server = await startStubServer(async (request, response) => {
    if (request.method !== 'POST' || request.path !== '/v1/images/generations') {
      return sendJson(response, 404, { error: { message: `no route ${request.path}` } });
    }
    const step = script[server.requests.length - 1];
    if (step) return step(request, response);
    await succeed(request, response);
  });
});
afterEach(async () => {
  await server.close();
});

function openai(params: Record<string, unknown> = {}) {
  return graph({
    gen: { type: 'image.generate', params: { provider: 'openai', prompt: 'a teal ceramic mug on a desk', seed: 0, ...params } },
  });
}

function env(extra: Record<string, string> = {}) {
  return { providers: { env: { OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: `${server.origin}/v1`, ...extra } } };
}

describe('image.generate with the openai provider (real client, local server)', () => {
  it('sends the OpenAI images request and stores the base64 PNGs it gets back', async () => {
    const result = await run(openai({ count: 2, width: 1080, height: 1920, negativePrompt: 'text, watermark' }), workDir, env());
    expect(result.status).toBe('succeeded');
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests as [SeenRequest];
    expect(request.headers.authorization).toBe('Bearer test-key');
    // 1080×1920 is not a gpt-image-1 size: the nearest in shape is 1024×1536.
    expect(request.json).toEqual({
      model: 'gpt-image-1',
      prompt: 'a teal ceramic mug on a desk\n\nAvoid: text, watermark',
      n: 2,
      size: '1024x1536',
      output_format: 'png',
    });
    const images = output<ArtifactRef[]>(result, 'gen', 'images');
    expect(images).toHaveLength(2);
    for (const image of images) {
      expect(image).toMatchObject({ kind: 'image', mime: 'image/png', width: 64, height: 96, provider: 'openai' });
      expect(image.meta).toMatchObject({ model: 'gpt-image-1', requestedSize: { width: 1080, height: 1920 } });
      expect(image.meta?.sizeNote).toMatch(/^asked for 1080×1920; OpenAI gpt-image-1 makes 1024×1536 instead/);
    }
    expect(result.logs('gen')).toContain(images[0]?.meta?.sizeNote);
    expect(result.nodes.get('gen')?.usage).toEqual([
      {
        provider: 'openai',
        model: 'gpt-image-1',
        images: 2,
        inputTokens: 50,
        outputTokens: 4000,
        costUsd: (50 * 5 + 4000 * 40) / 1e6,
      },
    ]);
  });

  it('waits as long as a 429 Retry-After asks, then succeeds', async () => {
    script = [
      (_, res) =>
        sendJson(res, 429, { error: { message: 'Rate limit reached for images', type: 'requests' } }, { 'retry-after': '0.3' }),
    ];
    const result = await run(openai(), workDir, env());
    expect(result.status).toBe('succeeded');
    expect(server.requests).toHaveLength(2);
    const [first, second] = server.requests as [SeenRequest, SeenRequest];
    expect(second.at - first.at).toBeGreaterThanOrEqual(290);
    expect(result.nodes.get('gen')?.attempts).toBe(2);
    const retry = result.events.find((e) => e.type === 'node.progress' && e.message?.includes('retrying'));
    expect(retry && 'message' in retry ? retry.message : '').toMatch(
      /^OpenAI answered 429 Rate limit reached for images; retrying in 0\.3/,
    );
  });

  it('retries a 500 twice, then succeeds', async () => {
    const fail = (_: SeenRequest, res: ServerResponse) => sendJson(res, 500, { error: { message: 'The server had an error' } });
    script = [fail, fail];
    const result = await run(openai(), workDir, env());
    expect(result.status).toBe('succeeded');
    expect(result.nodes.get('gen')?.attempts).toBe(3);
    expect(output<ArtifactRef[]>(result, 'gen', 'images')).toHaveLength(1);
  });

  it('treats a request that takes too long as transient and tries again', async () => {
    script = [() => {}]; // never answers
    const result = await run(openai({ requestTimeoutMs: 200 }), workDir, env());
    expect(result.status).toBe('succeeded');
    expect(server.requests).toHaveLength(2);
    const retry = result.events.find((e) => e.type === 'node.progress' && e.message?.includes('retrying'));
    expect(retry && 'message' in retry ? retry.message : '').toMatch(/^OpenAI did not answer within 0\.2 s/);
  });

  it("fails at once with the server's words on a 400", async () => {
    script = [
      (_, res) =>
        sendJson(res, 400, {
          error: {
            message: 'Your request was rejected by the safety system.',
            type: 'image_generation_user_error',
            code: 'moderation_blocked',
          },
        }),
    ];
    const result = await run(openai(), workDir, env());
    expect(result.status).toBe('failed');
    expect(server.requests).toHaveLength(1);
    expect(result.nodes.get('gen')?.error?.message).toBe(
      'OpenAI refused the request: 400 Your request was rejected by the safety system.',
    );
  });

  it('fails clearly on a body that is not JSON', async () => {
    script = [(_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"data": [{"b64_json": ')];
    const result = await run(openai(), workDir, env());
    expect(result.status).toBe('failed');
    expect(result.nodes.get('gen')?.error?.message).toMatch(/^OpenAI answered with a body that is not valid JSON/);
  });

  it('names the node and the variable when OPENAI_API_KEY is missing, before any request', async () => {
    const result = await run(openai(), workDir, { providers: { env: { OPENAI_BASE_URL: `${server.origin}/v1` } } });
    expect(result.status).toBe('failed');
    expect(server.requests).toHaveLength(0);
    expect(result.nodes.get('gen')?.error).toMatchObject({
      param: 'provider',
      message: expect.stringMatching(/^node "gen" uses OpenAI, but OPENAI_API_KEY is not set/),
    });
  });

  it('[sdk.K1] never sends OPENAI_API_KEY to a baseUrl written in the graph', async () => {
    const catcher = await startStubServer((_, response) => sendJson(response, 200, { data: [] }));
    try {
      const result = await run(openai({ baseUrl: `${catcher.origin}/v1` }), workDir, env());
      expect(result.status).toBe('failed');
      expect(catcher.requests).toHaveLength(0);
      expect(server.requests).toHaveLength(0);
      expect(result.nodes.get('gen')?.error).toMatchObject({
        param: 'baseUrl',
        message: expect.stringContaining(
          `OPENAI_API_KEY is only sent to OpenAI or to OPENAI_BASE_URL, and the node's baseUrl points at ${catcher.origin}`,
        ),
      });
    } finally {
      await catcher.close();
    }
  });

  it('[engine.S1] keeps the key out of the failure, the events and the manifest when the server quotes it back', async () => {
    const key = 'sk-proj-4f9d2c7a1b8e6f0d3c5a';
    script = [
      (request, res) =>
        sendJson(res, 401, {
          error: { message: `Incorrect API key provided: ${request.headers.authorization}`, code: 'invalid_api_key' },
        }),
    ];
    const result = await run(openai(), workDir, env({ OPENAI_API_KEY: key }));
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${key}`);
    expect(result.status).toBe('failed');
    const failure = result.events.find((e) => e.type === 'node.failed');
    expect(JSON.stringify(failure)).toContain('Incorrect API key provided: Bearer [redacted]');
    expect(JSON.stringify(result.events)).not.toContain(key);
    const manifest = await readFile(join(result.outDir, 'manifest.json'), 'utf8');
    expect(manifest).toContain('[redacted]');
    expect(manifest).not.toContain(key);
  });

  it('counts as provider "openai" for per-provider limits', async () => {
    const slow = async (request: SeenRequest, response: ServerResponse) => {
      await new Promise((resolve) => setTimeout(resolve, 60));
      await succeed(request, response);
    };
    script = [slow, slow, slow];
    const g = graph({
      a: { type: 'image.generate', params: { provider: 'openai', prompt: 'one' } },
      b: { type: 'image.generate', params: { provider: 'openai', prompt: 'two' } },
      c: { type: 'image.generate', params: { provider: 'openai', prompt: 'three' } },
    });
    const result = await run(g, workDir, { ...env(), providerLimits: { openai: 1 } });
    expect(result.status).toBe('succeeded');
    expect(server.requests).toHaveLength(3);
    expect(server.maxInFlight).toBe(1);
  });
});
