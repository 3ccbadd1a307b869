import { type ArtifactRef, defineNode, NodeRegistry } from '@adloom/engine';
import { runGraphInTest, type TestManifest, type TestRun } from '@adloom/engine/testing';
import type { GraphFile } from '@adloom/graph';
import { pack as corePack } from '@adloom/nodes-core';
import sharp from 'sharp';
import { z } from 'zod';
import { pack } from '../src/index.ts';

export { failureOf, graphOf, makeWorkDir } from '@adloom/engine/testing';

/** A real image of one colour, written with sharp (PNG unless the path says otherwise). */
export async function writeImage(path: string, color: string, width = 40, height = 30): Promise<string> {
  await sharp({ create: { width, height, channels: 3, background: color } }).toFile(path);
  return path;
}

export function copyOf(headline: string) {
  return {
    headline,
    primaryText: `${headline}, made for the long run.`,
    description: 'Free returns for 30 days',
    callToAction: 'Shop now',
    platform: 'meta',
    provider: 'offline',
  };
}

const copy = defineNode({
  type: 'test.copy',
  version: 1,
  title: 'Copy',
  category: 'Test',
  description: 'Outputs its params as one copy.',
  outputs: [{ name: 'copy', type: 'copy' }],
  params: z.object({ copy: z.unknown() }),
  run: ({ params }) => ({ copy: params.copy }),
});

/**
 * Variants as variants.split makes them: each takes its `image` index into the images input
 * (none when absent) and the rest from params.
 */
const variants = defineNode({
  type: 'test.variants',
  version: 1,
  title: 'Variants',
  category: 'Test',
  description: 'A variant list from params, with images from the input.',
  inputs: [{ name: 'images', type: 'image', list: true, optional: true }],
  outputs: [{ name: 'variants', type: 'variant', list: true }],
  params: z.object({ variants: z.array(z.record(z.string(), z.unknown())) }),
  run({ inputs, params }) {
    const images = (inputs.images as ArtifactRef[] | undefined) ?? [];
    const list = params.variants.map((v, index) => {
      const { image, ...rest } = v;
      return {
        index,
        weight: 1 / params.variants.length,
        control: index === 0,
        levels: {},
        ...rest,
        ...(typeof image === 'number' ? { image: images[image] } : {}),
      };
    });
    return { variants: list };
  },
});

/** A stand-in video: a few bytes stored as video/mp4 (the page only inlines it). */
const video = defineNode({
  type: 'test.video',
  version: 1,
  title: 'Video',
  category: 'Test',
  description: 'A small file stored as a video.',
  outputs: [{ name: 'video', type: 'video' }],
  params: z.object({}),
  run: async ({ artifacts }) => ({
    video: await artifacts.write(new Uint8Array([0, 0, 0, 24, 102, 116, 121, 112]), {
      kind: 'video',
      mime: 'video/mp4',
      width: 1080,
      height: 1920,
      durationSec: 1,
    }),
  }),
});

export const registry = new NodeRegistry([corePack, pack, { name: 'test', nodes: [copy, variants, video] }]);

export type Manifest = TestManifest;

export function run(graph: GraphFile, workDir: string): Promise<TestRun> {
  return runGraphInTest(graph, { registry, workDir });
}

/** A start tag: its name and attributes, values with entities decoded. */
export interface Tag {
  name: string;
  attrs: Record<string, string>;
}

export function decodeEntities(text: string): string {
  return text.replace(
    /&(amp|lt|gt|quot|#39);/g,
    (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] as string,
  );
}

/**
 * The start tags of an HTML document, in order. Enough for pages this pack writes: every
 * attribute value is double-quoted with `<`, `>` and `"` escaped, so a `>` ends a tag.
 */
export function startTags(html: string): Tag[] {
  const tags: Tag[] = [];
  for (const match of html.matchAll(/<([A-Za-z][A-Za-z0-9-]*)((?:\s[^>]*)?)>/g)) {
    const attrs: Record<string, string> = {};
    for (const a of (match[2] ?? '').matchAll(/([^\s="]+)(?:="([^"]*)")?/g))
      attrs[(a[1] as string).toLowerCase()] = decodeEntities(a[2] ?? '');
    tags.push({ name: (match[1] as string).toLowerCase(), attrs });
  }
  return tags;
}

/** The decoded text inside the first `<opening>…</name>`, where opening is a tag name and maybe attributes. */
export function textOf(html: string, opening: string): string | undefined {
  const name = opening.split(' ')[0] as string;
  const match = new RegExp(`<${opening}[^>]*>([\\s\\S]*?)</${name}>`).exec(html);
  return match ? decodeEntities(match[1] as string) : undefined;
}
