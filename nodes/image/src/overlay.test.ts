import { join } from 'node:path';
import type { ArtifactRef } from '@adloom/engine';
import sharp from 'sharp';
import { beforeEach, describe, expect, it } from 'vitest';
import { graph, makeWorkDir, output, pixels, run, writeImage } from '../test/run-nodes.ts';
import { fontFace } from './fonts.ts';
import type { Rect } from './presets.ts';
import { renderTextMask } from './text-render.ts';

let workDir: string;
beforeEach(async () => {
  workDir = await makeWorkDir();
});

const HEADLINE = 'Run further on every trail this spring';

interface OverlayMeta {
  headline: string;
  headlineSize: number;
  cta?: string;
  contrast: number;
  scrim?: { alpha: number; contrastBefore: number; contrastAfter: number };
}

/** What image.overlay recorded about its work on an image. */
function overlayOf(image: ArtifactRef): OverlayMeta {
  return (image.meta?.overlay ?? {}) as OverlayMeta;
}

async function logoFile(): Promise<string> {
  const path = join(workDir, 'logo.png');
  await sharp({ create: { width: 200, height: 80, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .composite([
      {
        input: Buffer.from(
          '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="80"><circle cx="40" cy="40" r="36" fill="#ff5a1f"/></svg>',
        ),
      },
    ])
    .png()
    .toFile(path);
  return path;
}

/** Counts pixels that differ from `background` inside and outside `rect`. */
async function changedPixels(path: string, background: [number, number, number], rect: Rect) {
  const p = await pixels(path);
  let inside = 0;
  let outside = 0;
  for (let y = 0; y < p.height; y++) {
    for (let x = 0; x < p.width; x++) {
      const [r, g, b] = p.at(x, y);
      const changed = r !== background[0] || g !== background[1] || b !== background[2];
      if (!changed) continue;
      const within = x >= rect.x && x < rect.x + rect.width && y >= rect.y && y < rect.y + rect.height;
      if (within) inside++;
      else outside++;
    }
  }
  return { inside, outside };
}

function overlayGraph(
  source: string,
  params: Record<string, unknown>,
  extra: { logo?: string; headline?: string; cta?: string } = {},
) {
  const nodes: Record<string, { type: string; params?: Record<string, unknown> }> = {
    photo: { type: 'input.image', params: { name: 'photo', default: source } },
    over: { type: 'image.overlay', params },
  };
  const edges: [string, string][] = [['photo.image', 'over.image']];
  if (extra.headline !== undefined) {
    nodes.headline = { type: 'input.text', params: { name: 'headline', default: extra.headline } };
    edges.push(['headline.text', 'over.headline']);
  }
  if (extra.cta !== undefined) {
    nodes.cta = { type: 'input.text', params: { name: 'cta', default: extra.cta } };
    edges.push(['cta.text', 'over.cta']);
  }
  if (extra.logo) {
    nodes.logo = { type: 'input.image', params: { name: 'logo', default: extra.logo } };
    edges.push(['logo.image', 'over.logo']);
  }
  return graph(nodes, edges);
}

describe('image.overlay', () => {
  it('[image.O1] keeps headline, button and logo inside each preset safe zone: pixels outside stay untouched', async () => {
    const source = await writeImage(join(workDir, 'dark.png'), 600, 600, { color: '#203040' });
    const logo = await logoFile();
    const presets = ['tiktok-9x16', 'meta-4x5', 'google-300x250', 'google-728x90', 'google-160x600', 'google-320x50'];
    const g = graph(
      {
        photo: { type: 'input.image', params: { name: 'photo', default: source } },
        logo: { type: 'input.image', params: { name: 'logo', default: logo } },
        copy: { type: 'test.copy', params: { headline: HEADLINE, callToAction: 'Shop now' } },
        fit: { type: 'image.fit', params: { presets } },
        over: { type: 'image.overlay', params: {} },
      },
      [
        ['photo.image', 'fit.image'],
        ['fit.images', 'over.image'],
        ['copy.copy', 'over.copy'],
        ['logo.image', 'over.logo'],
      ],
    );
    const result = await run(g, workDir);
    expect(result.status).toBe('succeeded');
    const images = output<ArtifactRef[]>(result, 'over', 'image');
    expect(images.map((i) => i.meta?.preset)).toEqual(presets);
    for (const image of images) {
      const zone = image.meta?.safeZone as { top: number; right: number; bottom: number; left: number };
      const rect = {
        x: zone.left,
        y: zone.top,
        width: (image.width as number) - zone.left - zone.right,
        height: (image.height as number) - zone.top - zone.bottom,
      };
      expect(image.meta?.safeRect).toEqual(rect);
      const overlay = overlayOf(image);
      expect(overlay).toMatchObject({ headline: HEADLINE, cta: 'Shop now' });
      // White on dark blue is plenty of contrast: no scrim.
      expect(overlay.scrim).toBeUndefined();
      const changed = await changedPixels(image.path, [0x20, 0x30, 0x40], rect);
      expect(changed.outside, `${image.meta?.preset}: pixels changed outside the safe zone`).toBe(0);
      expect(changed.inside, `${image.meta?.preset}: nothing drawn`).toBeGreaterThan(rect.width * rect.height * 0.03);
    }
  });

  it('[image.O2] fits the font to the box: shrinking a long headline until it fits', async () => {
    const source = await writeImage(join(workDir, 'dark.png'), 300, 250, { color: '#101010' });
    const short = await run(
      overlayGraph(source, { preset: 'google-300x250', maxFontSize: 48 }, { headline: 'Run more' }),
      workDir,
    );
    const long = await run(
      overlayGraph(
        source,
        { preset: 'google-300x250', maxFontSize: 48 },
        { headline: 'Run further and faster on every mountain trail this spring with shoes that grip' },
      ),
      workDir,
    );
    const shortMeta = overlayOf(output(short, 'over', 'image'));
    const longMeta = overlayOf(output(long, 'over', 'image'));
    expect(shortMeta.headlineSize).toBe(48);
    expect(longMeta.headlineSize).toBeLessThan(30);
    expect(longMeta.headline).toContain('grip');
    const changed = await changedPixels(output(long, 'over', 'image').path, [0x10, 0x10, 0x10], {
      x: 10,
      y: 10,
      width: 264,
      height: 230,
    });
    expect(changed.outside).toBe(0);
  });

  it('[image.O3] lays a dark scrim behind white text on a light background, inside the safe zone', async () => {
    const source = await writeImage(join(workDir, 'light.png'), 300, 250, { color: '#f2f2f2' });
    const result = await run(
      overlayGraph(source, { preset: 'google-300x250' }, { headline: HEADLINE, cta: 'Shop now' }),
      workDir,
    );
    const image = output(result, 'over', 'image');
    const { scrim } = overlayOf(image);
    expect(scrim?.contrastBefore).toBeLessThan(1.2);
    expect(scrim?.contrastAfter).toBeGreaterThanOrEqual(4.5);
    const p = await pixels(image.path);
    const rect = image.meta?.safeRect as Rect;
    // Just inside the safe zone's left edge, level with the text: darkened by the band.
    const band = p.at(rect.x + 2, rect.y + rect.height - 20);
    expect(band[0]).toBeLessThan(0xf2 * 0.7);
    expect((await changedPixels(image.path, [0xf2, 0xf2, 0xf2], rect)).outside).toBe(0);

    const never = await run(overlayGraph(source, { preset: 'google-300x250', scrim: 'never' }, { headline: HEADLINE }), workDir);
    expect(overlayOf(output(never, 'over', 'image')).scrim).toBeUndefined();
  });

  it('[image.O4] dark text on a light background needs no scrim', async () => {
    const source = await writeImage(join(workDir, 'light.png'), 300, 250, { color: '#f2f2f2' });
    const result = await run(
      overlayGraph(source, { preset: 'google-300x250', textColor: '#111111' }, { headline: HEADLINE }),
      workDir,
    );
    const overlay = overlayOf(output(result, 'over', 'image'));
    expect(overlay.scrim).toBeUndefined();
    expect(overlay.contrast).toBeGreaterThan(15);
  });

  it('[image.O5] takes headline and call to action from copy; connected text inputs win', async () => {
    const source = await writeImage(join(workDir, 'dark.png'), 300, 250, { color: '#101010' });
    const g = graph(
      {
        photo: { type: 'input.image', params: { name: 'photo', default: source } },
        copy: { type: 'test.copy', params: { headline: 'From the copy', callToAction: 'Learn more' } },
        cta: { type: 'input.text', params: { name: 'cta', default: 'Buy today' } },
        over: { type: 'image.overlay', params: { preset: 'google-300x250' } },
      },
      [
        ['photo.image', 'over.image'],
        ['copy.copy', 'over.copy'],
        ['cta.text', 'over.cta'],
      ],
    );
    const overlay = overlayOf(output(await run(g, workDir), 'over', 'image'));
    expect(overlay).toMatchObject({ headline: 'From the copy', cta: 'Buy today' });
  });

  it('[image.O6] draws text with markup characters as plain text', async () => {
    const source = await writeImage(join(workDir, 'dark.png'), 300, 250, { color: '#101010' });
    const text = `<b>Tom & Jerry's</b> "deal" <span foreground="red">`;
    const result = await run(overlayGraph(source, { preset: 'google-300x250' }, { headline: text }), workDir);
    expect(result.status).toBe('succeeded');
    expect(overlayOf(output(result, 'over', 'image')).headline).toBe(text);
    // Only white and greys: no red from the span, no bold markup parsed.
    const p = await pixels(output(result, 'over', 'image').path);
    for (let i = 0; i < p.data.length; i += 3)
      expect(Math.abs((p.data[i] as number) - (p.data[i + 2] as number))).toBeLessThan(3);
  });

  it('[image.O7] shortens a headline that cannot fit even at the smallest size, and says so', async () => {
    const source = await writeImage(join(workDir, 'dark.png'), 320, 50, { color: '#101010' });
    const words = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    const result = await run(overlayGraph(source, { preset: 'google-320x50', minFontSize: 12 }, { headline: words }), workDir);
    const overlay = overlayOf(output(result, 'over', 'image'));
    expect(overlay.headline.endsWith('…')).toBe(true);
    expect(overlay.headlineSize).toBe(12);
    expect(result.logs('over').some((l) => l.startsWith('the headline was shortened to fit'))).toBe(true);
  });

  it('[image.O9] never leaves one word alone on the last line of a wrapped headline (pixel-checked at 300×250)', async () => {
    const source = await writeImage(join(workDir, 'dark.png'), 300, 250, { color: '#101010' });
    const headline = 'Grip that holds on wet rock';
    const result = await run(overlayGraph(source, { preset: 'google-300x250', scrim: 'never' }, { headline }), workDir);
    const image = output(result, 'over', 'image');
    const meta = image.meta?.overlay as OverlayMeta & { headlineLines?: string[]; headlineBox: Rect };
    expect(meta.headline).toBe(headline);
    expect(meta.headlineLines?.at(-1)?.split(' ').length).toBeGreaterThanOrEqual(2);

    // The ink rows of the headline box, grouped into lines by the blank rows between them.
    const p = await pixels(image.path);
    const box = meta.headlineBox;
    const bands: { left: number; right: number }[] = [];
    let inLine = false;
    for (let y = box.y; y < box.y + box.height; y++) {
      let left = Number.POSITIVE_INFINITY;
      let right = -1;
      for (let x = box.x; x < box.x + box.width; x++) {
        if ((p.at(x, y)[0] as number) > 128) {
          left = Math.min(left, x);
          right = Math.max(right, x);
        }
      }
      if (right < 0) {
        inLine = false;
        continue;
      }
      if (!inLine) bands.push({ left, right });
      const band = bands.at(-1) as { left: number; right: number };
      band.left = Math.min(band.left, left);
      band.right = Math.max(band.right, right);
      inLine = true;
    }
    expect(bands.length).toBe(meta.headlineLines?.length);
    const face = fontFace('extrabold');
    const lone = await renderTextMask('rock', { face, fontSize: meta.headlineSize });
    const pair = await renderTextMask(meta.headlineLines?.at(-1) as string, { face, fontSize: meta.headlineSize });
    const last = bands.at(-1) as { left: number; right: number };
    const lastWidth = last.right - last.left + 1;
    expect(lastWidth).toBeGreaterThan(lone.width + 10);
    expect(Math.abs(lastWidth - pair.width)).toBeLessThanOrEqual(3);
  });

  it('[image.O8] renders the same bytes every time (bundled font, no system fonts)', async () => {
    const source = await writeImage(join(workDir, 'dark.png'), 300, 250, { color: '#101010' });
    const g = overlayGraph(source, { preset: 'google-300x250' }, { headline: HEADLINE, cta: 'Shop now' });
    const a = output(await run(g, workDir), 'over', 'image');
    const b = output(await run(g, workDir), 'over', 'image');
    expect(b.sha256).toBe(a.sha256);
  });
});
