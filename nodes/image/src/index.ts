import type { NodePack } from '@adloom/sdk';
import { imageExport } from './export.ts';
import { imageFit } from './fit.ts';
import { imageGenerate } from './generate.ts';
import { imageOverlay } from './overlay.ts';

export type { ComfyNode, ComfyWorkflow } from './comfyui-workflow.ts';
export { findTargets, patchWorkflow } from './comfyui-workflow.ts';
export { imageExport } from './export.ts';
export { imageFit } from './fit.ts';
export type { FontFace, FontWeight } from './fonts.ts';
export { fontFace } from './fonts.ts';
export { imageGenerate } from './generate.ts';
export { IMAGE_PROVIDERS } from './generate-params.ts';
export type { FittedFormat } from './image-input.ts';
export { fittedFormatOf } from './image-input.ts';
export type { Aspect, Size, SizeChoice } from './image-sizes.ts';
export { askedSize, nearestOpenAISize } from './image-sizes.ts';
export { drawOfflineDraft, promptKeywords } from './offline-images.ts';
export { imageOverlay } from './overlay.ts';
export type { FormatPreset, Rect, SafeZone } from './presets.ts';
export { FORMAT_PRESETS, resolvePreset, safeRect } from './presets.ts';

/** The image pack: generation with real providers or offline drafts, and ad-format finishing. */
export const pack: NodePack = {
  name: '@adloom/nodes-image',
  nodes: [imageGenerate, imageFit, imageOverlay, imageExport],
};
