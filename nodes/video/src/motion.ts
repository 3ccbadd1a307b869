/**
 * Ken Burns motion as a crop → scale → crop per frame, steered by `sendcmd`.
 *
 * A camera move (zoom and pan) is separable: output column `i` shows source column
 * `L + (i + ½)·r` with `r = 1/zoom`, and rows likewise. swscale resamples that at SIMD speed,
 * but only between whole-pixel sizes, so a plain crop-and-scale steps by up to a pixel and
 * a slow zoom shivers (zoompan's fault). Three integers per axis get around it: crop `sw`
 * source pixels at `ox`, scale them to `dw`, keep `W` output pixels from `oi`. The mapping is
 * then `ox + (i + oi + ½)·sw/dw`, and among a few dozen `(dw, sw, oi, ox)` there is almost
 * always one within a few hundredths of a pixel of the wanted move at both edges of the frame
 * (`sw/dw` is a fraction near `r`; `oi·sw/dw` supplies the sub-pixel part of the offset).
 * Where the zoom is within a hair of 1 the fractions near `r` are sparse, so the search widens
 * `dw`, up to 3x the frame, until it finds one; on the frames whose edges have moved under half
 * a pixel from a zoom of 1 there may be none that near (see `planAxis`).
 * The plan is computed once per clip and fed to ffmpeg as a command file; the motion then
 * costs less than half of the `perspective` filter, which rebuilt a per-pixel table and
 * interpolated pixel by pixel every frame (3.1 against 7.4 CPU seconds for 450 frames of 1080x1920).
 */

/** A camera move over one clip: zoom from `z0` to `z1` while the view's centre moves. */
export interface Move {
  z0: number;
  z1: number;
  /** View centre at the start and end, as fractions of the frame. */
  from: readonly [number, number];
  to: readonly [number, number];
}

/** The moves images take in turn, so a sequence alternates instead of repeating one push-in. */
export function moveFor(index: number, zoom: number): Move {
  switch (index % 4) {
    case 0:
      return { z0: 1, z1: zoom, from: [0.5, 0.5], to: [0.5, 0.5] };
    case 1:
      return { z0: zoom, z1: zoom, from: [0, 0.5], to: [1, 0.5] };
    case 2:
      return { z0: zoom, z1: 1, from: [0.5, 0.5], to: [0.5, 0.5] };
    default:
      return { z0: zoom, z1: zoom, from: [0.5, 0.35], to: [0.5, 0.65] };
  }
}

/**
 * The scale writes 4:2:0 itself (the chain ends in `format=yuv420p`, and the crop and setsar
 * after the scale take any format, so ffmpeg negotiates it onto the scale's output): the frame
 * is resampled and converted in one pass. Its chroma has one sample per 2x2 pixels, so the
 * scaled size and the kept window start on even pixels; an odd start shifted the colour by
 * half a chroma sample against the picture on every other frame of a pan. The first crop
 * still starts anywhere: it reads the 4:4:4 picture. (No format filter between the scale and
 * the keep: the keep would go on cropping the first frame's size when the scale changes it.)
 */
export const CHROMA_ALIGN = 2;

/** Worst mismatch the search accepts, in output pixels, before it tries a wider scale. */
const TARGET_ERROR = 0.02;
/** What the search settles for once it would have to scale more than a quarter wider. */
const NEAR_MISS = 0.04;

/**
 * Replicated edge pixels around the fitted image, the frame's size on each side (kept even
 * for 4:2:0): the first crop may reach past the picture so that, near a zoom of 1, the search
 * can scale up to three times wider than the frame and keep its middle. Output pixels never
 * sample outside the picture itself (the view is clamped inside it), so the padding is never
 * seen; it costs memory once per clip, not work per frame.
 */
export const motionPad = (size: number): number => 2 * Math.ceil(size / 2);

/** One axis of one frame: crop `size` source pixels at `offset`, scale to `scaled`, keep from `keep`. */
export interface AxisStep {
  offset: number;
  size: number;
  scaled: number;
  keep: number;
  /** Largest distance from the wanted position over the frame, in output pixels. */
  error: number;
}

function gcd(a: number, b: number): number {
  while (b) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** `x` with `x·a ≡ 1 (mod m)`, for `a` and `m` without common factors. */
function inverseModulo(a: number, m: number): number {
  let [r0, r1, s0, s1] = [a % m, m, 1, 0];
  while (r1) {
    const q = Math.floor(r0 / r1);
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}

/**
 * The integers that show source positions `left + (i + ½)·ratio` for output pixels
 * `0 <= i < out`, from a source `source` pixels wide: crop `size` pixels at `offset`, scale
 * them to `scaled`, keep `out` from `keep`, so pixel `i` shows `offset + (keep + i + ½)·size/scaled`.
 * Tries scaled sizes from `out` upwards and stops at the first within `TARGET_ERROR`.
 *
 * Scaled sizes stop at 3x the frame. At a zoom of 1 + ε the ratio `size/scaled` must come
 * within 0.1/out of `ratio` (0.05 px at both edges), which takes `scaled ≈ k/ε` for a small
 * whole `k = scaled - size`; and the sub-pixel part of the offset (the edges' shift, `out·ε/2`)
 * comes only from `keep·size/scaled`, whose fraction steps by `k/scaled`, so `keep` must reach
 * about `(1 - shift)/ε` and `scaled` exceed it by `out`. Frame 1 of a 15 s push-in to 1.12
 * (ε = 0.00027) would scale to 5560x6270 at 1080x1920 (17x a frame's scaling, and twice the
 * padding's memory), to 360x4724 at 360x640: the cost grows as 1/ε whatever the frame's size.
 * Such frames keep the nearest within 3x instead (often the unscaled picture): 0.165 px off at
 * worst over seven frame sizes from 270x480 to 1920x1080, clips of 2 to 15 s, zooms 1.05-1.3.
 */
export function planAxis(
  left: number,
  ratio: number,
  out: number,
  source: number,
  fixed?: { size: number; scaled: number },
  align = 1,
): AxisStep {
  let best: AxisStep = { offset: 0, size: out, scaled: out, keep: 0, error: Number.POSITIVE_INFINITY };
  const widest = fixed ? fixed.scaled : Math.min(Math.floor(source / ratio), 3 * out);
  const first = fixed?.scaled ?? align * Math.ceil(out / align);
  for (let scaled = first; scaled <= widest; scaled += align) {
    const low = fixed?.size ?? Math.floor(ratio * scaled);
    for (let size = low; size <= (fixed ? low : low + 1); size++) {
      if (size < 1 || size > source) continue;
      const slope = size / scaled - ratio;
      // The slope's error alone, once the offset centres it over the frame.
      if ((Math.abs(slope) * (out - 1)) / 2 / ratio >= best.error) continue;
      // Wanted: offset + keep·size/scaled = target, i.e. offset·scaled + keep·size = target·scaled.
      const target = left - 0.5 * slope - ((out - 1) * slope) / 2;
      const g = gcd(size, scaled);
      const [p, q] = [size / g, scaled / g];
      const inverse = q === 1 ? 0 : inverseModulo(p, q);
      const nearest = Math.round((target * scaled) / g);
      // With a fixed ratio every keep is tried: it is the only freedom left.
      const values = fixed ? [] : [nearest - 1, nearest, nearest + 1];
      if (fixed) {
        for (let keep = 0; keep + out <= scaled; keep += align) {
          const offset = Math.round(target - (keep * size) / scaled);
          if (offset < 0 || offset + size > source) continue;
          const a = offset + (keep * size) / scaled - left + 0.5 * slope;
          const error = Math.max(Math.abs(a), Math.abs(a + (out - 1) * slope)) / ratio;
          if (error < best.error) best = { offset, size, scaled, keep, error };
        }
      }
      // Keeps that solve the congruence come every q pixels; aligned ones every `stride`.
      const stride = (q * align) / gcd(q, align);
      for (const value of values) {
        // keep·p ≡ value (mod q): the smallest aligned keep, then every stride until the offset fits.
        let keep = ((((value % q) + q) % q) * inverse) % q;
        while (keep % align !== 0 && keep < stride) keep += q;
        if (keep % align !== 0) continue;
        // The offset falls as the keep grows: jump to the first keep whose crop ends inside the
        // source instead of stepping there (near a zoom of 1, q is small and that was thousands of steps).
        const first = Math.ceil((value * g - (source - size) * scaled) / size);
        if (keep < first) keep += Math.ceil((first - keep) / stride) * stride;
        for (; keep + out <= scaled; keep += stride) {
          const offset = (value * g - keep * size) / scaled;
          if (offset + size > source) continue;
          if (offset < 0) break;
          const a = offset + (keep * size) / scaled - left + 0.5 * slope;
          const error = Math.max(Math.abs(a), Math.abs(a + (out - 1) * slope)) / ratio;
          if (error < best.error) best = { offset, size, scaled, keep, error };
          break;
        }
      }
    }
    // Past a quarter wider, a near miss is worth more than the scaling it would take to do better.
    if (best.error <= TARGET_ERROR || (scaled > 1.25 * out && best.error <= NEAR_MISS)) break;
  }
  return best;
}

/**
 * One crop size and scaled size for a whole pan at a steady zoom. What a pan needs is
 * offsets: `keep·size/scaled` must reach every fraction of a pixel, which a ratio at or near
 * a simple fraction does not (5/6, a zoom of 1.2, reaches only sixths). So the ratio may zoom
 * in up to 1% further than asked, never less (the view stays inside the picture), and is
 * chosen for the smallest gap between the fractions its 48 to 96 spare pixels reach; a zoom
 * of 1.2024 for 1.2 is invisible, an offset that can only step by sixths is not.
 */
export function steadyRatio(ratio: number, out: number, source: number, align = 1): { size: number; scaled: number } {
  let best = { size: out, scaled: out, gap: Number.POSITIVE_INFINITY };
  for (let scaled = align * Math.ceil((out + 48) / align); scaled <= out + 96; scaled += align) {
    for (let size = Math.floor(ratio * scaled); size >= Math.ceil(0.99 * ratio * scaled); size--) {
      if (size < 1 || size > source) continue;
      const fractions: number[] = [];
      for (let keep = 0; keep + out <= scaled; keep += align) fractions.push(((keep * size) / scaled) % 1);
      fractions.sort((a, b) => a - b);
      let gap = 1 - (fractions.at(-1) as number) + (fractions[0] as number);
      for (let k = 1; k < fractions.length; k++) gap = Math.max(gap, (fractions[k] as number) - (fractions[k - 1] as number));
      if (gap < best.gap) best = { size, scaled, gap };
    }
  }
  return { size: best.size, scaled: best.scaled };
}

/** The crops and scale of one frame. */
export interface MotionStep {
  x: AxisStep;
  y: AxisStep;
}

/**
 * Frames whose crops reach further than this past the picture's left or right side are cut
 * from a copy padded wider. swscale reads the crop's rows at the padded picture's stride,
 * and a wide stride makes each frame's scaling about twice as dear (450 frames of 1080x1920:
 * 2.2 CPU s padded 96 px a side against 3.3 s padded 1080, the same plan otherwise); only
 * the frames near a zoom of 1 need the width (`planAxis`), so the rest keep a narrow stride.
 */
export const narrowPad = (width: number): number => 2 * Math.ceil(Math.max(width / 12, 64) / 2);

/** A run of frames shorter than this is not worth a branch of its own: it joins its neighbour. */
const SHORTEST_RUN = 8;

/** A run of a clip's frames, all cropped from one copy of the picture padded as far as they reach. */
export interface MotionSegment {
  /** The run's first frame in the clip, and how many frames it has. */
  start: number;
  frames: number;
  /** Replicated pixels added on each side (left/right, top/bottom) before the first crop. */
  pad: { x: number; y: number };
}

/** A clip's motion: each frame's crops and scale, and the runs of frames that share a padded picture. */
export interface MotionPlan {
  width: number;
  height: number;
  /** In frame order; one for most moves, more when a zoom from 1 needs a wider picture for some frames. */
  segments: MotionSegment[];
  /** Each frame's crops, with offsets into its segment's padded picture. */
  steps: MotionStep[];
  /** The largest planned mismatch over all frames, in output pixels. */
  worstError: number;
}

/** The segment frame `n` of a plan belongs to. */
export function segmentOf(plan: MotionPlan, n: number): MotionSegment {
  const segment = plan.segments.find((s) => n >= s.start && n < s.start + s.frames);
  if (!segment) throw new Error(`frame ${n} is outside the plan's ${plan.steps.length} frames`);
  return segment;
}

/**
 * The per-frame plan for a move over `frames` frames of a `width`×`height` clip. The view is
 * clamped inside the picture at both ends; zoom and centre change linearly in between, and the
 * edges of a view that is inside at both ends stay inside all along (the left edge,
 * `cx - W/2z`, is concave in time). Planned against the widest padding, then cut into runs of
 * frames whose crops stay within `narrowPad` of the picture's sides and runs that reach further,
 * each run's padding trimmed to what its crops use: a pan at a steady zoom is one run padded a
 * few pixels, a zoom from 1 pads wide only for its first frames (and the odd one later).
 */
export function planMotion(move: Move, frames: number, width: number, height: number, align = CHROMA_ALIGN): MotionPlan {
  // The far end of a zoom may sit on a ratio of small terms (a zoom of 1.2 is 5/6), whose even
  // keeps step the offset by thirds of a pixel: the last frame of a push-in to 1.2 at 1080x1350
  // missed by 0.067 px. Like a steady pan's, such a zoom may then go a hair further, at most
  // 0.1% (half a pixel at the edges of 1080), the move still a straight line, so nothing jerks.
  // Tried only when a frame whose edges have moved half a pixel from a zoom of 1 misses by more
  // than FAR_MISS, so other plans are as they were.
  let best: { plan: MotionPlan; miss: number } | undefined;
  for (const tighter of [0, 0.00005, 0.0001, 0.0002, 0.0005, 0.001]) {
    if (tighter && move.z0 === move.z1) break;
    const [z0, z1] = move.z1 > move.z0 ? [move.z0, move.z1 * (1 + tighter)] : [move.z0 * (1 + tighter), move.z1];
    const plan = planMotionAt(move, z0, z1, frames, width, height, align);
    const miss = Math.max(
      0,
      ...plan.steps.map((step, n) => {
        const zoom = z0 + ((z1 - z0) * n) / Math.max(1, frames - 1);
        const edgeShift = ((1 - 1 / zoom) * Math.max(width, height)) / 2;
        return edgeShift < 0.5 ? 0 : Math.max(step.x.error, step.y.error);
      }),
    );
    if (!best || miss < best.miss) best = { plan, miss };
    if (best.miss < FAR_MISS) break;
  }
  return (best as { plan: MotionPlan }).plan;
}

/** The worst a frame away from a zoom of 1 may miss by before the zoom's far end is tightened. */
const FAR_MISS = 0.05;

function planMotionAt(
  move: Move,
  z0: number,
  z1: number,
  frames: number,
  width: number,
  height: number,
  align: number,
): MotionPlan {
  const clampCentre = (fraction: number, size: number, zoom: number) => {
    const half = size / zoom / 2;
    return Math.min(size - half, Math.max(half, fraction * size));
  };
  const [px, py] = [motionPad(width), motionPad(height)];
  const cx0 = clampCentre(move.from[0], width, z0);
  const cy0 = clampCentre(move.from[1], height, z0);
  const cx1 = clampCentre(move.to[0], width, z1);
  const cy1 = clampCentre(move.to[1], height, z1);
  const steady =
    move.z0 === move.z1
      ? {
          x: steadyRatio(1 / move.z0, width, width + 2 * px, align),
          y: steadyRatio(1 / move.z0, height, height + 2 * py, align),
        }
      : undefined;
  const steps: MotionStep[] = [];
  // Each frame's wanted left edge (in the widest padding) and ratio across, to plan again narrower.
  const across: { left: number; ratio: number }[] = [];
  for (let n = 0; n < frames; n++) {
    const p = frames > 1 ? n / (frames - 1) : 0;
    const zoom = z0 + (z1 - z0) * p;
    const cx = cx0 + (cx1 - cx0) * p;
    const cy = cy0 + (cy1 - cy0) * p;
    // A steady pan is planned at its own ratio, a hair tighter than asked, about the same centre.
    const rx = steady ? steady.x.size / steady.x.scaled : 1 / zoom;
    const ry = steady ? steady.y.size / steady.y.scaled : 1 / zoom;
    across.push({ left: px + cx - (width * rx) / 2, ratio: rx });
    steps.push({
      x: planAxis(px + cx - (width * rx) / 2, rx, width, width + 2 * px, steady?.x, align),
      y: planAxis(py + cy - (height * ry) / 2, ry, height, height + 2 * py, steady?.y, align),
    });
  }
  // How far past the picture a frame's crop reaches, on its widest side.
  const reach = (step: AxisStep, pad: number, size: number) =>
    Math.max(0, pad - step.offset, step.offset + step.size - pad - size);
  // A zooming frame whose crop reaches wide across is planned again within the narrow padding,
  // and keeps that plan when it lands as near, or within NEAR_MISS: that leaves the frames near
  // a zoom of 1 and a few others. (A steady pan reaches only a few pixels past the picture.)
  const nx = narrowPad(width);
  steps.forEach((step, n) => {
    if (steady || reach(step.x, px, width) <= nx) return;
    const { left, ratio } = across[n] as { left: number; ratio: number };
    const x = planAxis(left - px + nx, ratio, width, width + 2 * nx, undefined, align);
    if (x.error <= Math.max(NEAR_MISS, step.x.error)) step.x = { ...x, offset: x.offset + px - nx };
  });
  const wide = steps.map((s) => !steady && reach(s.x, px, width) > nx);
  // Runs of wide and narrow frames; a short narrow run joins the wide one beside it, since a few
  // frames at the wide stride cost less than a branch of their own.
  const runs: { start: number; frames: number; wide: boolean }[] = [];
  wide.forEach((isWide, n) => {
    const last = runs.at(-1);
    if (last && (last.wide === isWide || (last.wide === false && last.frames < SHORTEST_RUN && isWide))) {
      last.frames++;
      last.wide ||= isWide;
    } else runs.push({ start: n, frames: 1, wide: isWide });
  });
  for (let k = runs.length - 1; k > 0; k--) {
    const [before, run] = [runs[k - 1] as (typeof runs)[number], runs[k] as (typeof runs)[number]];
    if (run.wide === before.wide || (!run.wide && run.frames < SHORTEST_RUN)) {
      before.frames += run.frames;
      runs.splice(k, 1);
    }
  }
  // Even, so the padded picture stays whole in 4:2:0 too.
  const even = (n: number) => 2 * Math.ceil(n / 2);
  const segments = runs.map(({ start, frames: count }) => {
    const own = steps.slice(start, start + count);
    const pad = {
      x: even(Math.max(0, ...own.map((s) => reach(s.x, px, width)))),
      y: even(Math.max(0, ...own.map((s) => reach(s.y, py, height)))),
    };
    for (const step of own) {
      step.x.offset -= px - pad.x;
      step.y.offset -= py - pad.y;
    }
    return { start, frames: count, pad };
  });
  const worstError = Math.max(0, ...steps.map((s) => Math.max(s.x.error, s.y.error)));
  return { width, height, segments, steps, worstError };
}

/** Names of the three filters one clip's motion steers. */
export interface MotionFilterNames {
  crop: string;
  scale: string;
  keep: string;
}

/**
 * Filter instance names for segment `segment` of clip `clip`, unique in the graph so each
 * segment's script reaches its own.
 */
export const motionFilterNames = (clip: number, segment = 0): MotionFilterNames => {
  const id = segment ? `kb${clip}-${segment}` : `kb${clip}`;
  return { crop: `crop@${id}c`, scale: `scale@${id}s`, keep: `crop@${id}k` };
};

/** Pads a picture with its own edge pixels, `pad` on each side. */
function padFilters(width: number, height: number, pad: { x: number; y: number }): string {
  if (!pad.x && !pad.y) return '';
  return `pad=${width + 2 * pad.x}:${height + 2 * pad.y}:${pad.x}:${pad.y},fillborders=left=${pad.x}:right=${pad.x}:top=${pad.y}:bottom=${pad.y}:mode=smear`;
}

/**
 * The filters for one segment of a clip's motion, in two parts. `before` pads the fitted
 * picture with its own edge pixels, once, ahead of `loop`. `after` moves each frame: `sendcmd`
 * reads the plan from `scriptFile` (a relative name in the command's folder, so no escaping)
 * and the first frame's values are the filters' own, so the graph configures before any
 * command arrives. The scale's size mentions `n` so swscale re-reads it, and its input's
 * size, on every frame.
 */
export function motionFilters(
  plan: MotionPlan,
  segmentIndex: number,
  scriptFile: string,
  names: MotionFilterNames,
): { before: string; after: string } {
  const { width, height } = plan;
  const segment = plan.segments[segmentIndex] as MotionSegment;
  const first = plan.steps[segment.start] as MotionStep;
  const after = [
    ...(segment.frames > 1 ? [`sendcmd=f=${scriptFile}`] : []),
    `${names.crop}=w=${first.x.size}:h=${first.y.size}:x=${first.x.offset}:y=${first.y.offset}:exact=1`,
    `${names.scale}=w=${first.x.scaled}+0*n:h=${first.y.scaled}+0*n:eval=frame:flags=bilinear`,
    `${names.keep}=w=${width}:h=${height}:x=${first.x.keep}:y=${first.y.keep}:exact=1`,
    // The two axes scale by ratios a hair apart, which scale would record as a pixel aspect.
    'setsar=1',
  ].join(',');
  return { before: padFilters(width, height, segment.pad), after };
}

/**
 * Frame `n` of a plan alone, from the fitted picture, as filters with fixed values: the same
 * crops and scale, so the same pixels as that frame of the moving clip.
 */
export function motionFrameFilters(plan: MotionPlan, n: number): string {
  const { width, height } = plan;
  const step = plan.steps[n] as MotionStep;
  return [
    padFilters(width, height, segmentOf(plan, n).pad),
    `crop=w=${step.x.size}:h=${step.y.size}:x=${step.x.offset}:y=${step.y.offset}:exact=1`,
    `scale=w=${step.x.scaled}:h=${step.y.scaled}:flags=bilinear`,
    `crop=w=${width}:h=${height}:x=${step.x.keep}:y=${step.y.keep}:exact=1`,
    'setsar=1',
  ]
    .filter(Boolean)
    .join(',');
}

/** A segment's `sendcmd` script: each frame's crop, scale and keep, sent half a frame before it. */
export function motionScript(plan: MotionPlan, segmentIndex: number, fps: number, names: MotionFilterNames): string {
  const segment = plan.segments[segmentIndex] as MotionSegment;
  const lines: string[] = [];
  for (let k = 1; k < segment.frames; k++) {
    const step = plan.steps[segment.start + k] as MotionStep;
    const previous = plan.steps[segment.start + k - 1] as MotionStep;
    const commands: string[] = [];
    const set = (target: string, key: string, value: number, before: number, expression = String(value)) => {
      if (value !== before) commands.push(`${target} ${key} ${expression}`);
    };
    set(names.crop, 'w', step.x.size, previous.x.size);
    set(names.crop, 'h', step.y.size, previous.y.size);
    set(names.crop, 'x', step.x.offset, previous.x.offset);
    set(names.crop, 'y', step.y.offset, previous.y.offset);
    set(names.scale, 'w', step.x.scaled, previous.x.scaled, `${step.x.scaled}+0*n`);
    set(names.scale, 'h', step.y.scaled, previous.y.scaled, `${step.y.scaled}+0*n`);
    set(names.keep, 'x', step.x.keep, previous.x.keep);
    set(names.keep, 'y', step.y.keep, previous.y.keep);
    if (commands.length) lines.push(`${((k - 0.5) / fps).toFixed(6)} ${commands.join(', ')};`);
  }
  return `${lines.join('\n')}\n`;
}
