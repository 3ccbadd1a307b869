import { join } from 'node:path';
import type { ArtifactRef } from '@adloom/engine';
import sharp from 'sharp';
import { beforeEach, describe, expect, it } from 'vitest';
import { graph, makeWorkDir, output, run, writeImage } from '../test/run-nodes.ts';

let workDir: string;
beforeEach(async () => {
  workDir = await makeWorkDir();
});

/** A photo-like worst case for compression: gaussian noise over a colour. */
async function noisyImage(width: number, height: number): Promise<string> {
  const path = join(workDir, `noise-${width}x${height}.png`);
  await sharp({
    create: { width, height, channels: 3, background: '#6080a0', noise: { type: 'gaussian', mean: 128, sigma: 50 } },
  })
    .png()
    .toFile(path);
  return path;
}

function exportGraph(source: string, params: Record<string, unknown>, fit?: string) {
  const nodes: Record<string, { type: string; params?: Record<string, unknown> }> = {
    photo: { type: 'input.image', params: { name: 'photo', default: source } },
    out: { type: 'image.export', params },
  };
  if (!fit) return graph(nodes, [['photo.image', 'out.image']]);
  nodes.fit = { type: 'image.fit', params: { presets: [fit] } };
  return graph(nodes, [
    ['photo.image', 'fit.image'],
    ['fit.images', 'out.image'],
  ]);
}

describe('image.export', () => {
  it('writes png, jpeg and webp with the asked quality', async () => {
    const source = await writeImage(join(workDir, 'plain.png'), 120, 80, { bands: ['#ff0000', '#00ff00', '#0000ff'] });
    for (const format of ['png', 'jpeg', 'webp'] as const) {
      const result = await run(exportGraph(source, { format, quality: 70 }), workDir);
      const image = output(result, 'out', 'image');
      const meta = await sharp(image.path).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual([format, 120, 80]);
      expect(image.mime).toBe(`image/${format}`);
      if (format !== 'png') expect(image.meta?.quality).toBe(70);
    }
  });

  it('meets a byte budget by lowering the quality step by step', async () => {
    const source = await noisyImage(400, 300);
    const unbounded = output(await run(exportGraph(source, { format: 'jpeg', quality: 90 }), workDir), 'out', 'image');
    expect(unbounded.bytes).toBeGreaterThan(60_000);
    const result = await run(exportGraph(source, { format: 'jpeg', quality: 90, maxKB: 60 }), workDir);
    const image = output(result, 'out', 'image');
    expect(image.bytes).toBeLessThanOrEqual(60_000);
    expect(image.meta?.quality).toBeLessThan(90);
    expect((image.meta?.quality as number) % 5).toBe(0);
    expect([image.width, image.height]).toEqual([400, 300]);
    expect(result.logs('out').at(-1)).toMatch(/KB \(jpeg, quality \d+, 400×300\) within the 60 KB budget after \d+ tries/);
  });

  it("applies a Google display format's 150 KB budget on its own", async () => {
    const source = await noisyImage(700, 600);
    const result = await run(exportGraph(source, { format: 'png' }, 'google-300x250'), workDir);
    const image = output<ArtifactRef[]>(result, 'out', 'image')[0] as ArtifactRef;
    expect(image.bytes).toBeLessThanOrEqual(150_000);
    // Noise does not fit losslessly: it fell back to a palette.
    expect(image.meta).toMatchObject({ preset: 'google-300x250', budgetKB: 150, format: 'png', quality: expect.any(Number) });
    expect(result.logs('out')[0]).toBe('using the 150 KB budget of format google-300x250');
  });

  it('fails clearly when the budget cannot be met, naming the budget and the smallest size reached', async () => {
    const source = await noisyImage(400, 300);
    const result = await run(exportGraph(source, { format: 'jpeg', maxKB: 5 }), workDir);
    expect(result.status).toBe('failed');
    const error = result.nodes.get('out')?.error;
    expect(error?.param).toBe('maxKB');
    expect(error?.message).toMatch(
      /^cannot fit the 5 KB budget: the smallest file was \d+\.\d KB \(jpeg, quality 40, 400×300\) after 10 tries; set allowDownscale/,
    );
  });

  it('scales down only when allowed, keeping the shape', async () => {
    const source = await noisyImage(400, 300);
    const result = await run(exportGraph(source, { format: 'webp', maxKB: 12, allowDownscale: true, minScale: 0.3 }), workDir);
    expect(result.status).toBe('succeeded');
    const image = output(result, 'out', 'image');
    expect(image.bytes).toBeLessThanOrEqual(12_000);
    expect(image.meta?.scale).toBeLessThan(1);
    expect((image.width as number) / (image.height as number)).toBeCloseTo(4 / 3, 1);
    expect(result.logs('out')[0]).toMatch(/^scaled down to \d+×\d+ to fit the 12 KB budget/);
  });

  it('writes camera photos upright: the EXIF orientation is applied, not dropped', async () => {
    // Stored 200×100 with orientation 6 (rotate 90° clockwise to view): upright it is 100×200.
    const source = join(workDir, 'sideways.jpg');
    await sharp({ create: { width: 200, height: 100, channels: 3, background: '#808080' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toFile(source);
    const image = output(await run(exportGraph(source, { format: 'png' }), workDir), 'out', 'image');
    const meta = await sharp(image.path).metadata();
    expect([meta.width, meta.height, meta.orientation]).toEqual([100, 200, undefined]);
  });

  it('keeps the provider of its image', async () => {
    const g = graph(
      {
        gen: { type: 'image.generate', params: { prompt: 'green tea', width: 200, height: 200 } },
        out: { type: 'image.export', params: { format: 'webp' } },
      },
      [['gen.images', 'out.image']],
    );
    const images = output<ArtifactRef[]>(await run(g, workDir), 'out', 'image');
    expect(images[0]?.provider).toBe('offline');
  });
});
