/** One image's clip: which frames of the video it covers. */
export interface Clip {
  /** First frame of the video the clip shows in (its transition in, if any, starts here). */
  startFrame: number;
  frames: number;
  /** The clip's own time on screen, transitions split at their middle, in seconds. */
  slotStart: number;
  slotEnd: number;
}

/** When each image shows and where the transitions go, in whole frames. */
export interface Timeline {
  fps: number;
  totalFrames: number;
  durationSec: number;
  /** Frames each transition lasts (0 for hard cuts). */
  transitionFrames: number;
  clips: Clip[];
  /** Where each transition starts, as xfade's `offset` in frames. */
  transitionStarts: number[];
  /** Set when the transition had to be shortened to fit the shortest image. */
  note?: string;
}

export interface TimelineRequest {
  images: number;
  fps: number;
  /** Total length when `durations` is not given. */
  durationSec: number;
  /** Seconds each image is the one on screen; the video lasts their sum. */
  durations?: readonly number[];
  transitionSec: number;
}

/**
 * Plans the clips so the video lasts exactly the asked duration. xfade overlaps two clips for
 * the transition, which would shorten the video by one transition per cut; instead each image
 * gets a slot (the total spread evenly, or its own duration), transitions are centred on the
 * slot boundaries, and each clip is its slot plus half a transition at each inner end. Work is
 * in whole frames, so the length is exact to the frame: `sum(slots)` rounded to the frame rate.
 */
export function planTimeline(request: TimelineRequest): Timeline {
  const { images: n, fps } = request;
  if (n < 1) throw new Error('a video needs at least one image');
  const slots = request.durations ? request.durations.slice(0, n) : Array.from({ length: n }, () => request.durationSec / n);
  const boundaries: number[] = [0];
  let sum = 0;
  for (const slot of slots) boundaries.push(Math.round((sum += slot) * fps));
  const totalFrames = boundaries[n] as number;
  const slotFrames = slots.map((_, i) => (boundaries[i + 1] as number) - (boundaries[i] as number));
  const empty = slotFrames.findIndex((frames) => frames < 1);
  if (empty >= 0) {
    throw new Error(
      `image ${empty + 1} would be on screen for less than one frame (${(slots[empty] ?? 0).toFixed(3)} s at ${fps} fps)`,
    );
  }
  // A transition may not be longer than the shortest slot, or two would overlap.
  let transitionFrames = n > 1 ? Math.round(request.transitionSec * fps) : 0;
  const longest = n > 1 ? Math.min(...slotFrames) : 0;
  let note: string | undefined;
  if (transitionFrames > longest) {
    note = `the ${request.transitionSec} s transition is longer than the shortest image (${(longest / fps).toFixed(2)} s); shortened to ${(longest / fps).toFixed(2)} s`;
    transitionFrames = longest;
  }
  const half = Math.floor(transitionFrames / 2);
  const transitionStarts = boundaries.slice(1, n).map((b) => b - half);
  const clips: Clip[] = slots.map((_, i) => {
    const startFrame = i === 0 ? 0 : (transitionStarts[i - 1] as number);
    const endFrame = i === n - 1 ? totalFrames : (transitionStarts[i] as number) + transitionFrames;
    return {
      startFrame,
      frames: endFrame - startFrame,
      slotStart: (boundaries[i] as number) / fps,
      slotEnd: (boundaries[i + 1] as number) / fps,
    };
  });
  return { fps, totalFrames, durationSec: totalFrames / fps, transitionFrames, clips, transitionStarts, note };
}
