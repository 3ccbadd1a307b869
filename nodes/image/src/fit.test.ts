import { join } from 'node:path';
import type { ArtifactRef } from '@adloom/engine';
import sharp from 'sharp';
import { beforeEach, describe, expect, it } from 'vitest';
import { graph, makeWorkDir, output, pixels, run, writeImage } from '../test/run-nodes.ts';
import { FORMAT_PRESETS } from './presets.ts';

let workDir: string;
beforeEach(async () => {
  workDir = await makeWorkDir();
});

function fitGraph(source: string, params: Record<string, unknown>) {
  return graph(
    {
      photo: { type: 'input.image', params: { name: 'photo', default: source } },
      fit: { type: 'image.fit', params },
    },
    [['photo.image', 'fit.image']],
  );
}

describe('image.fit', () => {
  it('makes one PNG per preset at the preset size, carrying its preset and safe zone', async () => {
    const source = await writeImage(join(workDir, 'landscape.jpg'), 800, 500, { format: 'jpeg', color: '#884422' });
    const presets = ['google-300x250', 'google-728x90', 'google-160x600', 'google-320x50', 'meta-4x5'];
    const result = await run(fitGraph(source, { presets }), workDir);
    expect(result.status).toBe('succeeded');
    const images = output<ArtifactRef[]>(result, 'fit', 'images');
    expect(images.map((i) => i.meta?.preset)).toEqual(presets);
    for (const [i, image] of images.entries()) {
      const preset = FORMAT_PRESETS.find((p) => p.id === presets[i]);
      const meta = await sharp(image.path).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['png', preset?.width, preset?.height]);
      expect(image.meta).toMatchObject({
        safeZone: preset?.safeZone,
        presetSize: { width: preset?.width, height: preset?.height },
        fit: 'crop',
      });
    }
    expect(images[0]?.meta?.maxKB).toBe(150);
    expect(result.logs('fit').some((l) => l.startsWith('meta-4x5: the 800×500 source was enlarged'))).toBe(true);
  });

  it('smart-crops towards what draws the eye (attention)', async () => {
    // A wide grey picture with one bright red square near its right edge: a 1:1 crop keeps the square.
    const source = join(workDir, 'subject.png');
    await sharp({ create: { width: 900, height: 300, channels: 3, background: '#808080' } })
      .composite([{ input: { create: { width: 120, height: 120, channels: 3, background: '#ff1010' } }, left: 740, top: 90 }])
      .png()
      .toFile(source);
    const result = await run(fitGraph(source, { presets: ['google-250x250'] }), workDir);
    const image = output<ArtifactRef[]>(result, 'fit', 'images')[0] as ArtifactRef;
    const p = await pixels(image.path);
    let red = 0;
    for (let i = 0; i < p.data.length; i += 3) if ((p.data[i] as number) > 200 && (p.data[i + 1] as number) < 80) red++;
    expect(red).toBeGreaterThan(250 * 250 * 0.05);
  });

  it('pads over a blurred copy: the whole picture stays, the bars are a darker blur of it', async () => {
    const source = await writeImage(join(workDir, 'tall.png'), 400, 800, { color: '#3080f0' });
    const result = await run(fitGraph(source, { presets: ['google-728x90'], mode: 'pad' }), workDir);
    const image = output<ArtifactRef[]>(result, 'fit', 'images')[0] as ArtifactRef;
    const p = await pixels(image.path);
    expect([p.width, p.height]).toEqual([728, 90]);
    // The picture (scaled to 45×90) sits in the middle, unchanged in colour.
    const [r, g, b] = p.at(364, 45);
    expect(Math.abs(r - 0x30) + Math.abs(g - 0x80) + Math.abs(b - 0xf0)).toBeLessThan(12);
    // Out at the sides: the same hue, dimmed.
    const side = p.at(20, 45);
    expect(side[2]).toBeLessThan(b - 10);
    expect(side[2]).toBeGreaterThan(side[0]);
  });

  it('lets a graph edit a safe zone and add its own format', async () => {
    const source = await writeImage(join(workDir, 'square.png'), 400, 400);
    const result = await run(
      fitGraph(source, {
        presets: ['tiktok-9x16', 'shop-banner'],
        safeZones: { 'tiktok-9x16': { bottom: 500 } },
        customPresets: [{ id: 'shop-banner', width: 200, height: 100, safeZone: { top: 5, right: 5, bottom: 5, left: 5 } }],
      }),
      workDir,
    );
    const [tiktok, shop] = output<ArtifactRef[]>(result, 'fit', 'images');
    expect(tiktok?.meta?.safeZone).toEqual({ top: 150, right: 150, bottom: 500, left: 60 });
    expect([shop?.width, shop?.height, shop?.meta?.preset]).toEqual([200, 100, 'shop-banner']);
  });

  it('stamps "offline draft" again on every format cut from an offline draft, and nowhere else', async () => {
    const drafted = await run(
      graph(
        {
          gen: { type: 'image.generate', params: { prompt: 'lemon soda can', width: 600, height: 600 } },
          fit: { type: 'image.fit', params: { presets: ['google-300x250'] } },
        },
        [['gen.images', 'fit.image']],
      ),
      workDir,
    );
    const draft = output<ArtifactRef[]>(drafted, 'gen', 'images')[0] as ArtifactRef;
    const stamped = output<ArtifactRef[]>(drafted, 'fit', 'images')[0] as ArtifactRef;
    expect(stamped.provider).toBe('offline');
    // The same picture from a plain file (no provider) is cut the same way, without the stamp.
    const plain = output<ArtifactRef[]>(
      await run(fitGraph(draft.path, { presets: ['google-300x250'] }), workDir),
      'fit',
      'images',
    )[0];
    const a = await pixels(stamped.path);
    const b = await pixels((plain as ArtifactRef).path);
    let differing = 0;
    for (let y = 0; y < a.height; y++) {
      for (let x = 0; x < a.width; x++) {
        if (a.at(x, y).join() === b.at(x, y).join()) continue;
        differing++;
        expect(x < a.width / 2 && y > a.height * 0.8, `pixel ${x},${y} changed`).toBe(true);
      }
    }
    expect(differing).toBeGreaterThan(200);
  });

  it('names the unknown preset and lists the known ones', async () => {
    const source = await writeImage(join(workDir, 'square.png'), 100, 100);
    const result = await run(fitGraph(source, { presets: ['tiktok-16x9'] }), workDir);
    expect(result.status).toBe('failed');
    expect(result.nodes.get('fit')?.error).toMatchObject({
      param: 'presets',
      message: expect.stringMatching(/no format preset "tiktok-16x9".*tiktok-9x16, reels-9x16/),
    });
  });
});
