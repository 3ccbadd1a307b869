import { describe, expect, it } from 'vitest';
import { type MotionPlan, motionFilterNames, motionScript, moveFor, planMotion } from './motion.ts';

const CASES = [
  { width: 1080, height: 1920, frames: 450, zoom: 1.12 },
  { width: 360, height: 640, frames: 60, zoom: 1.2 },
  { width: 1920, height: 1080, frames: 90, zoom: 1.05 },
];

/** Where output pixel `i` of frame `n` samples the padded picture, from the plan's integers. */
const sampled = (plan: MotionPlan, n: number, axis: 'x' | 'y', i: number) => {
  const step = plan.steps[n]?.[axis];
  if (!step) throw new Error(`no frame ${n}`);
  return step.offset + ((step.keep + i + 0.5) * step.size) / step.scaled;
};

describe('Ken Burns plan', () => {
  it('[M1] lands within 0.05 px of the planned move on every frame, and within 0.25 px on the few just off a zoom of 1', () => {
    for (const { width, height, frames, zoom } of CASES) {
      for (let index = 0; index < 4; index++) {
        const move = moveFor(index, zoom);
        const plan = planMotion(move, frames, width, height);
        expect(plan.steps).toHaveLength(frames);
        plan.steps.forEach((step, n) => {
          const z = move.z0 + ((move.z1 - move.z0) * n) / (frames - 1);
          const bound = z - 1 < 0.002 ? 0.25 : 0.05;
          expect(Math.max(step.x.error, step.y.error), `${width}x${height} move ${index} frame ${n}`).toBeLessThan(bound);
        });
      }
    }
  });

  it('[M2] never shows anything past the picture: every sampled pixel lies inside it, the crops inside the padding', () => {
    for (const { width, height, frames, zoom } of CASES) {
      for (let index = 0; index < 4; index++) {
        const plan = planMotion(moveFor(index, zoom), frames, width, height);
        for (let n = 0; n < frames; n++) {
          for (const [axis, size, pad] of [
            ['x', width, plan.pad.x],
            ['y', height, plan.pad.y],
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

  it('[M3] moves steadily: a pan advances the same distance every frame, to a hundredth of a pixel', () => {
    const plan = planMotion(moveFor(1, 1.2), 60, 360, 640);
    const speeds = plan.steps.slice(1).map((_, n) => sampled(plan, n + 1, 'x', 100) - sampled(plan, n, 'x', 100));
    const mean = speeds.reduce((a, b) => a + b) / speeds.length;
    expect(mean).toBeGreaterThan(0.9);
    for (const speed of speeds) expect(Math.abs(speed - mean)).toBeLessThan(0.02);
  });

  it('pads only as far as the crops reach: a pan a few pixels, a zoom out from 1 more', () => {
    const pan = planMotion(moveFor(1, 1.12), 450, 1080, 1920);
    const pushIn = planMotion(moveFor(0, 1.12), 450, 1080, 1920);
    expect(pan.pad.x).toBeLessThan(120);
    expect(pushIn.pad.x).toBeGreaterThan(pan.pad.x);
    expect(pushIn.pad.x % 2).toBe(0);
    expect(pushIn.pad.x).toBeLessThanOrEqual(1080);
  });

  it('scripts each frame’s changes half a frame before it, naming its own clip’s filters', () => {
    const plan = planMotion(moveFor(0, 1.2), 60, 360, 640);
    const names = motionFilterNames(2);
    const lines = motionScript(plan, 30, names).trim().split('\n');
    expect(lines.length).toBeGreaterThan(50);
    expect(lines.length).toBeLessThanOrEqual(59);
    const first = lines[0] as string;
    expect(first).toMatch(/^0\.016667 /);
    expect(first).toMatch(/;$/);
    for (const line of lines) {
      for (const command of line
        .replace(/^[\d.]+ /, '')
        .replace(/;$/, '')
        .split(', ')) {
        expect(command).toMatch(/^(crop@kb2c [whxy]|scale@kb2s [wh]|crop@kb2k [xy]) \d+(\+0\*n)?$/);
      }
    }
  });
});
