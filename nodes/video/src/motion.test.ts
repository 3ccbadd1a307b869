import { join } from 'node:path';
import type { ArtifactRef } from '@adloom/engine';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { graphOf, makeWorkDir, runTestGraph, yuvFrames } from '../test/kit.ts';
import { type MotionPlan, motionFilterNames, motionScript, moveFor, narrowPad, planMotion, segmentOf } from './motion.ts';

const CASES = [
  { width: 1080, height: 1920, frames: 450, zoom: 1.12 },
  { width: 360, height: 640, frames: 60, zoom: 1.2 },
  { width: 1920, height: 1080, frames: 90, zoom: 1.05 },
  // A small frame and a gentle 15 s zoom: the most frames near a zoom of 1, and the worst of them.
  { width: 270, height: 480, frames: 450, zoom: 1.05 },
  // Exactly 1.2 (a ratio of 5/6) where the view's edge falls on half a pixel (1350/12, 270/12):
  // the frame at the full zoom needs the end zoomed a hair further to land within 0.05 px.
  { width: 1080, height: 1350, frames: 450, zoom: 1.2 },
  { width: 270, height: 480, frames: 60, zoom: 1.2 },
];

/** Where output pixel `i` of frame `n` samples its segment's padded picture, from the plan's integers. */
const sampled = (plan: MotionPlan, n: number, axis: 'x' | 'y', i: number) => {
  const step = plan.steps[n]?.[axis];
  if (!step) throw new Error(`no frame ${n}`);
  return step.offset + ((step.keep + i + 0.5) * step.size) / step.scaled;
};

describe('Ken Burns plan', () => {
  it('[video.M1] lands within 0.05 px of the planned move on every frame, and within 0.17 px while the edges are under half a pixel from a zoom of 1', () => {
    for (const { width, height, frames, zoom } of CASES) {
      for (let index = 0; index < 4; index++) {
        const move = moveFor(index, zoom);
        const plan = planMotion(move, frames, width, height);
        expect(plan.steps).toHaveLength(frames);
        plan.steps.forEach((step, n) => {
          const z = move.z0 + ((move.z1 - move.z0) * n) / (frames - 1);
          // How far the frame's edges have moved in from a zoom of 1, in output pixels: until they
          // have moved half a pixel, the crops and scales within 3x of the frame may not reach
          // the move (see planAxis).
          const edgeShift = ((1 - 1 / z) * Math.max(width, height)) / 2;
          const bound = edgeShift < 0.5 ? 0.17 : 0.05;
          expect(Math.max(step.x.error, step.y.error), `${width}x${height} move ${index} frame ${n}`).toBeLessThan(bound);
        });
      }
    }
  });

  it('[video.M2] never shows anything past the picture: every sampled pixel lies inside it, the crops inside the padding', () => {
    for (const { width, height, frames, zoom } of CASES) {
      for (let index = 0; index < 4; index++) {
        const plan = planMotion(moveFor(index, zoom), frames, width, height);
        for (let n = 0; n < frames; n++) {
          const { pad: padding } = segmentOf(plan, n);
          for (const [axis, size, pad] of [
            ['x', width, padding.x],
            ['y', height, padding.y],
          ] as const) {
            const step = plan.steps[n]?.[axis];
            if (!step) throw new Error('missing step');
            const where = `${width}x${height} move ${index} frame ${n} ${axis}`;
            expect(step.offset, where).toBeGreaterThanOrEqual(0);
            expect(step.offset + step.size, where).toBeLessThanOrEqual(size + 2 * pad);
            expect(step.keep + size, where).toBeLessThanOrEqual(step.scaled);
            // The footprint of the first and last output pixels, half a pixel either side of their centres.
            const half = step.size / step.scaled / 2;
            expect(sampled(plan, n, axis, 0) - half, where).toBeGreaterThanOrEqual(pad - 1e-9);
            expect(sampled(plan, n, axis, size - 1) + half, where).toBeLessThanOrEqual(pad + size + 1e-9);
          }
        }
      }
    }
  });

  it('[video.M3] moves steadily: a pan advances the same distance every frame, to a hundredth of a pixel', () => {
    const plan = planMotion(moveFor(1, 1.2), 60, 360, 640);
    // In the picture's own pixels, whichever padded copy a frame is cut from.
    const at = (n: number) => sampled(plan, n, 'x', 100) - segmentOf(plan, n).pad.x;
    const speeds = plan.steps.slice(1).map((_, n) => at(n + 1) - at(n));
    const mean = speeds.reduce((a, b) => a + b) / speeds.length;
    expect(mean).toBeGreaterThan(0.9);
    for (const speed of speeds) expect(Math.abs(speed - mean)).toBeLessThan(0.02);
  });

  it('plans the frames nearest a zoom of 1 as the full search does: the crops and scales of a push-in’s first frames', () => {
    // [size, scaled, keep] across, then down, for frames 0-7; the search that found them stepped
    // through every keep, the planner now jumps to the first whose crop fits.
    const first = (width: number, height: number, zoom: number) =>
      planMotion(moveFor(0, zoom), 450, width, height)
        .steps.slice(0, 8)
        .map((s) => [s.x.size, s.x.scaled, s.x.keep, s.y.size, s.y.scaled, s.y.keep]);
    expect(first(1080, 1920, 1.12)).toEqual([
      [1080, 1080, 0, 1920, 1920, 0],
      [1080, 1080, 0, 5758, 5760, 1920],
      [3238, 3240, 1080, 3474, 3476, 778],
      [2286, 2288, 604, 2398, 2400, 240],
      [1750, 1752, 336, 1918, 1920, 0],
      [1418, 1420, 170, 2904, 2908, 494],
      [1222, 1224, 72, 2432, 2436, 258],
      [1078, 1080, 0, 2116, 2120, 100],
    ]);
    // A small frame zooming gently: the unscaled picture is the nearest there is for seven frames.
    expect(first(270, 480, 1.05)).toEqual([
      ...Array.from({ length: 7 }, () => [270, 270, 0, 480, 480, 0]),
      [270, 270, 0, 1438, 1440, 480],
    ]);
  });

  it('pads only as far as the crops reach: a pan a few pixels, a zoom from 1 wide only for the frames that need it', () => {
    const pan = planMotion(moveFor(1, 1.12), 450, 1080, 1920);
    const pushIn = planMotion(moveFor(0, 1.12), 450, 1080, 1920);
    expect(pan.segments).toEqual([{ start: 0, frames: 450, pad: expect.objectContaining({}) }]);
    expect(pan.segments[0]?.pad.x).toBeLessThan(120);
    // The segments cover the clip in order.
    let next = 0;
    for (const segment of pushIn.segments) {
      expect(segment.start).toBe(next);
      expect(segment.pad.x % 2).toBe(0);
      expect(segment.pad.x).toBeLessThanOrEqual(1080);
      next += segment.frames;
    }
    expect(next).toBe(450);
    // Wide only at the start, where the zoom is near 1, and for the odd frame after: nine in ten
    // frames are cut from a picture padded at most narrowPad across (its stride is what scaling pays for).
    expect(pushIn.segments[0]?.pad.x).toBeGreaterThan(narrowPad(1080));
    const narrow = pushIn.segments.filter((s) => s.pad.x <= narrowPad(1080)).reduce((sum, s) => sum + s.frames, 0);
    expect(narrow).toBeGreaterThan(0.9 * 450);
  });

  it('scripts each frame’s changes half a frame before it, naming its own clip’s and segment’s filters', () => {
    const plan = planMotion(moveFor(0, 1.2), 60, 360, 640);
    let total = 0;
    plan.segments.forEach((segment, k) => {
      const names = motionFilterNames(2, k);
      const script = motionScript(plan, k, 30, names).trim();
      const lines = script ? script.split('\n') : [];
      expect(lines.length).toBeLessThanOrEqual(segment.frames - 1);
      total += lines.length;
      if (segment.frames > 1) expect(lines[0]).toMatch(/^0\.016667 .*;$/);
      const id = k ? `kb2-${k}` : 'kb2';
      for (const line of lines) {
        for (const command of line
          .replace(/^[\d.]+ /, '')
          .replace(/;$/, '')
          .split(', ')) {
          expect(command).toMatch(new RegExp(`^(crop@${id}c [whxy]|scale@${id}s [wh]|crop@${id}k [xy]) \\d+(\\+0\\*n)?$`));
        }
      }
    });
    // Nearly every frame changes something; a segment's first frame is its filters' own values.
    expect(total).toBeGreaterThan(60 - plan.segments.length - 8);
  });
});

describe('Ken Burns on video', () => {
  /** Where a line of samples crosses halfway between its two sides, by linear interpolation. */
  const edgeAt = (line: number[]): number => {
    const [low, high] = [Math.min(...line), Math.max(...line)];
    const middle = (low + high) / 2;
    for (let i = 0; i + 1 < line.length; i++) {
      const [a, b] = [line[i] as number, line[i + 1] as number];
      if ((a - middle) * (b - middle) <= 0 && a !== b) return i + (middle - a) / (b - a);
    }
    return Number.NaN;
  };

  it('keeps the colour on its shape: chroma edges move with the picture’s edges under every move, never half a pixel apart', async () => {
    const dir = await makeWorkDir();
    // Dark red in the top left of light cyan, light green and grey: edges at x = 180 and
    // y = 320 that change both brightness and colour, blurred so that where a line crosses
    // halfway is a sub-pixel measure whatever the edge's phase.
    const picture = join(dir, 'quadrants.png');
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="360" height="640"><rect width="360" height="640" fill="#e02020"/><rect x="180" width="180" height="640" fill="#20e0e0"/><rect y="320" width="180" height="320" fill="#40f040"/><rect x="180" y="320" width="180" height="320" fill="#a0a0a0"/></svg>`;
    await sharp(Buffer.from(svg)).blur(3).png().toFile(picture);
    const nodes: Record<string, [string, Record<string, unknown>]> = {};
    const edges: string[] = [];
    for (let i = 1; i <= 4; i++) {
      nodes[`img${i}`] = ['input.image', { name: `img${i}`, default: picture }];
      edges.push(`img${i}.image -> assemble.images`);
    }
    nodes.assemble = ['video.assemble', { width: 360, height: 640, duration: 4, zoom: 1.2, crf: 8, transition: 'cut' }];
    const result = await runTestGraph(graphOf(nodes, edges), dir);
    expect(result.status, JSON.stringify(result.nodes.get('assemble')?.error)).toBe('succeeded');
    const { video } = result.outputs.get('assemble') as { video: ArtifactRef };
    const frames = await yuvFrames(video.path, 360, 640);
    expect(frames).toHaveLength(120);
    // Luma edge minus chroma edge (in luma pixels) along a row of the top half and a column of
    // the left half: a constant (the chroma siting) when the colour stays on the shape.
    const gaps = frames.map(({ y, v }) => {
      const row = Array.from({ length: 360 }, (_, x) => y[160 * 360 + x] as number);
      const chromaRow = Array.from({ length: 180 }, (_, x) => v[80 * 180 + x] as number);
      const column = Array.from({ length: 640 }, (_, r) => y[r * 360 + 90] as number);
      const chromaColumn = Array.from({ length: 320 }, (_, r) => v[r * 180 + 45] as number);
      return [edgeAt(row) - 2 * edgeAt(chromaRow), edgeAt(column) - 2 * edgeAt(chromaColumn)] as const;
    });
    for (const axis of [0, 1] as const) {
      const values = gaps.map((gap) => gap[axis]);
      expect(values.every(Number.isFinite), `axis ${axis}`).toBe(true);
      expect(Math.max(...values) - Math.min(...values), `axis ${axis}`).toBeLessThan(0.5);
    }
  });
});
