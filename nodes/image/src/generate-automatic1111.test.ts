import type { ServerResponse } from 'node:http';
import type { ArtifactRef } from '@adloom/engine';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SeenRequest, type StubServer, sendJson, startStubServer } from '../test/http-stub.ts';
import { graph, makeWorkDir, output, run } from '../test/run-nodes.ts';

let workDir: string;
let server: StubServer;
let script: ((request: SeenRequest, response: ServerResponse) => void)[];

/** Automatic1111's txt2img: base64 PNGs in `images`, the seeds in the `info` JSON string, and one extension image after the batch. */
async function txt2img(request: SeenRequest, response: ServerResponse): Promise<void> {
  const body = request.json as { width: number; height: number; batch_size: number; seed: number };
  const images: string[] = [];
  for (let i = 0; i < body.batch_size + 1; i++) {
    const png = await sharp({
      create: { width: body.width, height: body.height, channels: 3, background: { r: 200, g: 60 * i, b: 40 } },
    })
      .png()
      .toBuffer();
    images.push(png.toString('base64'));
  }
  const seeds = Array.from({ length: body.batch_size }, (_, i) => body.seed + i);
  sendJson(response, 200, { images, parameters: body, info: JSON.stringify({ seed: body.seed, all_seeds: seeds }) });
}

beforeEach(async () => {
  workDir = await makeWorkDir();
  script = [];
  server = await startStubServer(async (request, response) => {
    if (request.method !== 'POST' || request.path !== '/sdapi/v1/txt2img')
      return sendJson(response, 404, { detail: 'Not Found' });
    const step = script[server.requests.length - 1];
    if (step) return step(request, response);
    await txt2img(request, response);
  });
});
afterEach(async () => {
  await server.close();
});

function a1111(params: Record<string, unknown> = {}) {
  return graph({
    gen: {
      type: 'image.generate',
      params: {
        provider: 'automatic1111',
        prompt: 'a red bicycle against a white wall',
        seed: 1234,
        width: 300,
        height: 250,
        ...params,
      },
    },
  });
}

describe('image.generate with the automatic1111 provider (local server)', () => {
  it('posts txt2img with prompt, seed, size in multiples of 8 and settings, and keeps the batch', async () => {
    const result = await run(
      a1111({
        negativePrompt: 'lowres',
        count: 2,
        steps: 25,
        cfgScale: 6.5,
        sampler: 'DPM++ 2M',
        model: 'sdxl_base.safetensors',
      }),
      workDir,
      { providers: { env: { AUTOMATIC1111_URL: server.origin } } },
    );
    expect(result.status).toBe('succeeded');
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.json).toEqual({
      prompt: 'a red bicycle against a white wall',
      negative_prompt: 'lowres',
      seed: 1234,
      width: 304,
      height: 248,
      batch_size: 2,
      n_iter: 1,
      steps: 25,
      cfg_scale: 6.5,
      sampler_name: 'DPM++ 2M',
      override_settings: { sd_model_checkpoint: 'sdxl_base.safetensors' },
      override_settings_restore_afterwards: true,
      send_images: true,
      save_images: false,
    });
    const images = output<ArtifactRef[]>(result, 'gen', 'images');
    // The extension's extra image after the batch is dropped.
    expect(images).toHaveLength(2);
    expect(images.map((i) => i.meta?.seed)).toEqual([1234, 1235]);
    for (const image of images) {
      expect(image).toMatchObject({ mime: 'image/png', width: 304, height: 248, provider: 'automatic1111' });
      expect(image.meta?.sizeNote).toBe(
        'asked for 300×250; Automatic1111 makes 304×248 instead (sides are multiples of 8 from 64 to 4096)',
      );
    }
    expect(result.nodes.get('gen')?.usage).toEqual([{ provider: 'automatic1111', images: 2 }]);
  });

  it('retries a 500 and a 503 with Retry-After, then succeeds', async () => {
    script = [
      (_, res) => sendJson(res, 500, { error: 'OutOfMemoryError', detail: '', body: '', errors: 'CUDA out of memory' }),
      (_, res) => sendJson(res, 503, { detail: 'busy' }, { 'retry-after': '0' }),
    ];
    const result = await run(a1111({ baseUrl: server.origin }), workDir);
    expect(result.status).toBe('succeeded');
    expect(result.nodes.get('gen')?.attempts).toBe(3);
    const messages = result.events.flatMap((e) =>
      e.type === 'node.progress' && e.message?.includes('retrying') ? [e.message] : [],
    );
    expect(messages[0]).toMatch(/^Automatic1111 answered 500 to POST \/sdapi\/v1\/txt2img: OutOfMemoryError; retrying/);
  });

  it("fails at once on a 422 with the server's words", async () => {
    script = [
      (_, res) =>
        sendJson(res, 422, {
          detail: [{ loc: ['body', 'width'], msg: 'value is not a valid integer', type: 'type_error.integer' }],
        }),
    ];
    const result = await run(a1111({ baseUrl: server.origin }), workDir);
    expect(result.status).toBe('failed');
    expect(result.nodes.get('gen')?.attempts).toBe(1);
    expect(result.nodes.get('gen')?.error?.message).toBe(
      'Automatic1111 answered 422 to POST /sdapi/v1/txt2img: body.width: value is not a valid integer',
    );
  });

  it('says the server is not running when nothing listens, after retrying', async () => {
    const origin = server.origin;
    await server.close();
    server = await startStubServer(() => {});
    const result = await run(a1111({ baseUrl: origin }), workDir);
    expect(result.status).toBe('failed');
    expect(result.nodes.get('gen')?.error?.message).toBe(
      `could not reach Automatic1111 at ${origin}: ECONNREFUSED; is it running? (gave up after 4 attempts)`,
    );
  });
});
