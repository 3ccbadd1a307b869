import type { NodePack } from '@adloom/sdk';
import { videoAssemble } from './assemble.ts';
import { videoConcat } from './concat.ts';

export type { AssembleMedia, AssembleParams } from './assemble.ts';
export { assembleSpecFor, videoAssemble } from './assemble.ts';
export type { AssembleCommand, AssembleSpec, CommandFile, Transition } from './assemble-command.ts';
export {
  buildAssembleCommand,
  loudnessCommandFor,
  TRANSITIONS,
  timeCaptions,
  writeCommandFiles,
  X264_PRESETS,
} from './assemble-command.ts';
export type { CaptionStyle, TimedCaption } from './captions.ts';
export { buildCaptionScript, escapeCaptionText } from './captions.ts';
export type { ClipFormat } from './concat.ts';
export { buildCopyConcatCommand, buildReencodeConcatCommand, clipFormat, videoConcat } from './concat.ts';
export type { FfmpegCommand, FfmpegNeeds, FfmpegRunOptions, FfmpegTools, MediaInfo, StreamInfo } from './ffmpeg.ts';
export {
  encoderThreads,
  formatCommandLine,
  GLOBAL_ARGS,
  loadFfmpeg,
  probeMedia,
  requireFfmpeg,
  runFfmpeg,
} from './ffmpeg.ts';
export type { AudioBed, Fades, LoudnessMeasurement } from './loudness.ts';
export { buildLoudnessCommand, parseLoudnessReport } from './loudness.ts';
export type { SafeZone, VideoPreset, VideoPresetId } from './presets.ts';
export { resolvePreset, VIDEO_PRESET_IDS, VIDEO_PRESETS } from './presets.ts';
export type { Clip, Timeline, TimelineRequest } from './timeline.ts';
export { planTimeline } from './timeline.ts';
export type { VariantView } from './variant.ts';
export { readVariant } from './variant.ts';

/** The video pack: images to ad videos, and clips joined into one. */
export const pack: NodePack = {
  name: '@adloom/nodes-video',
  nodes: [videoAssemble, videoConcat],
};
