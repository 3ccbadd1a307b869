import type { FfmpegCommand } from './ffmpeg.ts';

/** An audio bed under a video: a file, looped if shorter, cut to the video's length. */
export interface AudioBed {
  path: string;
  loop: boolean;
}

/** What loudnorm's first pass measured, to normalise the second pass linearly. */
export interface LoudnessMeasurement {
  integrated: number;
  truePeak: number;
  range: number;
  threshold: number;
  offset: number;
}

export const SAMPLE_RATE = 48_000;
/** Ceiling for peaks after normalising: platforms ask for -1 dBTP; half a dB more for the encoder. */
export const TRUE_PEAK = -1.5;

/** Input arguments for the bed: looped forever when asked (the trim ends it). */
export function audioInputArgs(bed: AudioBed): string[] {
  return [...(bed.loop ? ['-stream_loop', '-1'] : []), '-i', bed.path];
}

/** Fades at the bed's ends, in seconds; kept to a quarter and a third of a short video. */
export interface Fades {
  inSec: number;
  outSec: number;
}

const num = (n: number) => String(Number(n.toFixed(6)));

/**
 * The bed cut to the video, made 48 kHz stereo and faded, the same in the measuring and the
 * final pass. Fading before measuring means the linear gain lands the finished track, fades
 * included, on the target.
 */
export function audioBedChain(durationSec: number, fades: Fades): string {
  const fadeIn = Math.min(fades.inSec, durationSec / 4);
  const fadeOut = Math.min(fades.outSec, durationSec / 3);
  return [
    `atrim=end=${num(durationSec)}`,
    'asetpts=PTS-STARTPTS',
    `aresample=${SAMPLE_RATE}`,
    'aformat=sample_fmts=fltp:channel_layouts=stereo',
    // A bed shorter than the video (and not looped) ends in silence, not in a short track.
    `apad=whole_dur=${num(durationSec)}`,
    ...(fadeIn > 0 ? [`afade=t=in:st=0:d=${num(fadeIn)}`] : []),
    ...(fadeOut > 0 ? [`afade=t=out:st=${num(durationSec - fadeOut)}:d=${num(fadeOut)}`] : []),
  ].join(',');
}

/**
 * The first of two loudnorm passes: measures the bed exactly as the video will use it. The
 * second pass then applies one linear gain (dynamics kept) instead of loudnorm's one-pass
 * compressor, which pumps on music and misses the target on short clips.
 */
export function buildLoudnessCommand(bed: AudioBed, durationSec: number, fades: Fades, targetLufs: number): FfmpegCommand {
  return {
    args: [
      ...audioInputArgs(bed),
      '-vn',
      '-sn',
      '-dn',
      '-af',
      `${audioBedChain(durationSec, fades)},loudnorm=I=${targetLufs}:TP=${TRUE_PEAK}:LRA=50:print_format=json`,
      '-f',
      'null',
      '-',
    ],
  };
}

/** Reads loudnorm's JSON report from ffmpeg's log; undefined for silence or no report. */
export function parseLoudnessReport(stderr: string): LoudnessMeasurement | undefined {
  const start = stderr.lastIndexOf('{');
  const end = stderr.lastIndexOf('}');
  if (start < 0 || end < start) return undefined;
  let report: Record<string, string>;
  try {
    report = JSON.parse(stderr.slice(start, end + 1)) as Record<string, string>;
  } catch {
    return undefined;
  }
  const values = {
    integrated: Number(report.input_i),
    truePeak: Number(report.input_tp),
    range: Number(report.input_lra),
    threshold: Number(report.input_thresh),
    offset: Number(report.target_offset),
  };
  // Silence measures -inf (or below loudnorm's -99 floor): there is nothing to normalise.
  if (!Object.values(values).every(Number.isFinite) || values.integrated <= -99) return undefined;
  return values;
}

/** The final pass's loudnorm: linear gain to the target from the first pass's measurement. */
export function loudnormFilter(targetLufs: number, measured: LoudnessMeasurement): string {
  const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));
  return [
    `loudnorm=I=${targetLufs}`,
    `TP=${TRUE_PEAK}`,
    'LRA=50',
    `measured_I=${clamp(measured.integrated, -99, 0)}`,
    `measured_TP=${clamp(measured.truePeak, -99, 99)}`,
    `measured_LRA=${clamp(measured.range, 0, 99)}`,
    `measured_thresh=${clamp(measured.threshold, -99, 0)}`,
    `offset=${clamp(measured.offset, -99, 99)}`,
    'linear=true',
    'print_format=none',
  ].join(':');
}
