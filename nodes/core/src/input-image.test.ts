import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { graphOf, makeWorkDir, runCore } from '../test/run-core.ts';

/** A real image file of the given size and format. */
async function makeImage(path: string, width: number, height: number, format: 'png' | 'jpeg' | 'tiff' = 'png'): Promise<void> {
  await sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } })
    .toFormat(format)
    .toFile(path);
}

const logo = (params: Record<string, unknown> = {}) => graphOf({ logo: ['input.image', { name: 'logo', ...params }] });

interface ImageRef {
  kind: string;
  path: string;
  mime: string;
  width: number;
  height: number;
  sha256: string;
}

describe('input.image', () => {
  it('imports its default, relative to the graph file, with its size', async () => {
    const dir = await makeWorkDir();
    await makeImage(join(dir, 'logo.png'), 64, 48);
    const result = await runCore(logo({ default: 'logo.png' }), { workDir: dir, graphPath: join(dir, 'spring.adloom.json') });
    expect(result.status).toBe('succeeded');
    const image = result.outputs.get('logo')?.image as ImageRef;
    expect(image).toMatchObject({ kind: 'image', mime: 'image/png', width: 64, height: 48 });
    // The run folder holds the same bytes under a readable name.
    const copied = await readFile(join(result.outDir, 'logo', 'image.png'));
    expect(copied.equals(await readFile(join(dir, 'logo.png')))).toBe(true);
    expect(await sharp(copied).metadata()).toMatchObject({ width: 64, height: 48, format: 'png' });
    expect(result.manifest.nodes.logo?.outputs?.image).toMatchObject({ file: 'logo/image.png', width: 64, height: 48 });
  });

  it('takes the path the run sets over the default', async () => {
    const dir = await makeWorkDir();
    await makeImage(join(dir, 'logo.png'), 64, 48);
    await makeImage(join(dir, 'hero.jpg'), 30, 20, 'jpeg');
    const result = await runCore(logo({ default: 'logo.png' }), {
      workDir: dir,
      graphPath: join(dir, 'spring.adloom.json'),
      inputs: { logo: join(dir, 'hero.jpg') },
    });
    expect(result.outputs.get('logo')?.image).toMatchObject({ mime: 'image/jpeg', width: 30, height: 20 });
    expect(await readFile(join(result.outDir, 'logo', 'image.jpg'))).toBeDefined();
  });

  it('gives a TIFF its own extension in the run folder', async () => {
    const dir = await makeWorkDir();
    await makeImage(join(dir, 'scan.tiff'), 16, 16, 'tiff');
    const result = await runCore(logo({ default: 'scan.tiff' }), { workDir: dir, graphPath: join(dir, 'spring.adloom.json') });
    expect(result.outputs.get('logo')?.image).toMatchObject({ mime: 'image/tiff', width: 16 });
    expect(result.manifest.nodes.logo?.outputs?.image).toMatchObject({ file: 'logo/image.tif' });
  });

  it('reads the file again on every run, so an edited image is picked up', async () => {
    const dir = await makeWorkDir();
    const graphPath = join(dir, 'spring.adloom.json');
    await makeImage(join(dir, 'logo.png'), 64, 48);
    await runCore(logo({ default: 'logo.png' }), { workDir: dir, graphPath });
    await makeImage(join(dir, 'logo.png'), 32, 32);
    const second = await runCore(logo({ default: 'logo.png' }), { workDir: dir, graphPath });
    expect(second.manifest.nodes.logo?.status).toBe('succeeded');
    expect(second.outputs.get('logo')?.image).toMatchObject({ width: 32, height: 32 });
  });

  it('says where it looked when there is no file', async () => {
    const dir = await makeWorkDir();
    const result = await runCore(logo({ default: 'missing.png' }), { workDir: dir, graphPath: join(dir, 'spring.adloom.json') });
    expect(result.status).toBe('failed');
    expect(result.manifest.nodes.logo?.error).toEqual({
      message: `input "logo": there is no image file at ${join(dir, 'missing.png')}`,
      param: 'default',
    });
  });

  it('says so when the file is not an image', async () => {
    const dir = await makeWorkDir();
    await writeFile(join(dir, 'notes.png'), 'these are notes, not pixels');
    const result = await runCore(logo({ default: 'notes.png' }), { workDir: dir, graphPath: join(dir, 'spring.adloom.json') });
    expect(result.status).toBe('failed');
    expect(result.manifest.nodes.logo?.error?.message).toBe(
      `input "logo": ${join(dir, 'notes.png')} is not an image sharp can read (PNG, JPEG, WebP, GIF, AVIF, TIFF, SVG)`,
    );
  });

  it('says how to give it an image when it has none', async () => {
    const result = await runCore(logo());
    expect(result.manifest.nodes.logo?.error).toEqual({
      message: 'input "logo" has no image: pass --input logo=path/to/image.png or set a default',
      param: 'default',
    });
  });
});
