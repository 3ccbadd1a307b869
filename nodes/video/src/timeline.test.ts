import { describe, expect, it } from 'vitest';
import { planTimeline } from './timeline.ts';

describe('planTimeline', () => {
  it('lasts exactly the asked duration, however many images and however long the transitions', () => {
    for (const fps of [24, 25, 30, 60]) {
      for (let images = 1; images <= 8; images++) {
        for (const transitionSec of [0, 0.25, 0.5, 1]) {
          for (const durationSec of [2, 7.5, 15, 30]) {
            const t = planTimeline({ images, fps, durationSec, transitionSec });
            expect(Math.abs(t.durationSec - durationSec)).toBeLessThanOrEqual(0.5 / fps);
            // xfade: each transition overlaps two clips, so clips add up to the total plus the overlaps.
            const overlap = (images - 1) * t.transitionFrames;
            expect(t.clips.reduce((sum, clip) => sum + clip.frames, 0) - overlap).toBe(t.totalFrames);
            // Each clip starts where the previous transition starts, and the last ends the video.
            expect(t.clips.slice(1).map((clip) => clip.startFrame)).toEqual(t.transitionStarts);
            const last = t.clips.at(-1);
            expect((last?.startFrame ?? 0) + (last?.frames ?? 0)).toBe(t.totalFrames);
            for (const clip of t.clips) expect(clip.frames).toBeGreaterThanOrEqual(t.transitionFrames);
          }
        }
      }
    }
  });

  it('gives each image its own duration when asked, and the video their sum', () => {
    const t = planTimeline({ images: 3, fps: 30, durationSec: 15, durations: [1, 2.5, 1.5], transitionSec: 0.5 });
    expect(t.durationSec).toBe(5);
    expect(t.clips.map((c) => [c.slotStart, c.slotEnd])).toEqual([
      [0, 1],
      [1, 3.5],
      [3.5, 5],
    ]);
    // Transitions are centred on the slot boundaries.
    expect(t.transitionStarts).toEqual([30 - 7, 105 - 7]);
  });

  it('shortens a transition longer than the shortest image, and says so', () => {
    const t = planTimeline({ images: 3, fps: 30, durationSec: 3, durations: [0.2, 2, 0.8], transitionSec: 1 });
    expect(t.transitionFrames).toBe(6);
    expect(t.note).toMatch(/shortened to 0\.20 s/);
    expect(t.durationSec).toBe(3);
  });
});
