import { type ArtifactRef, defineNode, NodeRegistry, type RunOptions, type RunResult } from '@adloom/engine';
import { runGraphInTest, type TestRun } from '@adloom/engine/testing';
import type { GraphFile } from '@adloom/graph';
import { pack as corePack } from '@adloom/nodes-core';
import sharp from 'sharp';
import { z } from 'zod';
import { pack } from '../src/index.ts';

/** Stands in for the text pack's llm.adCopy: a `copy` value made from params. */
const testCopy = defineNode({
  type: 'test.copy',
  version: 1,
  title: 'Test copy',
  category: 'Test',
  description: 'Ad copy from params, for tests.',
  outputs: [{ name: 'copy', type: 'copy' }],
  params: z.object({ headline: z.string().optional(), callToAction: z.string().optional() }),
  run: ({ params }) => ({
    copy: { ...params, primaryText: 'Body text', description: 'Description', platform: 'meta', provider: 'offline' },
  }),
});

export const registry = new NodeRegistry([corePack, pack, { name: 'test', nodes: [testCopy] }]);

export { makeWorkDir } from '@adloom/engine/testing';

type NodeSpec = { type: string; params?: Record<string, unknown> };

/** A graph from nodes and `from -> to` edges. */
export function graph(nodes: Record<string, NodeSpec>, edges: [string, string][] = []): GraphFile {
  return { adloom: 1, name: 'test', nodes, edges: edges.map(([from, to]) => ({ from, to })) };
}

/** Runs a graph through the real engine with the core and image packs, fast retries and no cache. */
export function run(g: GraphFile, workDir: string, options: Partial<RunOptions> = {}): Promise<TestRun> {
  return runGraphInTest(g, { registry, workDir, retry: { baseDelayMs: 1, maxDelayMs: 5 }, ...options });
}

export function output<T = ArtifactRef>(result: RunResult, nodeId: string, port: string): T {
  const outputs = result.outputs.get(nodeId);
  if (!outputs)
    throw new Error(
      `node ${nodeId} has no outputs (status ${result.nodes.get(nodeId)?.status}: ${result.nodes.get(nodeId)?.error?.message})`,
    );
  return outputs[port] as T;
}

/** Writes a test image: a solid colour, or a few bands of colour, as PNG or JPEG. */
export async function writeImage(
  path: string,
  width: number,
  height: number,
  options: { color?: string; bands?: string[]; format?: 'png' | 'jpeg' } = {},
): Promise<string> {
  let image = sharp({ create: { width, height, channels: 3, background: options.color ?? '#336699' } });
  if (options.bands) {
    const bandHeight = Math.ceil(height / options.bands.length);
    image = image.composite(
      options.bands.map((color, i) => ({
        input: {
          create: { width, height: Math.min(bandHeight, height - i * bandHeight), channels: 3 as const, background: color },
        },
        left: 0,
        top: i * bandHeight,
      })),
    );
  }
  await (options.format === 'jpeg' ? image.jpeg() : image.png()).toFile(path);
  return path;
}

/** Raw RGB pixels of an image file, for pixel checks. */
export async function pixels(
  path: string,
): Promise<{ data: Buffer; width: number; height: number; at(x: number, y: number): [number, number, number] }> {
  const { data, info } = await sharp(path).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    data,
    width: info.width,
    height: info.height,
    at: (x, y) => {
      const i = (y * info.width + x) * 3;
      return [data[i] as number, data[i + 1] as number, data[i + 2] as number];
    },
  };
}
