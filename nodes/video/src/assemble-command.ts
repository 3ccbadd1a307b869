import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import {
  buildCaptionScript,
  type CaptionStyle,
  estimateTextWidth,
  type MeasureText,
  type PlacedCaption,
  placeCaption,
  type TimedCaption,
} from './captions.ts';
import type { FfmpegCommand } from './ffmpeg.ts';
import {
  type AudioBed,
  audioBedChain,
  audioInputArgs,
  buildLoudnessCommand,
  type LoudnessMeasurement,
  loudnessGain,
  SAMPLE_RATE,
} from './loudness.ts';
import { motionFilterNames, motionFilters, motionFrameFilters, motionScript, moveFor, planMotion } from './motion.ts';
import type { VideoPreset } from './presets.ts';
import { planTimeline, type Timeline } from './timeline.ts';

/** xfade's transitions that read well in ads, plus `cut` for none. */
export const TRANSITIONS = [
  'fade',
  'fadeblack',
  'fadewhite',
  'dissolve',
  'slideleft',
  'slideright',
  'slideup',
  'slidedown',
  'wipeleft',
  'wiperight',
  'wipeup',
  'wipedown',
  'smoothleft',
  'smoothright',
  'smoothup',
  'smoothdown',
  'circleopen',
  'circleclose',
  'radial',
  'pixelize',
  'hblur',
  'cut',
] as const;

export type Transition = (typeof TRANSITIONS)[number];

export const X264_PRESETS = ['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow'] as const;

/** Everything one assembled video is made of, with files already on disk. */
export interface AssembleSpec {
  /** Image files, in order. */
  images: readonly string[];
  /** One per image (shown in its slot), or any other number shared evenly over the video. */
  captions?: readonly string[];
  /** Seconds each image is on screen; the video lasts their sum. */
  durations?: readonly number[];
  /** Total length when `durations` is not given. */
  durationSec: number;
  preset: VideoPreset;
  transition: Transition;
  transitionSec: number;
  motion: 'kenburns' | 'none';
  /** Ken Burns' largest zoom, e.g. 1.12. */
  zoom: number;
  /** `cover` fills the frame (cropping); `blur` shows the whole image over a blurred copy of itself. */
  fit: 'cover' | 'blur';
  captionStyle: CaptionStyle;
  /** A font file for the captions, copied beside the script; fontconfig's default when missing. */
  fontFile?: string;
  /** Caption line widths as the font draws them (`captionMeasure`); a generous estimate when unset. */
  captionMeasure?: MeasureText;
  audio?: {
    bed: AudioBed;
    targetLufs: number;
    /** From `buildLoudnessCommand`'s pass; without it the bed keeps its level. */
    measured?: LoudnessMeasurement;
    fadeInSec: number;
    fadeOutSec: number;
  };
  /** `threads`: x264's and the filter graph's threads (`encoderThreads`); ffmpeg picks when unset. */
  encoder: { preset: (typeof X264_PRESETS)[number]; crf: number; threads?: number };
  /** Which moment becomes the poster (default: the middle of the first image's slot). */
  posterAtSec?: number;
  /** Where ffmpeg writes the MP4 and the PNG poster. */
  output: string;
  poster: string;
}

/** A file the command reads from its working folder. */
export interface CommandFile {
  name: string;
  text?: string;
  copyFrom?: string;
}

/** The ffmpeg command for a spec, and the plan behind it. */
export interface AssembleCommand extends FfmpegCommand {
  /** Files to put in the working folder first (`writeCommandFiles`): the caption script, the font. */
  files: CommandFile[];
  timeline: Timeline;
  /** Each caption with the lines it is drawn in and the box libass draws around them. */
  captions: PlacedCaption[];
  posterFrame: number;
  /** ffmpeg filters the command uses, for the capability check. */
  filters: string[];
  /** The Ken Burns plan's largest mismatch from the ideal move, in output pixels (0 without motion). */
  motionError: number;
}

export const CAPTIONS_FILE = 'captions.ass';
export const FONTS_DIR = 'fonts';
/** The `sendcmd` script that moves segment `segment` of image `index`'s clip. */
export const motionScriptFile = (index: number, segment = 0) => `motion-${index + 1}${segment ? `-${segment + 1}` : ''}.cmd`;

const num = (n: number) => String(Number(n.toFixed(6)));

const IMAGE2_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'webp', 'bmp', 'tif', 'tiff', 'gif']);

/** When each caption shows: one per image follows the images, any other count shares the video evenly. */
export function timeCaptions(captions: readonly string[], timeline: Timeline): TimedCaption[] {
  if (captions.length === 0) return [];
  if (captions.length === timeline.clips.length) {
    return captions.map((text, i) => {
      const clip = timeline.clips[i] as Timeline['clips'][number];
      return { text, start: clip.slotStart, end: clip.slotEnd };
    });
  }
  const each = timeline.durationSec / captions.length;
  return captions.map((text, i) => ({
    text,
    start: i * each,
    end: i === captions.length - 1 ? timeline.durationSec : (i + 1) * each,
  }));
}

/**
 * Builds the one ffmpeg command that makes the video and its poster: each image fitted once,
 * looped for its clip and moved (Ken Burns), clips joined by xfade at the planned offsets,
 * captions burnt in from an ASS file, the audio bed (or silence) cut, normalised and faded to
 * the exact length, H.264 yuv420p + AAC with the index up front. Paths inside the filter graph
 * are relative names (`captions.ass`, `fonts`) in the folder the command runs in, so no path
 * ever needs filter-graph escaping; the image and output paths are plain arguments.
 */
export function buildAssembleCommand(spec: AssembleSpec): AssembleCommand {
  const { preset, images } = spec;
  const { width: W, height: H, fps } = preset;
  const cut = spec.transition === 'cut';
  const timeline = planTimeline({
    images: images.length,
    fps,
    durationSec: spec.durationSec,
    durations: spec.durations,
    transitionSec: cut ? 0 : spec.transitionSec,
  });
  const T = timeline.durationSec;
  const filters = new Set<string>(['scale', 'crop', 'setsar', 'format', 'loop', 'setpts', 'split', 'select']);
  const args: string[] = [];
  const graph: string[] = [];
  const files: CommandFile[] = [];
  let motionError = 0;

  const posterAt = spec.posterAtSec ?? ((timeline.clips[0]?.slotStart ?? 0) + (timeline.clips[0]?.slotEnd ?? 0)) / 2;
  const posterFrame = Math.min(timeline.totalFrames - 1, Math.max(0, Math.round(posterAt * fps)));
  // The clip that alone shows the poster's frame (none when it falls in a transition). Its frame
  // is made from the still picture, so the poster is ready at once: taken from the finished
  // video instead, ffmpeg held every frame before it in memory until the poster's came
  // (ffmpeg 5.1 feeds an output that has written nothing first), 0.8 GB and 0.7 CPU s at 1080x1920.
  const showing = timeline.clips.flatMap((clip, i) =>
    posterFrame >= clip.startFrame && posterFrame < clip.startFrame + clip.frames ? [i] : [],
  );
  const posterClip = showing.length === 1 ? (showing[0] as number) : -1;
  let poster: string | undefined;

  images.forEach((path, i) => {
    const ext = extname(path).slice(1).toLowerCase();
    // image2 with no pattern: a `%` in a file name is just a character.
    if (IMAGE2_EXTENSIONS.has(ext)) args.push('-f', 'image2', '-pattern_type', 'none');
    args.push('-framerate', String(fps), '-i', path);
    const clip = timeline.clips[i] as Timeline['clips'][number];
    let chain: string;
    if (spec.fit === 'blur') {
      filters.add('boxblur').add('overlay');
      const sw = Math.max(2, Math.round(W / 12 / 2) * 2);
      const sh = Math.max(2, Math.round(H / 12 / 2) * 2);
      const radius = Math.max(1, Math.min(8, Math.floor(Math.min(sw, sh) / 4)));
      chain =
        `[${i}:v]split[bg${i}][fg${i}];` +
        `[bg${i}]scale=${sw}:${sh}:force_original_aspect_ratio=increase,crop=${sw}:${sh},boxblur=${radius}:2,scale=${W}:${H}:flags=bicubic[bgb${i}];` +
        `[fg${i}]scale=${W}:${H}:force_original_aspect_ratio=decrease:flags=lanczos[fgs${i}];` +
        `[bgb${i}][fgs${i}]overlay=x=(W-w)/2:y=(H-h)/2:format=rgb`;
    } else {
      chain = `[${i}:v]scale=${W}:${H}:force_original_aspect_ratio=increase:flags=lanczos,crop=${W}:${H}`;
    }
    // Fit and convert once, then loop the one frame: per-frame work is only the motion.
    chain += `,setsar=1,scale=out_color_matrix=bt709:out_range=tv`;
    const loop = (frames: number) => `loop=loop=${frames - 1}:size=1:start=0,setpts=N/(${fps}*TB)`;
    const posterHere = i === posterClip;
    // The poster's frame carries the time the video shows it, so the captions on it are that moment's.
    const posterAtStill = `setpts=${posterFrame}/(${fps}*TB)`;
    if (spec.motion === 'kenburns' && spec.zoom > 1) {
      // 4:4:4 while moving: the crops may start on any pixel, which 4:2:0's chroma cannot.
      filters.add('sendcmd').add('pad').add('fillborders');
      const plan = planMotion(moveFor(i, spec.zoom), clip.frames, W, H);
      const { segments } = plan;
      const branches = segments.length + (posterHere ? 1 : 0);
      chain += ',format=yuv444p';
      const still = (k: number) => (branches > 1 ? `[k${i}_${k}]` : '');
      if (branches > 1)
        chain += `,split=${branches}${segments.map((_, k) => `[k${i}_${k}]`).join('')}${posterHere ? `[kp${i}]` : ''}`;
      const parts = segments.map((segment, k) => {
        const names = motionFilterNames(i, k);
        const script = motionScriptFile(i, k);
        if (segment.frames > 1) files.push({ name: script, text: motionScript(plan, k, fps, names) });
        const motion = motionFilters(plan, k, script, names);
        const label = segments.length > 1 ? `[m${i}_${k}]` : `[c${i}]`;
        return `${still(k)}${motion.before ? `${motion.before},` : ''}${loop(segment.frames)},${motion.after},format=yuv420p${label}`;
      });
      if (branches > 1) {
        graph.push(chain);
        graph.push(...parts);
      } else graph.push(`${chain},${parts[0]}`);
      if (segments.length > 1) {
        // Numbered again in the clip's time base: concat writes microseconds (which xfade refuses
        // to mix with 1/fps) and gives a one-frame segment no duration, so the next would start on its time.
        filters.add('concat').add('settb');
        graph.push(
          `${segments.map((_, k) => `[m${i}_${k}]`).join('')}concat=n=${segments.length}:v=1:a=0,settb=1/${fps},setpts=N/(${fps}*TB)[c${i}]`,
        );
      }
      if (posterHere)
        poster = `[kp${i}]${motionFrameFilters(plan, posterFrame - clip.startFrame)},format=yuv420p,${posterAtStill}`;
      motionError = Math.max(motionError, plan.worstError);
    } else if (posterHere) {
      graph.push(`${chain},format=yuv420p,split=2[k${i}][kp${i}]`);
      graph.push(`[k${i}]${loop(clip.frames)}[c${i}]`);
      poster = `[kp${i}]${posterAtStill}`;
    } else {
      graph.push(`${chain},format=yuv420p,${loop(clip.frames)}[c${i}]`);
    }
  });

  let video = 'c0';
  if (images.length > 1 && (cut || timeline.transitionFrames === 0)) {
    filters.add('concat');
    graph.push(`${images.map((_, i) => `[c${i}]`).join('')}concat=n=${images.length}:v=1:a=0[joined]`);
    video = 'joined';
  } else if (images.length > 1) {
    filters.add('xfade');
    const duration = num(timeline.transitionFrames / fps);
    timeline.transitionStarts.forEach((start, k) => {
      const out = `x${k + 1}`;
      graph.push(
        `[${video}][c${k + 1}]xfade=transition=${spec.transition}:duration=${duration}:offset=${num(start / fps)}[${out}]`,
      );
      video = out;
    });
  }

  const measure = spec.captionMeasure ?? estimateTextWidth(spec.captionStyle.fontSize);
  const captions = timeCaptions(
    (spec.captions ?? []).map((text) => text.trim()),
    timeline,
  )
    .filter((caption) => caption.text !== '')
    .map((caption) => placeCaption(caption, preset, spec.captionStyle, measure));
  let assFilter: string | undefined;
  if (captions.length) {
    filters.add('ass');
    files.push({ name: CAPTIONS_FILE, text: buildCaptionScript(captions, preset, spec.captionStyle) });
    let ass = `ass=filename=${CAPTIONS_FILE}`;
    if (spec.fontFile) {
      files.push({ name: `${FONTS_DIR}/${basename(spec.fontFile)}`, copyFrom: spec.fontFile });
      ass += `:fontsdir=${FONTS_DIR}`;
    }
    graph.push(`[${video}]${ass}[captioned]`);
    video = 'captioned';
    assFilter = ass;
  }

  const toPoster = 'scale=in_color_matrix=bt709:in_range=tv,format=rgb24[poster]';
  if (poster) {
    filters.add('null');
    graph.push(`[${video}]null[vout]`);
    graph.push(`${poster},${assFilter ? `${assFilter},` : ''}${toPoster}`);
  } else {
    graph.push(`[${video}]split=2[vout][vp]`);
    graph.push(`[vp]select='eq(n,${posterFrame})',${toPoster}`);
  }

  const samples = Math.round(T * SAMPLE_RATE);
  if (spec.audio) {
    const { bed, measured, targetLufs } = spec.audio;
    filters.add('atrim').add('asetpts').add('aresample').add('aformat').add('apad');
    args.push(...audioInputArgs(bed));
    const fades = { inSec: spec.audio.fadeInSec, outSec: spec.audio.fadeOutSec };
    if (fades.inSec > 0 || fades.outSec > 0) filters.add('afade');
    let chain = `[${images.length}:a]${audioBedChain(T, fades)}`;
    if (measured) {
      const gain = loudnessGain(targetLufs, measured);
      filters.add(gain.filter);
      chain += `,${gain.chain}`;
    }
    graph.push(`${chain},atrim=end_sample=${samples}[aout]`);
  } else {
    // A silent track all the same: platforms expect one, and concat can then copy streams.
    filters.add('anullsrc').add('atrim');
    graph.push(`anullsrc=r=${SAMPLE_RATE}:cl=stereo,atrim=end_sample=${samples}[aout]`);
  }

  const threads = spec.encoder.threads ? ['-threads', String(spec.encoder.threads)] : [];
  if (spec.encoder.threads) args.unshift('-filter_threads', String(spec.encoder.threads));
  args.push('-filter_complex', graph.join(';'));
  args.push(
    '-map',
    '[vout]',
    '-map',
    '[aout]',
    '-map_metadata',
    '-1',
    '-c:v',
    'libx264',
    ...threads,
    '-preset',
    spec.encoder.preset,
    '-crf',
    String(spec.encoder.crf),
    '-pix_fmt',
    'yuv420p',
    '-profile:v',
    'high',
    '-g',
    String(fps * 2),
    '-colorspace',
    'bt709',
    '-color_primaries',
    'bt709',
    '-color_trc',
    'bt709',
    '-color_range',
    'tv',
    '-c:a',
    'aac',
    '-b:a',
    '160k',
    '-ar',
    String(SAMPLE_RATE),
    '-ac',
    '2',
    '-movflags',
    '+faststart',
    '-f',
    'mp4',
    spec.output,
    '-map',
    '[poster]',
    '-frames:v',
    '1',
    '-update',
    '1',
    '-c:v',
    'png',
    '-f',
    'image2',
    spec.poster,
  );
  return { args, files, timeline, captions, posterFrame, filters: [...filters].sort(), motionError };
}

/** The loudness-measuring pass for a spec's audio bed, over the exact length the video will have. */
export function loudnessCommandFor(spec: AssembleSpec): FfmpegCommand | undefined {
  if (!spec.audio) return undefined;
  const { durationSec } = planTimeline({
    images: spec.images.length,
    fps: spec.preset.fps,
    durationSec: spec.durationSec,
    durations: spec.durations,
    transitionSec: 0,
  });
  const fades = { inSec: spec.audio.fadeInSec, outSec: spec.audio.fadeOutSec };
  return buildLoudnessCommand(spec.audio.bed, durationSec, fades);
}

/** Puts a command's files (caption script, fonts) into the folder it will run in. */
export async function writeCommandFiles(dir: string, files: readonly CommandFile[]): Promise<void> {
  for (const file of files) {
    const path = join(dir, file.name);
    await mkdir(dirname(path), { recursive: true });
    if (file.copyFrom) await copyFile(file.copyFrom, path);
    else await writeFile(path, file.text ?? '', 'utf8');
  }
}
