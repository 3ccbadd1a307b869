import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArtifactRef } from '@adloom/engine';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ComfyStub, type ComfyStubOptions, startComfyStub } from '../test/comfyui-server.ts';
import { graph, makeWorkDir, output, run } from '../test/run-nodes.ts';

const FIXTURE = new URL('../test/fixtures/sd15-api-workflow.json', import.meta.url).pathname;

let workDir: string;
let comfy: ComfyStub | undefined;

beforeEach(async () => {
  workDir = await makeWorkDir();
  await copyFile(FIXTURE, join(workDir, 'workflow.json'));
});
afterEach(async () => {
  await comfy?.close();
  comfy = undefined;
});

async function start(options: ComfyStubOptions = {}): Promise<ComfyStub> {
  comfy = await startComfyStub(options);
  return comfy;
}

function comfyGraph(params: Record<string, unknown>) {
  return graph({
    gen: {
      type: 'image.generate',
      params: {
        provider: 'comfyui',
        baseUrl: comfy?.origin,
        workflow: 'workflow.json',
        prompt: 'trail running shoes on wet rock, studio light',
        negativePrompt: 'blurry, text',
        seed: 42,
        ...params,
      },
    },
  });
}

describe('image.generate with the comfyui provider (local ComfyUI stand-in)', () => {
  it('patches prompt, negative prompt, seed and size into the workflow, follows the websocket and fetches the images', async () => {
    const server = await start();
    const result = await run(comfyGraph({ width: 512, height: 768, count: 2 }), workDir);
    expect(result.status).toBe('succeeded');

    expect(server.prompts).toHaveLength(1);
    const { prompt: workflow, client_id } = server.prompts[0] as ComfyStub['prompts'][number];
    expect(server.socketClients).toEqual([client_id]);
    expect(workflow['6']?.inputs.text).toBe('trail running shoes on wet rock, studio light');
    expect(workflow['7']?.inputs.text).toBe('blurry, text');
    expect(workflow['3']?.inputs.seed).toBe(42);
    expect(workflow['5']?.inputs).toEqual({ width: 512, height: 768, batch_size: 2 });
    // Everything else as saved.
    expect(workflow['4']?.inputs).toEqual({ ckpt_name: 'v1-5-pruned-emaonly.safetensors' });
    expect(workflow['3']?.inputs.steps).toBe(20);

    const images = output<ArtifactRef[]>(result, 'gen', 'images');
    expect(images).toHaveLength(2);
    for (const image of images) expect(image).toMatchObject({ mime: 'image/png', width: 512, height: 768, provider: 'comfyui' });
    expect(images[0]?.sha256).not.toBe(images[1]?.sha256);
    // Saved images fetched from /view; the temp preview left alone.
    expect(server.views.map((v) => [v.get('filename'), v.get('subfolder'), v.get('type')])).toEqual([
      ['ComfyUI_prompt-1_00001_.png', 'adloom', 'output'],
      ['ComfyUI_prompt-1_00002_.png', 'adloom', 'output'],
    ]);
    // The websocket said when it was done: /history read once, not polled.
    expect(server.historyRequests).toBe(1);
    const progress = result.events.flatMap((e) => (e.type === 'node.progress' && e.nodeId === 'gen' ? [e.message] : []));
    expect(progress).toContain('step 2 of 3');
    expect(result.logs('gen')[0]).toBe(
      'patched the workflow: prompt → node 6 (CLIPTextEncode).text; negative prompt → node 7 (CLIPTextEncode).text; seed → node 3 (KSampler).seed; width → node 5 (EmptyLatentImage).width; height → node 5 (EmptyLatentImage).height; count → node 5 (EmptyLatentImage).batch_size',
    );
    expect(result.nodes.get('gen')?.usage).toEqual([{ provider: 'comfyui', images: 2 }]);
  });

  it('polls /history when the server offers no websocket, and snaps sizes to multiples of 8', async () => {
    const server = await start({ websocket: false, runMs: 300 });
    const result = await run(comfyGraph({ width: 300, height: 250 }), workDir);
    expect(result.status).toBe('succeeded');
    expect(server.historyRequests).toBeGreaterThan(1);
    expect(result.logs('gen').some((l) => l.includes('following the prompt by polling /history'))).toBe(true);
    expect(server.prompts[0]?.prompt['5']?.inputs).toMatchObject({ width: 304, height: 248 });
    const [image] = output<ArtifactRef[]>(result, 'gen', 'images');
    expect([image?.width, image?.height]).toEqual([304, 248]);
    expect(image?.meta?.sizeNote).toBe(
      'asked for 300×250; ComfyUI makes 304×248 instead (sides are multiples of 8 from 16 to 8192)',
    );
  });

  it("reports ComfyUI's own words when a node fails while running", async () => {
    await start({ executionError: 'CUDA out of memory. Tried to allocate 2.00 GiB' });
    const result = await run(comfyGraph({}), workDir);
    expect(result.status).toBe('failed');
    expect(result.nodes.get('gen')?.attempts).toBe(1);
    expect(result.nodes.get('gen')?.error?.message).toBe(
      'ComfyUI failed in node 3 (KSampler): torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB',
    );
  });

  it('names the node ComfyUI refused the prompt for', async () => {
    await start({
      rejectPrompt: {
        nodeId: '4',
        classType: 'CheckpointLoaderSimple',
        message: 'Value not in list',
        details: "ckpt_name: 'v1-5-pruned-emaonly.safetensors' not in []",
      },
    });
    const result = await run(comfyGraph({}), workDir);
    expect(result.nodes.get('gen')?.error?.message).toBe(
      "ComfyUI answered 400 to POST /prompt: Prompt outputs failed validation; node 4 (CheckpointLoaderSimple): Value not in list: ckpt_name: 'v1-5-pruned-emaonly.safetensors' not in []",
    );
  });

  it('on cancel, stops waiting and asks ComfyUI to drop and interrupt its prompt', async () => {
    const server = await start({ runMs: 5000 });
    const controller = new AbortController();
    const running = run(comfyGraph({}), workDir, { signal: controller.signal });
    while (server.prompts.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    const result = await running;
    expect(result.status).toBe('cancelled');
    while (server.requests.filter((r) => r.path === '/interrupt').length === 0)
      await new Promise((resolve) => setTimeout(resolve, 5));
    expect(server.requests.find((r) => r.path === '/queue')?.json).toEqual({ delete: ['prompt-1'] });
    expect(server.requests.find((r) => r.path === '/interrupt')?.json).toEqual({ prompt_id: 'prompt-1' });
  });

  it('asks for a workflow file, and refuses the editor format', async () => {
    await start();
    const none = await run(comfyGraph({ workflow: undefined }), workDir);
    expect(none.nodes.get('gen')?.error).toMatchObject({ param: 'workflow', message: expect.stringContaining('Export (API)') });
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(workDir, 'ui.json'), JSON.stringify({ nodes: [], links: [], version: 0.4 }));
    const ui = await run(comfyGraph({ workflow: 'ui.json' }), workDir);
    expect(ui.nodes.get('gen')?.error?.message).toMatch(/is in ComfyUI's editor format; this node needs the API format/);
  });
});
