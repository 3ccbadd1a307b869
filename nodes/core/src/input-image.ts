import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { mimeForImageFormat } from '@adloom/graph';
import { defineNode, NodeError } from '@adloom/sdk';
import type { Metadata } from 'sharp';
import { z } from 'zod';
import { inputName } from './input-name.ts';
import { loadSharp } from './load-sharp.ts';

export const inputImage = defineNode({
  type: 'input.image',
  version: 1,
  title: 'Image input',
  category: 'Inputs',
  description: 'An image file from disk (a product shot, a logo). Paths are relative to the graph file.',
  outputs: [{ name: 'image', type: 'image' }],
  params: z.object({
    name: inputName,
    default: z.string().optional().describe('Path of the image to use when the run sets none'),
  }),
  paramHints: { default: { fileFilters: ['png', 'jpg', 'jpeg', 'webp', 'gif', 'avif'] } },
  isGraphInput: true,
  // The file on disk may change between runs: always read it again.
  deterministic: false,
  async run({ params, graphInput, artifacts, baseDir, readableFile }) {
    const sharp = await loadSharp();
    const given = graphInput ?? params.default;
    if (typeof given !== 'string' || given === '') {
      throw new NodeError(`input "${params.name}" has no image: pass --input ${params.name}=path/to/image.png or set a default`, {
        param: 'default',
      });
    }
    // Values from the command line are relative to where it ran; defaults to the graph file.
    const path = await readableFile(graphInput === undefined ? resolve(baseDir, given) : resolve(given), { param: 'default' });
    try {
      if (!(await stat(path)).isFile()) throw new Error('not a file');
    } catch {
      throw new NodeError(`input "${params.name}": there is no image file at ${path}`, { param: 'default' });
    }
    let metadata: Metadata;
    try {
      metadata = await sharp(path).metadata();
    } catch {
      throw new NodeError(
        `input "${params.name}": ${path} is not an image sharp can read (PNG, JPEG, WebP, GIF, AVIF, TIFF, SVG)`,
        {
          param: 'default',
        },
      );
    }
    const mime = mimeForImageFormat(metadata.format);
    const image = await artifacts.importFile(path, { kind: 'image', mime, width: metadata.width, height: metadata.height });
    return { image };
  },
});
