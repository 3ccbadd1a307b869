import type { ArtifactRef } from '@adloom/engine';
import sharp from 'sharp';
import { beforeEach, describe, expect, it } from 'vitest';
import { graph, makeWorkDir, output, run } from '../test/run-nodes.ts';
import { promptKeywords } from './offline-images.ts';

let workDir: string;
beforeEach(async () => {
  workDir = await makeWorkDir();
});

const prompt = 'blue trail running shoes on a mountain path at sunrise, product photo';

function generate(params: Record<string, unknown>) {
  return graph({ gen: { type: 'image.generate', params: { provider: 'offline', prompt, ...params } } });
}

describe('image.generate with the offline provider', () => {
  it('draws real PNGs at the asked size, labelled offline, one per count with its own seed', async () => {
    const result = await run(generate({ width: 360, height: 640, count: 2, seed: 7 }), workDir);
    expect(result.status).toBe('succeeded');
    const images = output<ArtifactRef[]>(result, 'gen', 'images');
    expect(images).toHaveLength(2);
    for (const [i, image] of images.entries()) {
      const meta = await sharp(image.path).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['png', 360, 640]);
      expect(image).toMatchObject({ kind: 'image', mime: 'image/png', width: 360, height: 640, provider: 'offline' });
      expect(image.meta).toMatchObject({ prompt, seed: 7 + i });
    }
    expect(images[0]?.sha256).not.toBe(images[1]?.sha256);
    expect(result.nodes.get('gen')?.usage).toEqual([{ provider: 'offline', model: 'offline-draft', images: 2, costUsd: 0 }]);
  });

  it('is deterministic: the same prompt and seed give the same bytes; another seed does not', async () => {
    const first = output<ArtifactRef[]>(await run(generate({ aspect: '9:16', seed: 3 }), workDir), 'gen', 'images');
    const again = output<ArtifactRef[]>(await run(generate({ aspect: '9:16', seed: 3 }), workDir), 'gen', 'images');
    const other = output<ArtifactRef[]>(await run(generate({ aspect: '9:16', seed: 4 }), workDir), 'gen', 'images');
    expect(again[0]?.sha256).toBe(first[0]?.sha256);
    expect(other[0]?.sha256).not.toBe(first[0]?.sha256);
    // 9:16 at about a megapixel, in multiples of 64.
    expect([first[0]?.width, first[0]?.height]).toEqual([768, 1344]);
  });

  it('takes its colours from the prompt: a blue prompt draws mostly blue', async () => {
    const images = output<ArtifactRef[]>(await run(generate({ width: 256, height: 256 }), workDir), 'gen', 'images');
    const { channels } = await sharp(images[0]?.path).stats();
    const [r, , b] = channels.map((c) => c.mean) as [number, number, number];
    expect(b).toBeGreaterThan(r);
  });

  it('takes the prompt from its input over the param, and fails by name without one', async () => {
    const wired = graph(
      {
        brief: { type: 'input.text', params: { name: 'brief', default: 'red coffee mug' } },
        gen: { type: 'image.generate', params: { provider: 'offline', width: 64, height: 64 } },
      },
      [['brief.text', 'gen.prompt']],
    );
    const ok = await run(wired, workDir);
    expect(output<ArtifactRef[]>(ok, 'gen', 'images')[0]?.meta).toMatchObject({ prompt: 'red coffee mug' });

    const empty = await run(graph({ gen: { type: 'image.generate', params: { provider: 'offline' } } }), workDir);
    expect(empty.status).toBe('failed');
    expect(empty.nodes.get('gen')?.error).toMatchObject({ param: 'prompt', message: expect.stringContaining('has no prompt') });
  });

  it('picks the key words it writes on the draft', () => {
    expect(promptKeywords(prompt)).toEqual(['blue', 'trail', 'running', 'shoes']);
    expect(promptKeywords('A photo of the Eiffel Tower at night, 4k')).toEqual(['eiffel', 'tower', 'night']);
  });
});
