import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ArtifactRef, defineNode, NodeError, type PendingArtifact, type RunContext } from '@adloom/sdk';
import { z } from 'zod';
import {
  type AssembleSpec,
  buildAssembleCommand,
  loudnessCommandFor,
  TRANSITIONS,
  writeCommandFiles,
  X264_PRESETS,
} from './assemble-command.ts';
import { captionMeasure } from './caption-font.ts';
import { encoderThreads, formatCommandLine, type MediaInfo, probeMedia, requireFfmpeg, runFfmpeg } from './ffmpeg.ts';
import { describeLoudness, loudnessGain, parseLoudnessReport } from './loudness.ts';
import { resolvePreset, VIDEO_PRESET_IDS, VIDEO_PRESETS } from './presets.ts';
import { isMediaRef, readVariant } from './variant.ts';

const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #RRGGBB');

const assembleParams = z.object({
  format: z.enum(VIDEO_PRESET_IDS).default('9:16').describe('Format preset: frame size, frame rate and safe zone'),
  width: z.number().int().min(16).max(4096).optional().describe('Custom width in pixels (the safe zone scales with it)'),
  height: z.number().int().min(16).max(4096).optional().describe('Custom height in pixels'),
  fps: z.number().int().min(1).max(60).optional().describe("Frames per second (default: the preset's, 30)"),
  duration: z.number().min(0.5).max(600).default(15).describe('Total length in seconds, spread evenly over the images'),
  durations: z
    .array(z.number().positive())
    .optional()
    .describe('Seconds per image, in order; the video lasts their sum (the durations input wins)'),
  transition: z.enum(TRANSITIONS).default('fade').describe('How one image gives way to the next (cut: no transition)'),
  transitionDuration: z.number().min(0).max(5).default(0.5).describe('Seconds each transition takes'),
  motion: z.enum(['kenburns', 'none']).default('kenburns').describe('Ken Burns: slow zooms and pans over each image'),
  zoom: z.number().min(1).max(1.5).default(1.12).describe('How far Ken Burns zooms in (1.12 = 12%)'),
  fit: z
    .enum(['cover', 'blur'])
    .default('cover')
    .describe('cover: fill the frame, cropping; blur: whole image over a blurred fill'),
  variantCaption: z
    .boolean()
    .default(true)
    .describe("Caption with the variant's headline when no captions are connected (off when the images already carry it)"),
  captionPosition: z.enum(['bottom', 'center', 'top']).default('bottom'),
  captionSize: z.number().min(8).max(240).default(64).describe('Caption size in pixels at 1080 pixels wide'),
  captionColor: hexColor.default('#FFFFFF'),
  captionBoxColor: hexColor.default('#000000'),
  captionBoxOpacity: z.number().min(0).max(1).default(0.6).describe('0 draws an outline instead of a box'),
  audioFile: z.string().optional().describe('Music or voice bed, relative to the graph file (the audio input wins)'),
  loudness: z.number().min(-40).max(-5).default(-14).describe('Target loudness of the audio in LUFS'),
  loopAudio: z.boolean().default(true).describe('Repeat a bed shorter than the video'),
  audioFadeIn: z.number().min(0).max(10).default(0.3),
  audioFadeOut: z.number().min(0).max(10).default(1),
  encoderPreset: z.enum(X264_PRESETS).default('veryfast').describe('x264 speed: slower makes smaller files at the same quality'),
  crf: z.number().int().min(0).max(51).default(20).describe('x264 quality: lower is better and bigger (18–23 is usual)'),
  posterAt: z
    .number()
    .min(0)
    .optional()
    .describe("Second of the video to use as the poster (default: the middle of the first image's time)"),
});

export type AssembleParams = z.infer<typeof assembleParams>;

const seconds = (n: number) => Math.round(n * 1000) / 1000;

/** Inter Bold, from the font package the image nodes use too; missing means fontconfig's default. */
function findCaptionFont(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve('@expo-google-fonts/inter/700Bold/Inter_700Bold.ttf');
  } catch {
    return undefined;
  }
}

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

function captionText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value && typeof value === 'object' && typeof (value as { headline?: unknown }).headline === 'string') {
    return (value as { headline: string }).headline;
  }
  return value === null || value === undefined ? '' : JSON.stringify(value);
}

/** What the node's inputs and params come to: files, texts, durations. */
interface ResolvedInputs {
  images: ArtifactRef[];
  captions: string[];
  durations?: number[];
  audio?: { path: string; port?: string; param?: string };
  variantId?: string;
}

async function resolveInputs(context: RunContext<AssembleParams>): Promise<ResolvedInputs> {
  const { inputs, params } = context;
  const variant = inputs.variant === undefined ? {} : readVariant(inputs.variant);
  const given = asList(inputs.images);
  const images = given.map((value, i) => {
    if (!isMediaRef(value) || value.kind === 'audio') {
      throw new NodeError(`item ${i + 1} of images is not an image file`, { port: 'images' });
    }
    return value;
  });
  // [engine.L1] Mapped over variants, the lists hold this variant's items; a variant that brings its
  // own image and headline needs no lists at all.
  if (images.length === 0 && variant.image) images.push(variant.image);
  if (images.length === 0) {
    const which = variant.id ? `variant "${variant.id}"` : 'the variant';
    throw new NodeError(
      inputs.variant === undefined
        ? 'needs at least one image: connect a list of images to "images"'
        : `${which} has no image and no images are connected: connect images, or give the variants an image factor`,
      { port: 'images' },
    );
  }
  let captions = asList(inputs.captions).map(captionText);
  if (captions.length === 0 && variant.headline && params.variantCaption) captions = [variant.headline];

  let durations: number[] | undefined;
  const durationSource = inputs.durations !== undefined ? 'durations input' : params.durations ? 'durations param' : undefined;
  if (durationSource) {
    const list = asList(inputs.durations ?? params.durations).map(Number);
    const where = inputs.durations !== undefined ? { port: 'durations' } : { param: 'durations' };
    if (list.some((d) => !Number.isFinite(d) || d <= 0))
      throw new NodeError('durations must be positive numbers of seconds', where);
    if (list.length !== images.length) {
      throw new NodeError(
        `the ${durationSource} has ${list.length} duration${list.length === 1 ? '' : 's'} for ${images.length} image${images.length === 1 ? '' : 's'}; give one per image`,
        where,
      );
    }
    durations = list;
  }

  let audio: ResolvedInputs['audio'];
  if (inputs.audio !== undefined && inputs.audio !== null) {
    if (!isMediaRef(inputs.audio) || inputs.audio.kind === 'image') {
      throw new NodeError('audio must be an audio (or video) file', { port: 'audio' });
    }
    audio = { path: inputs.audio.path, port: 'audio' };
  } else if (params.audioFile) {
    audio = { path: await context.readableFile(params.audioFile, { param: 'audioFile' }), param: 'audioFile' };
  }
  return { images, captions, durations, audio, variantId: variant.id };
}

/** The files and texts one video is made of, as paths and strings. */
export interface AssembleMedia {
  images: string[];
  captions?: string[];
  durations?: number[];
  /** An audio bed's path. */
  audio?: string;
}

/**
 * What `video.assemble` makes of its params and media: the spec `buildAssembleCommand` turns
 * into ffmpeg arguments. Exported so the bench can time the node against the very same
 * command run by hand. The audio bed's `measured` loudness is filled in by the first pass.
 */
export function assembleSpecFor(
  params: AssembleParams,
  media: AssembleMedia,
  files: { output: string; poster: string; fontFile?: string },
): AssembleSpec {
  const preset = resolvePreset(params.format, { width: params.width, height: params.height, fps: params.fps });
  return {
    images: media.images,
    captions: media.captions ?? [],
    durations: media.durations,
    durationSec: params.duration,
    preset,
    transition: params.transition,
    transitionSec: params.transitionDuration,
    motion: params.motion,
    zoom: params.zoom,
    fit: params.fit,
    captionStyle: {
      fontName: 'Inter',
      fontSize: Math.round(params.captionSize * (Math.min(preset.width, preset.height) / 1080)),
      color: params.captionColor,
      boxColor: params.captionBoxColor,
      boxOpacity: params.captionBoxOpacity,
      position: params.captionPosition,
    },
    fontFile: files.fontFile ?? findCaptionFont(),
    ...(media.audio
      ? {
          audio: {
            bed: { path: media.audio, loop: params.loopAudio },
            targetLufs: params.loudness,
            fadeInSec: params.audioFadeIn,
            fadeOutSec: params.audioFadeOut,
          },
        }
      : {}),
    encoder: { preset: params.encoderPreset, crf: params.crf },
    posterAtSec: params.posterAt,
    output: files.output,
    poster: files.poster,
  };
}

export const videoAssemble = defineNode({
  type: 'video.assemble',
  version: 1,
  title: 'Assemble video',
  category: 'Video',
  description:
    'Turns images into a short ad video: Ken Burns motion, transitions, captions inside the safe zone, a loudness-normalised audio bed; H.264 + AAC MP4 and a poster frame. Connect a variant to make one video per variant.',
  inputs: [
    { name: 'images', type: 'image', list: true, optional: true, description: 'The images, in order' },
    { name: 'durations', type: 'number', list: true, optional: true, description: 'Seconds per image' },
    {
      name: 'captions',
      type: 'text',
      list: true,
      optional: true,
      description: 'One per image, or any number shared over the video',
    },
    { name: 'audio', type: 'file', optional: true, description: 'Music or voice bed (audio, or a video with sound)' },
    {
      name: 'variant',
      type: 'variant',
      optional: true,
      description: 'Makes one video per variant; its image and headline stand in for missing images and captions',
    },
  ],
  outputs: [
    { name: 'video', type: 'video' },
    { name: 'poster', type: 'image' },
  ],
  params: assembleParams,
  paramHints: {
    format: { picker: 'preset', enumLabels: Object.fromEntries(VIDEO_PRESET_IDS.map((id) => [id, VIDEO_PRESETS[id].label])) },
    duration: { step: 0.5 },
    transitionDuration: { step: 0.1 },
    zoom: { step: 0.01 },
    captionColor: { color: true },
    captionBoxColor: { color: true },
    captionBoxOpacity: { step: 0.05 },
    audioFile: { fileFilters: ['mp3', 'wav', 'm4a', 'aac', 'ogg', 'opus', 'flac'] },
  },
  // Encodes share the cores: a host can cap them with providerLimits { ffmpeg: N }.
  provider: () => 'ffmpeg',
  timeoutMs: 30 * 60_000,
  async run(context) {
    const { params, signal, artifacts, log } = context;
    const resolved = await resolveInputs(context);
    if (resolved.audio) {
      try {
        await stat(resolved.audio.path);
      } catch {
        throw new NodeError(`there is no audio file at ${resolved.audio.path}`, resolved.audio);
      }
    }
    const scratch = await mkdtemp(join(tmpdir(), 'adloom-video-'));
    const pendings: PendingArtifact[] = [];
    try {
      const video = await artifacts.createPending('mp4');
      pendings.push(video);
      const poster = await artifacts.createPending('png');
      pendings.push(poster);
      const spec = assembleSpecFor(
        params,
        { ...resolved, images: resolved.images.map((image) => image.path), audio: resolved.audio?.path },
        { output: video.path, poster: poster.path },
      );
      if (!spec.fontFile && spec.captions?.length) log('Inter Bold was not found; captions use the system default font');
      if (spec.captions?.length) spec.captionMeasure = await captionMeasure(spec.fontFile, spec.captionStyle.fontSize);
      const { preset } = spec;
      let command = buildAssembleCommand(spec);
      const durationSec = command.timeline.durationSec;
      let tools = await requireFfmpeg({ filters: command.filters, encoders: ['libx264', 'aac', 'png'] });

      const measuring = loudnessCommandFor(spec);
      if (spec.audio && resolved.audio && measuring) {
        const info = await probeMedia(tools, spec.audio.bed.path, signal).catch((error: unknown) => {
          throw new NodeError(`could not read the audio file: ${(error as Error).message}`, resolved.audio);
        });
        if (!info.streams.some((s) => s.codec_type === 'audio')) {
          throw new NodeError(`${spec.audio.bed.path} has no audio track`, resolved.audio);
        }
        context.progress(0.01, 'measuring loudness');
        await requireFfmpeg({ filters: ['ebur128'] });
        const measured = parseLoudnessReport(await runFfmpeg(tools, measuring, { signal, logLevel: 'info' }));
        if (measured) log(describeLoudness(measured, loudnessGain(spec.audio.targetLufs, measured)));
        else log('the audio bed is silent; it is used as it is');
        spec.audio.measured = measured;
        command = buildAssembleCommand(spec);
        tools = await requireFfmpeg({ filters: command.filters, encoders: ['libx264', 'aac', 'png'] });
      }

      spec.encoder.threads = encoderThreads();
      command = buildAssembleCommand(spec);
      const { timeline } = command;
      if (timeline.note) log(timeline.note);
      log(
        `${spec.images.length} image${spec.images.length === 1 ? '' : 's'} → ${durationSec.toFixed(2)} s at ${preset.width}x${preset.height} ${preset.fps} fps, ` +
          `${params.transition === 'cut' ? 'cuts' : `${params.transition} ${(timeline.transitionFrames / preset.fps).toFixed(2)} s`}, ` +
          `${command.captions.length} caption${command.captions.length === 1 ? '' : 's'}, ${spec.audio ? 'audio bed' : 'silent track'}`,
      );
      log(formatCommandLine(tools.ffmpeg, command.args));
      await writeCommandFiles(scratch, command.files);
      context.progress(0.03, 'encoding');
      await runFfmpeg(
        tools,
        { args: command.args, cwd: scratch },
        {
          signal,
          durationSec,
          outputs: [video.path, poster.path],
          onProgress: (fraction) => context.progress(0.03 + 0.94 * fraction, 'encoding'),
        },
      );
      const info: MediaInfo = await probeMedia(tools, video.path, signal);
      const stream = info.streams.find((s) => s.codec_type === 'video');
      const measuredDuration = Number(info.format.duration);
      // Where each caption is drawn, for preflight's safe-zone check (as image.overlay records its boxes).
      const captions = command.captions
        .filter((c) => c.end > c.start)
        .map((c) => ({ text: c.text, startSec: seconds(c.start), endSec: seconds(c.end), lines: c.lines, box: c.box }));
      const meta = {
        format: preset.id,
        fps: preset.fps,
        transition: params.transition,
        images: spec.images.length,
        // variantId is the name page.landing uses too; variants.export pairs files by either.
        ...(resolved.variantId ? { variant: resolved.variantId, variantId: resolved.variantId } : {}),
      };
      const videoRef = await video.commit({
        kind: 'video',
        mime: 'video/mp4',
        width: stream?.width ?? preset.width,
        height: stream?.height ?? preset.height,
        durationSec: Number.isFinite(measuredDuration) ? measuredDuration : durationSec,
        meta: { ...meta, ...(captions.length ? { captions } : {}) },
      });
      const posterAtSec = command.posterFrame / preset.fps;
      const onPoster = captions.filter((c) => c.startSec <= posterAtSec && posterAtSec < c.endSec);
      const posterRef = await poster.commit({
        kind: 'image',
        mime: 'image/png',
        width: preset.width,
        height: preset.height,
        meta: { ...meta, atSec: posterAtSec, ...(onPoster.length ? { captions: onPoster } : {}) },
      });
      context.progress(1);
      return { video: videoRef, poster: posterRef };
    } catch (error) {
      await Promise.all(pendings.map((p) => p.discard()));
      throw error;
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  },
});
