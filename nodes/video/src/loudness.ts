import type { FfmpegCommand } from './ffmpeg.ts';

/** An audio bed under a video: a file, looped if shorter, cut to the video's length. */
export interface AudioBed {
  path: string;
  loop: boolean;
}

/** What the first pass measured (EBU R128), to normalise the second pass linearly. */
export interface LoudnessMeasurement {
  /** Integrated loudness, LUFS. */
  integrated: number;
  /** True peak, dBTP. */
  truePeak: number;
  /** Loudness range, LU. */
  range: number;
  /** The integrated measurement's relative gate, LUFS. */
  threshold: number;
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
 * The first of two passes: measures the bed exactly as the video will use it, with ffmpeg's
 * EBU R128 meter (`ebur128`, true peak by 4x oversampling). The second pass then applies one
 * linear gain (dynamics kept) instead of loudnorm's one-pass compressor, which pumps on music
 * and misses the target on short clips. The meter runs at 48 kHz: loudnorm's own measuring
 * pass resamples to 192 kHz and cost 1.2 CPU s for a 15 s bed where this takes 0.3.
 */
export function buildLoudnessCommand(bed: AudioBed, durationSec: number, fades: Fades): FfmpegCommand {
  return {
    args: [
      ...audioInputArgs(bed),
      '-vn',
      '-sn',
      '-dn',
      '-af',
      // framelog=verbose: only the summary at the info level, not a line per 100 ms.
      `${audioBedChain(durationSec, fades)},ebur128=peak=true:framelog=verbose`,
      '-f',
      'null',
      '-',
    ],
  };
}

/** Reads the meter's summary from ffmpeg's log; undefined for silence or no summary. */
export function parseLoudnessReport(stderr: string): LoudnessMeasurement | undefined {
  const at = stderr.lastIndexOf('Summary:');
  if (at < 0) return undefined;
  const summary = stderr.slice(at);
  const read = (pattern: RegExp) => {
    const match = pattern.exec(summary)?.[1];
    return match === '-inf' ? Number.NEGATIVE_INFINITY : Number(match);
  };
  const values = {
    integrated: read(/Integrated loudness:\s+I:\s+(-?[\d.]+) LUFS/),
    threshold: read(/Integrated loudness:\s+I:\s+-?[\d.]+ LUFS\s+Threshold:\s+(-?[\d.]+) LUFS/),
    range: read(/LRA:\s+(-?[\d.]+) LU\b/),
    truePeak: read(/True peak:\s+Peak:\s+(-?[\d.]+|-inf) dBFS/),
  };
  // Silence measures -70 LUFS (the meter's absolute gate) and a peak of -inf: nothing to normalise.
  if (!Object.values(values).every(Number.isFinite) || values.integrated <= -70) return undefined;
  return values;
}

/** How far short of the target a linear gain may land when the peaks leave too little room. */
export const MAX_SHORTFALL_LU = 1;

/** The final pass's gain, and where it lands the finished track. */
export interface LoudnessGain {
  filter: 'volume' | 'loudnorm';
  chain: string;
  /** The finished track's integrated loudness, LUFS: the target, or under it where the peaks stop the gain. */
  lands: number;
  /** Whether the true-peak ceiling stopped the gain short of the target. */
  isPeakLimited: boolean;
}

/**
 * The final pass's gain to the target: one `volume` gain, what loudnorm's linear mode applies,
 * without its 192 kHz resampling and metering (1.2 CPU s a 15 s clip against 0.05). Where the
 * peaks leave too little room (the measured true peak plus the gain would pass `TRUE_PEAK`)
 * the gain stops at the ceiling and the track lands a little under the target, up to
 * `MAX_SHORTFALL_LU`, dynamics kept: loudnorm would switch to its dynamic mode there, which
 * pumps on music (the example's bed, -17.6 LUFS with peaks at -5.0 dBTP, gets 3.5 of the 3.6 dB
 * it wants: -14.1 LUFS). Only further short does loudnorm take over, at 192 kHz, resampled to
 * 48 kHz after; its dynamic mode aims at the target itself.
 */
export function loudnessGain(targetLufs: number, measured: LoudnessMeasurement): LoudnessGain {
  const wanted = targetLufs - measured.integrated;
  const gain = Math.min(wanted, TRUE_PEAK - measured.truePeak);
  if (wanted - gain <= MAX_SHORTFALL_LU) {
    return {
      filter: 'volume',
      chain: `volume=${num(gain)}dB`,
      lands: measured.integrated + gain,
      isPeakLimited: gain < wanted,
    };
  }
  const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));
  const loudnorm = [
    `loudnorm=I=${targetLufs}`,
    `TP=${TRUE_PEAK}`,
    'LRA=50',
    `measured_I=${clamp(measured.integrated, -99, 0)}`,
    `measured_TP=${clamp(measured.truePeak, -99, 99)}`,
    `measured_LRA=${clamp(measured.range, 0, 99)}`,
    `measured_thresh=${clamp(measured.threshold, -99, 0)}`,
    'linear=true',
    'print_format=none',
  ].join(':');
  return { filter: 'loudnorm', chain: `${loudnorm},aresample=${SAMPLE_RATE}`, lands: targetLufs, isPeakLimited: false };
}

/** The log's words for a normalisation: where the track lands, and why when short of the target. */
export function describeLoudness(measured: LoudnessMeasurement, gain: LoudnessGain): string {
  const lufs = (n: number) => String(Number(n.toFixed(1)));
  const why = gain.isPeakLimited
    ? ` (peak ceiling ${TRUE_PEAK} dBTP)`
    : gain.filter === 'loudnorm'
      ? ` (loudnorm: the peaks leave too little room for one gain)`
      : '';
  return `audio bed measured ${lufs(measured.integrated)} LUFS, true peak ${lufs(measured.truePeak)} dBTP; normalising to ${lufs(gain.lands)} LUFS${why}`;
}
