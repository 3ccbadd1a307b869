import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type GraphFile, heightOf, loadGraphText, NODE_GAP } from '@adloom/graph';
import { describe, expect, it } from 'vitest';
import { boxesOfGraph, boxesOfOps, touchingNodes } from '../test/touching-nodes.ts';
import { PLATFORMS, readBriefSlots } from './brief-slots.ts';
import { placeBelow, planPipeline } from './pipeline-recipe.ts';

// Every recipe the offline assistant builds: one per platform, with and without video and pages,
// the formats mixed, and pages alone.
const RECIPES = [
  ...PLATFORMS.map((p) => `6 ${p} variants for the kayak launch`),
  ...PLATFORMS.map((p) => `4 ${p} variants for the kayak launch, 10 s videos, with landing pages`),
  '6 TikTok variants for the kayak launch, images only',
  'TikTok, Reels, Stories, Shorts, Meta feed and Google display variants for the kayak launch, 15 s videos, landing pages',
  'Stories and Meta feed, 2 variants for the sneaker drop, 4 s videos',
  'landing page A/B test for the Nimbus jacket, 2 variants',
];

describe('the pipeline recipe', () => {
  it.each(RECIPES)('places no two nodes so that they touch: %s', (request) => {
    const slots = readBriefSlots(request.replace('meta-feed', 'Meta feed').replace('google-display', 'Google display'));
    const boxes = boxesOfOps(planPipeline(slots).ops);
    expect(boxes.length).toBeGreaterThan(5);
    expect(touchingNodes(boxes)).toEqual([]);
  });

  it('an overlay with its params and results clears the overlay of the next format below it', () => {
    const boxes = boxesOfOps(planPipeline(readBriefSlots('Google display banners for the kayak launch')).ops);
    const overlays = boxes.filter((b) => b.id.startsWith('overlay')).map((b) => b.y);
    expect(overlays).toHaveLength(7);
    for (const [i, y] of overlays.slice(1).entries())
      expect(y - (overlays[i] as number)).toBeGreaterThanOrEqual(heightOf('image.overlay') + NODE_GAP);
  });

  it('a shape and no platform picks the platform that has it; a shape the platforms lack is said', () => {
    const square = planPipeline(readBriefSlots('4 ads for the kayak launch, 1:1'));
    expect(square.ops).toContainEqual(expect.objectContaining({ id: 'fit-meta-1x1', params: { presets: ['meta-1x1'] } }));
    expect(square.assumed).toContain('Meta feed, as no platform was named (it has 1:1)');
    const wide = planPipeline(readBriefSlots('4 TikTok ads for the kayak launch, 16:9'));
    expect(wide.assumed).toContain('the sizes of TikTok, which have no 16:9');
  });

  it('beside the nodes of a graph: below all of them, touching none, with ids and input names of its own', async () => {
    const text = await readFile(resolve(import.meta.dirname, '../../../examples/tiktok-launch.adloom.json'), 'utf8');
    const graph = loadGraphText(text).graph as GraphFile;
    const { ops } = planPipeline(readBriefSlots('4 Reels variants for the Orca kayak launch, 6 s videos'), placeBelow(graph));
    const boxes = boxesOfOps(ops);
    const existing = boxesOfGraph(graph);
    expect(touchingNodes(boxes, existing)).toEqual([]);
    const bottom = Math.max(...existing.map((b) => b.y + b.height));
    expect(Math.min(...boxes.map((b) => b.y))).toBeGreaterThan(bottom + NODE_GAP);
    expect(Math.min(...boxes.map((b) => b.x))).toBe(Math.min(...existing.map((b) => b.x)));
    expect(boxes.filter((b) => Object.hasOwn(graph.nodes, b.id))).toEqual([]);
    expect(boxes.map((b) => b.id)).toContain('brief2');
    expect(ops).toContainEqual(
      expect.objectContaining({ op: 'addNode', id: 'brief2', params: expect.objectContaining({ name: 'brief2' }) }),
    );
    expect(ops).toContainEqual({ op: 'connect', from: 'brief2.text', to: 'copy2.brief' });
    // The open graph keeps its name.
    expect(ops.filter((op) => op.op === 'setInfo')).toEqual([]);
  });
});
