import { defineNode, NodeError } from '@adloom/sdk';
import type { Sharp } from 'sharp';
import { z } from 'zod';
import { hexColor } from './color.ts';
import { carriedFormatMeta, fittedFormatOf, requireImage } from './image-input.ts';
import { loadSharp } from './load-sharp.ts';

const MIME = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' } as const;

/** 1 KB = 1000 bytes: the stricter reading, so a file that passes also passes a 1024-byte check. */
const KB = 1000;

export const exportParams = z.object({
  format: z.enum(['jpeg', 'png', 'webp']).default('jpeg'),
  quality: z
    .number()
    .int()
    .min(1)
    .max(100)
    .default(85)
    .describe('Starting quality; png uses it only when it must shrink to a palette'),
  maxKB: z
    .number()
    .positive()
    .optional()
    .describe("Byte budget in KB (1000 bytes), e.g. 150 for Google display; the format preset's own budget when empty"),
  usePresetBudget: z
    .boolean()
    .default(true)
    .describe('Apply the budget of the format image.fit recorded (150 KB for Google display) when maxKB is empty'),
  minQuality: z.number().int().min(1).max(100).default(40).describe('Lowest quality to try before giving up (or scaling down)'),
  qualityStep: z.number().int().min(1).max(50).default(5),
  allowDownscale: z.boolean().default(false).describe('Shrink the pixels too when the lowest quality is still too big'),
  minScale: z.number().min(0.1).max(1).default(0.5).describe('With allowDownscale: the smallest scale to try'),
  background: hexColor.default('#ffffff').describe('jpeg: what shows through transparent pixels'),
});

type ExportParams = z.infer<typeof exportParams>;

interface Encoded {
  data: Buffer;
  quality: number;
  scale: number;
  width: number;
  height: number;
  /** png: whether it had to fall back to a palette. */
  palette?: boolean;
}

async function encode(
  path: string,
  params: ExportParams,
  quality: number,
  scale: number,
  size: { width: number; height: number },
  palette = false,
): Promise<Encoded> {
  const sharp = await loadSharp();
  let pipeline: Sharp = sharp(path, { autoOrient: true });
  const width = Math.max(1, Math.round(size.width * scale));
  const height = Math.max(1, Math.round(size.height * scale));
  if (scale < 1) pipeline = pipeline.resize(width, height, { fit: 'fill' });
  if (params.format === 'jpeg') pipeline = pipeline.flatten({ background: params.background }).jpeg({ quality, mozjpeg: true });
  else if (params.format === 'webp') pipeline = pipeline.webp({ quality, effort: 4 });
  else
    pipeline = palette
      ? pipeline.png({ palette: true, quality, compressionLevel: 9, effort: 7 })
      : pipeline.png({ compressionLevel: 9 });
  return { data: await pipeline.toBuffer(), quality, scale, width, height, ...(params.format === 'png' ? { palette } : {}) };
}

function describe(e: Encoded, format: string): string {
  const how =
    format === 'png' ? (e.palette ? `png palette, quality ${e.quality}` : 'lossless png') : `${format}, quality ${e.quality}`;
  return `${(e.data.byteLength / KB).toFixed(1)} KB (${how}, ${e.width}×${e.height})`;
}

/**
 * The best-looking encoding under the budget: quality lowered step by step, then (if allowed)
 * the largest scale at which some quality fits; the smallest attempt when nothing does.
 */
async function encodeWithinBudget(
  path: string,
  params: ExportParams,
  budget: number,
  size: { width: number; height: number },
): Promise<{ fit?: Encoded; smallest: Encoded; tries: number }> {
  let tries = 0;
  let smallest: Encoded | undefined;
  const attempt = async (quality: number, scale: number, palette?: boolean) => {
    const e = await encode(path, params, quality, scale, size, palette);
    tries++;
    if (!smallest || e.data.byteLength < smallest.data.byteLength) smallest = e;
    return e.data.byteLength <= budget ? e : undefined;
  };
  const lossyPng = params.format === 'png';
  if (lossyPng) {
    const lossless = await attempt(100, 1, false);
    if (lossless) return { fit: lossless, smallest: lossless, tries };
  }
  const qualities: number[] = [];
  const start = Math.max(params.quality, params.minQuality);
  for (let q = start; q > params.minQuality; q -= params.qualityStep) qualities.push(q);
  qualities.push(params.minQuality);
  for (const q of qualities) {
    const fit = await attempt(q, 1, lossyPng);
    if (fit) return { fit, smallest: smallest as Encoded, tries };
  }
  if (params.allowDownscale) {
    for (let scale = 0.9; scale >= params.minScale - 1e-9; scale = Math.round((scale - 0.1) * 100) / 100) {
      const floor = await attempt(params.minQuality, scale, lossyPng);
      if (!floor) continue;
      // Some quality fits at this scale: find the highest one.
      let low = params.minQuality;
      let high = start;
      let best = floor;
      while (high - low > 2) {
        const mid = Math.round((low + high) / 2);
        const fit = await attempt(mid, scale, lossyPng);
        if (fit) {
          best = fit;
          low = mid;
        } else high = mid;
      }
      return { fit: best, smallest: smallest as Encoded, tries };
    }
  }
  return { smallest: smallest as Encoded, tries };
}

export const imageExport = defineNode({
  type: 'image.export',
  version: 1,
  title: 'Export image',
  category: 'Image',
  description:
    "Writes the final file as JPEG, PNG or WebP, lowering quality step by step to meet a byte budget such as Google display's 150 KB, and failing clearly when it cannot.",
  inputs: [{ name: 'image', type: 'image' }],
  outputs: [{ name: 'image', type: 'image' }],
  params: exportParams,
  paramHints: { format: { enumLabels: { jpeg: 'JPEG', png: 'PNG', webp: 'WebP' } }, background: { color: true } },
  async run(context) {
    const sharp = await loadSharp();
    const { params, log } = context;
    const image = requireImage(context.inputs.image, 'image');
    const metadata = await sharp(image.path).metadata();
    const size = { width: metadata.autoOrient.width, height: metadata.autoOrient.height };
    const fitted = fittedFormatOf(image);
    let maxKB = params.maxKB;
    if (maxKB === undefined && params.usePresetBudget && fitted?.maxKB !== undefined) {
      maxKB = fitted.maxKB;
      log(`using the ${fitted.maxKB} KB budget of format ${fitted.preset}`);
    }
    let result: Encoded;
    if (maxKB === undefined) {
      result = await encode(image.path, params, params.quality, 1, size);
    } else {
      const budget = Math.floor(maxKB * KB);
      const { fit, smallest, tries } = await encodeWithinBudget(image.path, params, budget, size);
      if (!fit) {
        const hint = params.allowDownscale
          ? `, even scaled down to ${Math.round(params.minScale * 100)}%; raise maxKB, or lower minScale or minQuality`
          : '; set allowDownscale to let it shrink the image, lower minQuality, or raise maxKB';
        throw new NodeError(
          `cannot fit the ${maxKB} KB budget: the smallest file was ${describe(smallest, params.format)} after ${tries} tries${hint}`,
          { param: 'maxKB' },
        );
      }
      result = fit;
      if (fit.scale < 1) log(`scaled down to ${fit.width}×${fit.height} to fit the ${maxKB} KB budget`);
      log(`${describe(fit, params.format)} within the ${maxKB} KB budget after ${tries} tries`);
    }
    const out = await context.artifacts.write(result.data, {
      kind: 'image',
      mime: MIME[params.format],
      width: result.width,
      height: result.height,
      ...(image.provider ? { provider: image.provider } : {}),
      meta: {
        ...carriedFormatMeta(image),
        format: params.format,
        ...(params.format !== 'png' || result.palette ? { quality: result.quality } : {}),
        ...(result.scale < 1 ? { scale: result.scale } : {}),
        ...(maxKB !== undefined ? { budgetKB: maxKB } : {}),
      },
    });
    return { image: out };
  },
});
