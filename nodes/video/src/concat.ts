import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ArtifactRef, defineNode, NodeError, type PendingArtifact } from '@adloom/sdk';
import { z } from 'zod';
import { X264_PRESETS } from './assemble-command.ts';
import { joinCaptions } from './captions.ts';
import {
  encoderThreads,
  type FfmpegCommand,
  formatCommandLine,
  type MediaInfo,
  probeMedia,
  requireFfmpeg,
  runFfmpeg,
  type StreamInfo,
} from './ffmpeg.ts';
import { SAMPLE_RATE } from './loudness.ts';
import { isMediaRef } from './variant.ts';

/** What must match for clips to be joined by copying their streams. */
export interface ClipFormat {
  video: string;
  audio: string;
  /** For people: `h264 1080x1920 30 fps yuv420p, aac 48000 Hz stereo`. */
  label: string;
  /** The sound's part of the label: `aac 48000 Hz stereo`, or `no audio`. */
  audioLabel: string;
}

const fpsLabel = (rate: string | undefined) => {
  const [n, d] = (rate ?? '0/1').split('/').map(Number);
  const fps = (n ?? 0) / (d || 1);
  return Number.isInteger(fps) ? String(fps) : fps.toFixed(3);
};

/**
 * A clip's format as a comparable key. The codec's setup data (SPS/PPS for H.264) is part of
 * it: the concat demuxer keeps the first file's, so clips encoded with other settings would
 * decode wrongly even at the same size and frame rate.
 */
export function clipFormat(info: MediaInfo): ClipFormat {
  const v = info.streams.find((s) => s.codec_type === 'video');
  const a = info.streams.find((s) => s.codec_type === 'audio');
  const pick = (s: StreamInfo | undefined, keys: string[]) => (s ? keys.map((k) => String(s[k] ?? '')).join('|') : 'none');
  const video = pick(v, [
    'codec_name',
    'profile',
    'width',
    'height',
    'pix_fmt',
    'r_frame_rate',
    'time_base',
    'sample_aspect_ratio',
    'extradata_hash',
  ]);
  const audio = pick(a, ['codec_name', 'profile', 'sample_rate', 'channels', 'channel_layout', 'extradata_hash']);
  const videoLabel = v ? `${v.codec_name} ${v.width}x${v.height} ${fpsLabel(v.r_frame_rate)} fps ${v.pix_fmt}` : 'no video';
  const audioLabel = a ? `${a.codec_name} ${a.sample_rate} Hz ${a.channel_layout ?? `${a.channels} ch`}` : 'no audio';
  return { video, audio, label: `${videoLabel}, ${audioLabel}`, audioLabel };
}

/**
 * Lines of an ffconcat list; paths quoted so quotes and spaces in them are safe. A clip's
 * `durationSec`, when given, is where the next one starts (its video's length, so a clip
 * whose sound runs a little longer leaves no gap in a copied video stream).
 */
export function concatList(clips: readonly (string | { path: string; durationSec?: number })[]): string {
  const lines = clips.map((clip) => {
    const { path, durationSec } = typeof clip === 'string' ? { path: clip, durationSec: undefined } : clip;
    const file = `file '${path.replaceAll("'", "'\\''")}'`;
    return durationSec && durationSec > 0 ? `${file}\nduration ${durationSec}` : file;
  });
  return `ffconcat version 1.0\n${lines.join('\n')}\n`;
}

/**
 * The concat demuxer's input flags. The clips share the codec's setup data (it is part of
 * `clipFormat`), so their packets join as they are: `auto_convert` would rewrite every H.264
 * packet to Annex B and the muxer would write each keyframe back with its own SPS/PPS inside.
 */
const CONCAT_INPUT: readonly string[] = ['-auto_convert', '0', '-f', 'concat', '-safe', '0'];

/** Joins by copying: no decoding, no quality loss, seconds for minutes of video. */
export function buildCopyConcatCommand(listFile: string, output: string): FfmpegCommand {
  return {
    args: [...CONCAT_INPUT, '-i', listFile, '-map', '0', '-c', 'copy', '-movflags', '+faststart', '-f', 'mp4', output],
  };
}

/** A clip's video length in seconds: its video stream's, else its container's. */
export function videoDurationSec(info: MediaInfo): number {
  const video = info.streams.find((s) => s.codec_type === 'video');
  const seconds = Number(video?.duration);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : Number(info.format.duration) || 0;
}

/**
 * Joins clips whose video streams match but whose sound does not (another sample rate or
 * channel count, silence against music, no track at all): the video is copied through the
 * concat demuxer, untouched, and only the audio is re-encoded. Each clip's sound is made
 * 48 kHz stereo and cut or padded to exactly its video's length (silence for a clip without
 * sound), so the joined track runs continuously beside the picture and ends with it.
 */
export function buildVideoCopyConcatCommand(
  listFile: string,
  clips: readonly { path: string; info: MediaInfo }[],
  output: string,
): FfmpegCommand {
  const args: string[] = [...CONCAT_INPUT, '-i', listFile];
  const graph: string[] = [];
  let input = 0;
  clips.forEach((clip, i) => {
    const samples = Math.round(videoDurationSec(clip.info) * SAMPLE_RATE);
    if (clip.info.streams.some((s) => s.codec_type === 'audio')) {
      // Only clips with sound are inputs beside the list (input 0).
      args.push('-vn', '-i', clip.path);
      input += 1;
      graph.push(
        `[${input}:a:0]aresample=${SAMPLE_RATE},aformat=sample_fmts=fltp:channel_layouts=stereo,apad,atrim=end_sample=${samples}[a${i}]`,
      );
    } else {
      graph.push(`anullsrc=r=${SAMPLE_RATE}:cl=stereo,atrim=end_sample=${samples}[a${i}]`);
    }
  });
  graph.push(`${clips.map((_, i) => `[a${i}]`).join('')}concat=n=${clips.length}:v=0:a=1[aout]`);
  return {
    args: [
      ...args,
      '-filter_complex',
      graph.join(';'),
      '-map',
      '0:v:0',
      '-map',
      '[aout]',
      '-c:v',
      'copy',
      '-c:a',
      'aac',
      '-b:a',
      '160k',
      '-movflags',
      '+faststart',
      '-f',
      'mp4',
      output,
    ],
  };
}

/**
 * Joins by re-encoding with the concat filter: every clip is fitted (letterboxed) to the first
 * clip's size and frame rate, audio made 48 kHz stereo, and a clip without sound gets silence.
 */
export function buildReencodeConcatCommand(
  clips: readonly { path: string; info: MediaInfo }[],
  output: string,
  encoder: { preset: string; crf: number; threads?: number },
): FfmpegCommand {
  const first = clips[0]?.info.streams.find((s) => s.codec_type === 'video');
  const width = Math.round((first?.width ?? 1080) / 2) * 2;
  const height = Math.round((first?.height ?? 1920) / 2) * 2;
  const rate = first?.r_frame_rate && first.r_frame_rate !== '0/0' ? first.r_frame_rate : '30/1';
  const args: string[] = [];
  const graph: string[] = [];
  const pairs: string[] = [];
  clips.forEach((clip, i) => {
    args.push('-i', clip.path);
    graph.push(
      `[${i}:v:0]scale=${width}:${height}:force_original_aspect_ratio=decrease,pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=${rate},format=yuv420p[v${i}]`,
    );
    if (clip.info.streams.some((s) => s.codec_type === 'audio')) {
      graph.push(`[${i}:a:0]aresample=${SAMPLE_RATE},aformat=sample_fmts=fltp:channel_layouts=stereo[a${i}]`);
    } else {
      const duration = Number(clip.info.format.duration) || 0;
      graph.push(`anullsrc=r=${SAMPLE_RATE}:cl=stereo,atrim=duration=${duration}[a${i}]`);
    }
    pairs.push(`[v${i}][a${i}]`);
  });
  graph.push(`${pairs.join('')}concat=n=${clips.length}:v=1:a=1[vout][aout]`);
  return {
    args: [
      ...args,
      '-filter_complex',
      graph.join(';'),
      '-map',
      '[vout]',
      '-map',
      '[aout]',
      '-c:v',
      'libx264',
      ...(encoder.threads ? ['-threads', String(encoder.threads)] : []),
      '-preset',
      encoder.preset,
      '-crf',
      String(encoder.crf),
      '-pix_fmt',
      'yuv420p',
      '-profile:v',
      'high',
      '-c:a',
      'aac',
      '-b:a',
      '160k',
      '-movflags',
      '+faststart',
      '-f',
      'mp4',
      output,
    ],
  };
}

export const videoConcat = defineNode({
  type: 'video.concat',
  version: 1,
  title: 'Join videos',
  category: 'Video',
  description:
    'Joins clips into one video, in order. Clips of one format are joined by copying (fast, lossless); when only their sound differs the picture is still copied and only the sound re-encoded; otherwise they are re-encoded to the first clip’s size and frame rate.',
  inputs: [{ name: 'clips', type: 'video', list: true, description: 'The clips, in order' }],
  outputs: [{ name: 'video', type: 'video' }],
  params: z.object({
    mode: z.enum(['auto', 'reencode']).default('auto').describe('auto copies streams when the clips share a format'),
    encoderPreset: z.enum(X264_PRESETS).default('veryfast'),
    crf: z.number().int().min(0).max(51).default(20),
  }),
  // Encodes share the cores: a host can cap them with providerLimits { ffmpeg: N }.
  provider: () => 'ffmpeg',
  timeoutMs: 30 * 60_000,
  async run({ inputs, params, signal, artifacts, log, progress }) {
    const clips = (Array.isArray(inputs.clips) ? inputs.clips : []).map((clip, i) => {
      if (!isMediaRef(clip)) throw new NodeError(`item ${i + 1} of clips is not a video file`, { port: 'clips' });
      return clip as ArtifactRef;
    });
    if (clips.length === 0) throw new NodeError('needs at least one clip: connect videos to "clips"', { port: 'clips' });
    const tools = await requireFfmpeg({});
    const infos = await Promise.all(clips.map((clip) => probeMedia(tools, clip.path, signal)));
    infos.forEach((info, i) => {
      if (!info.streams.some((s) => s.codec_type === 'video')) {
        throw new NodeError(`clip ${i + 1} (${clips[i]?.path}) has no video stream`, { port: 'clips' });
      }
    });
    const formats = infos.map(clipFormat);
    const first = formats[0] as ClipFormat;
    const videoDiffers = formats.findIndex((f) => f.video !== first.video);
    const audioDiffers = formats.findIndex((f) => f.audio !== first.audio);
    const joinedBy: 'copy' | 'video copy' | 'reencode' =
      params.mode === 'reencode' || videoDiffers >= 0 ? 'reencode' : audioDiffers >= 0 ? 'video copy' : 'copy';
    const plannedSec = infos.reduce((sum, info) => sum + (Number(info.format.duration) || 0), 0);
    const withInfo = clips.map((clip, i) => ({ path: clip.path, info: infos[i] as MediaInfo }));

    const scratch = await mkdtemp(join(tmpdir(), 'adloom-concat-'));
    let pending: PendingArtifact | undefined;
    try {
      pending = await artifacts.createPending('mp4');
      let command: FfmpegCommand;
      const listFile = join(scratch, 'clips.ffconcat');
      if (joinedBy === 'copy') {
        log(`stream copy: all ${clips.length} clips share ${first.label}`);
        await writeFile(listFile, concatList(clips.map((clip) => clip.path)), 'utf8');
        command = buildCopyConcatCommand(listFile, pending.path);
      } else if (joinedBy === 'video copy') {
        const other = formats[audioDiffers] as ClipFormat;
        const why = other.audioLabel === first.audioLabel ? `${other.audioLabel} from other encoder settings` : other.audioLabel;
        log(
          `video stream copy, audio re-encoded to aac ${SAMPLE_RATE} Hz stereo: clip ${audioDiffers + 1}'s audio is ${why}, clip 1's is ${first.audioLabel}`,
        );
        await requireFfmpeg({ filters: ['concat', 'aresample', 'aformat', 'apad', 'atrim', 'anullsrc'], encoders: ['aac'] });
        await writeFile(
          listFile,
          concatList(withInfo.map((clip) => ({ path: clip.path, durationSec: videoDurationSec(clip.info) }))),
          'utf8',
        );
        command = buildVideoCopyConcatCommand(listFile, withInfo, pending.path);
      } else {
        const reason =
          params.mode === 'reencode'
            ? 'asked for'
            : `clip ${videoDiffers + 1} is ${formats[videoDiffers]?.label}${formats[videoDiffers]?.label === first.label ? ' with other encoder settings' : ''}, clip 1 is ${first.label}`;
        log(`re-encoding with the concat filter: ${reason}`);
        await requireFfmpeg({
          filters: ['concat', 'scale', 'pad', 'fps', 'aresample', 'anullsrc'],
          encoders: ['libx264', 'aac'],
        });
        command = buildReencodeConcatCommand(withInfo, pending.path, {
          preset: params.encoderPreset,
          crf: params.crf,
          threads: encoderThreads(),
        });
      }
      log(formatCommandLine(tools.ffmpeg, command.args));
      await runFfmpeg(tools, command, {
        signal,
        durationSec: plannedSec,
        outputs: [pending.path],
        onProgress: (fraction) => progress(0.95 * fraction, 'joining'),
      });
      const info = await probeMedia(tools, pending.path, signal);
      const stream = info.streams.find((s) => s.codec_type === 'video');
      // The clips' captions, where they now show, so preflight still judges them.
      let startSec = 0;
      const placed = infos.map((clipInfo, i) => {
        const clipStream = clipInfo.streams.find((s) => s.codec_type === 'video');
        const at = { meta: clips[i]?.meta, width: clipStream?.width ?? 0, height: clipStream?.height ?? 0, startSec };
        startSec += videoDurationSec(clipInfo);
        return at;
      });
      const captions = joinCaptions(placed, { width: stream?.width ?? 0, height: stream?.height ?? 0 });
      const video = await pending.commit({
        kind: 'video',
        mime: 'video/mp4',
        width: stream?.width,
        height: stream?.height,
        durationSec: Number(info.format.duration) || plannedSec,
        meta: { clips: clips.length, joinedBy, ...(captions.length ? { captions } : {}) },
      });
      progress(1);
      return { video };
    } catch (error) {
      await pending?.discard();
      throw error;
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  },
});
