import { type ArtifactRef, defineNode, NodeRegistry } from '@adloom/engine';
import { runGraphInTest, type TestManifest, type TestRun } from '@adloom/engine/testing';
import type { GraphFile } from '@adloom/graph';
import { pack as corePack } from '@adloom/nodes-core';
import sharp from 'sharp';
import { z } from 'zod';
import { pack } from '../src/index.ts';
import type { Variant } from '../src/variant.ts';

export { failureOf, graphOf, makeWorkDir } from '@adloom/engine/testing';

/** A real PNG of one colour, written with sharp. */
export async function writePng(path: string, color: string, width = 64, height = 48): Promise<string> {
  await sharp({ create: { width, height, channels: 3, background: color } })
    .png()
    .toFile(path);
  return path;
}

/** Ad copy as llm.adCopy makes it. */
export function copyOf(headline: string, platform = 'meta') {
  return {
    headline,
    primaryText: `${headline}: built for long runs.`,
    description: 'Free returns',
    callToAction: 'Shop now',
    platform,
    provider: 'offline',
  };
}

const copies = defineNode({
  type: 'test.copies',
  version: 1,
  title: 'Copies',
  category: 'Test',
  description: 'Outputs its `copies` param as a copy list, as llm.adCopy would.',
  outputs: [{ name: 'copies', type: 'copy', list: true }],
  params: z.object({ copies: z.array(z.unknown()) }),
  run: ({ params }) => ({ copies: params.copies }),
});

const texts = defineNode({
  type: 'test.texts',
  version: 1,
  title: 'Texts',
  category: 'Test',
  description: 'Outputs its `texts` param as a text list.',
  outputs: [{ name: 'texts', type: 'text', list: true }],
  params: z.object({ texts: z.array(z.string()) }),
  run: ({ params }) => ({ texts: params.texts }),
});

/** Mapped over variants: a "finished" PNG whose width says which variant it was made for. */
const finish = defineNode({
  type: 'test.finish',
  version: 1,
  title: 'Finish',
  category: 'Test',
  description: 'Makes a PNG 10 + index pixels wide for one variant.',
  inputs: [{ name: 'variant', type: 'variant' }],
  outputs: [{ name: 'image', type: 'image' }],
  params: z.object({}),
  async run({ inputs, artifacts }) {
    const variant = inputs.variant as Variant;
    const width = 10 + variant.index;
    const png = await sharp({ create: { width, height: 8, channels: 3, background: '#336699' } })
      .png()
      .toBuffer();
    return { image: await artifacts.write(png, { kind: 'image', mime: 'image/png', width, height: 8 }) };
  },
});

/** Takes all variants and returns one page per variant, in reverse order, each naming its variant. */
const pages = defineNode({
  type: 'test.pages',
  version: 1,
  title: 'Pages',
  category: 'Test',
  description: 'One HTML file per variant, listed backwards, with meta.variantId.',
  inputs: [{ name: 'variants', type: 'variant', list: true }],
  outputs: [{ name: 'pages', type: 'file', list: true }],
  params: z.object({}),
  async run({ inputs, artifacts }) {
    const list = [...(inputs.variants as Variant[])].reverse();
    const out: ArtifactRef[] = [];
    for (const v of list) {
      out.push(
        await artifacts.write(new TextEncoder().encode(`<p>page of ${v.id}</p>`), {
          kind: 'file',
          mime: 'text/html',
          meta: { variantId: v.id },
        }),
      );
    }
    return { pages: out };
  },
});

const csvFile = defineNode({
  type: 'test.csvFile',
  version: 1,
  title: 'CSV file',
  category: 'Test',
  description: 'Stores its text as a CSV file.',
  outputs: [{ name: 'file', type: 'file' }],
  params: z.object({ text: z.string() }),
  run: async ({ params, artifacts }) => ({
    file: await artifacts.write(new TextEncoder().encode(params.text), { kind: 'file', mime: 'text/csv' }),
  }),
});

/** A video file made by the test, stored as video.assemble would store it, with the meta it is given. */
const videoFile = defineNode({
  type: 'test.videoFile',
  version: 1,
  title: 'Video file',
  category: 'Test',
  description: 'Stores the video at `path` with `meta`.',
  outputs: [{ name: 'video', type: 'video' }],
  params: z.object({ path: z.string(), meta: z.record(z.string(), z.unknown()).default({}) }),
  run: async ({ params, artifacts }) => ({
    video: await artifacts.importFile(params.path, { kind: 'video', mime: 'video/mp4', meta: params.meta }),
  }),
});

export const registry = new NodeRegistry([
  corePack,
  pack,
  { name: 'test', nodes: [copies, texts, finish, pages, csvFile, videoFile] },
]);

export type Manifest = TestManifest;

/** Runs a graph with the core, variants and test packs in `workDir`, without a cache. */
export function run(graph: GraphFile, workDir: string): Promise<TestRun> {
  return runGraphInTest(graph, { registry, workDir });
}
