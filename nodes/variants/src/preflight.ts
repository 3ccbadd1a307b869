import { type ArtifactRef, defineNode, isArtifactRef, NodeError } from '@adloom/sdk';
import {
  type CopyFields,
  checkCopy,
  checkImage,
  checkRecordedBoxes,
  checkText,
  checkVideo,
  type Finding,
  PLATFORMS,
  type Platform,
  platformOf,
  TEXT_RULES,
  worstOf,
} from '@adloom/specs';
import { z } from 'zod';
import { effectiveCopy, readVariant } from './variant.ts';

const IMAGE_FORMATS: Record<string, string> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

/** The platform a format preset id belongs to: `tiktok-9x16`, `reels-9x16`, `google-300x250`. */
function platformOfPreset(id: unknown): Platform | undefined {
  if (typeof id !== 'string') return undefined;
  if (id.startsWith('tiktok-')) return 'tiktok';
  if (/^(?:meta|reels|stories)-/.test(id)) return 'meta';
  if (/^(?:google|shorts)-/.test(id)) return 'google';
  return undefined;
}

type CopyLike = CopyFields & { platform?: string };

function imageFindings(ref: ArtifactRef, platform: Platform, subject: string): Finding[] {
  if (ref.width === undefined || ref.height === undefined) return [];
  const format = IMAGE_FORMATS[ref.mime] ?? ref.mime;
  const frame = { width: ref.width, height: ref.height };
  return [
    ...checkImage({ ...frame, bytes: ref.bytes, format }, platform, subject),
    ...(ref.meta ? checkRecordedBoxes(ref.meta, frame, platform, subject) : []),
  ];
}

/** A stored video probed with ffprobe, judged like `adloom check` judges it, captions included. */
async function videoFindings(ref: ArtifactRef, platforms: Platform[], subject: string, signal: AbortSignal): Promise<Finding[]> {
  // Loaded on first use: a pack's entry stays free of child processes until a video is judged.
  const { probeVideo } = await import('@adloom/specs/probe');
  const facts = await probeVideo(ref.path, { signal }).catch((error: unknown) => {
    if (signal.aborted) throw error;
    throw new NodeError(`${subject}: ${(error as Error).message}`, { port: 'videos' });
  });
  return platforms.flatMap((p) => [
    ...checkVideo(facts, p, subject),
    ...(ref.meta ? checkRecordedBoxes(ref.meta, facts, p, subject) : []),
  ]);
}

export const adPreflight = defineNode({
  type: 'ad.preflight',
  version: 1,
  title: 'Preflight',
  category: 'Variants',
  description:
    "Judges copy, variants, images and videos against the platforms' published specs before upload: each platform's character counting (grapheme clusters, double-width characters, emoji, refused characters, the button list, TikTok's display name), image sizes, aspect tolerance, bytes and formats, videos probed with ffprobe (shape, length, bitrate, size, codecs, pixel format, frame rate, audio track, index before the media), and the text, buttons and captions drawn on 9:16 creatives against each platform's safe zone. Every finding names the rule, the number, the limit and the source, as `adloom check` does on a run folder.",
  inputs: [
    { name: 'variants', type: 'variant', list: true, optional: true },
    { name: 'copies', type: 'copy', list: true, optional: true },
    { name: 'images', type: 'image', list: true, optional: true },
    { name: 'videos', type: 'video', list: true, optional: true },
    { name: 'displayName', type: 'text', optional: true, description: 'TikTok: the name the ads show as, e.g. the brand' },
  ],
  outputs: [
    { name: 'report', type: 'json', description: 'ok, counts, and every finding with its rule, number, limit and source' },
    { name: 'ok', type: 'boolean', description: 'False when something would be refused' },
  ],
  params: z.object({
    platform: z
      .enum(['auto', ...PLATFORMS])
      .default('auto')
      .describe("Whose specs to judge by; auto uses each copy's platform and each image's format preset"),
    displayName: z
      .string()
      .optional()
      .describe('TikTok: the name the ads show as, judged by TikTok’s 2–20 rule (the displayName input wins)'),
    onFail: z
      .enum(['report', 'fail'])
      .default('report')
      .describe('report: say what fails in the report; fail: fail the node, naming the first findings'),
  }),
  paramHints: {
    platform: { enumLabels: { auto: 'Each item’s own platform', tiktok: 'TikTok', meta: 'Meta', google: 'Google' } },
  },
  async run({ inputs, params, signal }) {
    const chosen = params.platform === 'auto' ? undefined : params.platform;
    const findings: Finding[] = [];
    const named = new Set<Platform>();
    const copies: { copy: CopyLike; subject: string }[] = [];
    (inputs.copies as unknown[] | undefined)?.forEach((value, i) => {
      copies.push({ copy: value as CopyLike, subject: `copy ${i + 1}` });
    });
    (inputs.variants as unknown[] | undefined)?.forEach((value, i) => {
      const variant = readVariant(value, 'variants', i);
      const copy = effectiveCopy(variant);
      if (copy) copies.push({ copy, subject: `variant ${variant.id}` });
    });
    for (const { copy } of copies) {
      const p = platformOf(copy.platform);
      if (p) named.add(p);
    }
    const fallback: Platform[] = chosen ? [chosen] : named.size ? [...named] : [...PLATFORMS];
    for (const { copy, subject } of copies) {
      const own = platformOf(copy.platform);
      for (const p of chosen ? [chosen] : own ? [own] : fallback) findings.push(...checkCopy(copy, p, subject));
    }
    const displayName = typeof inputs.displayName === 'string' ? inputs.displayName : params.displayName;
    if (displayName !== undefined && (chosen ? chosen === 'tiktok' : fallback.includes('tiktok')))
      findings.push(...checkText(displayName.trim(), TEXT_RULES['tiktok.displayName'], 'display name'));
    const refs = (port: 'images' | 'videos') =>
      ((inputs[port] as unknown[] | undefined) ?? []).map((value, i) => {
        if (!isArtifactRef(value)) throw new NodeError(`item ${i + 1} of "${port}" is not a stored file`, { port });
        return value as unknown as ArtifactRef;
      });
    refs('images').forEach((ref, i) => {
      const own = platformOfPreset(ref.meta?.preset);
      const name = typeof ref.meta?.preset === 'string' ? `image ${i + 1} (${ref.meta.preset})` : `image ${i + 1}`;
      for (const p of chosen ? [chosen] : own ? [own] : fallback) findings.push(...imageFindings(ref, p, name));
    });
    for (const [i, ref] of refs('videos').entries())
      findings.push(...(await videoFindings(ref, fallback, `video ${i + 1}`, signal)));
    const failed = findings.filter((f) => f.status === 'fail');
    if (params.onFail === 'fail' && failed.length) {
      const first = failed
        .slice(0, 3)
        .map((f) => `${f.subject}: ${f.message} (${f.rule})`)
        .join('; ');
      throw new NodeError(`${failed.length} check${failed.length === 1 ? '' : 's'} failed: ${first}`, { param: 'onFail' });
    }
    const count = (status: Finding['status']) => findings.filter((f) => f.status === status).length;
    return {
      report: {
        ok: failed.length === 0,
        status: worstOf(findings),
        counts: { pass: count('pass'), warn: count('warn'), fail: count('fail') },
        findings,
      },
      ok: failed.length === 0,
    };
  },
});
