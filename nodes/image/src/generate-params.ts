import type { RunContext, Usage } from '@adloom/sdk';
import { z } from 'zod';
import { ASPECTS, type SizeChoice } from './image-sizes.ts';

export const IMAGE_PROVIDERS = ['offline', 'openai', 'comfyui', 'automatic1111'] as const;

export const generateParams = z.object({
  provider: z.enum(IMAGE_PROVIDERS).default('offline').describe('Who makes the images; offline draws a layout draft, no network'),
  prompt: z.string().default('').describe('Used when no text reaches the prompt input'),
  negativePrompt: z.string().default('').describe('What to keep out of the picture; used when no text reaches the input'),
  seed: z.number().int().min(0).max(4294967295).default(0).describe('Same seed, same picture; image n of a batch uses seed + n'),
  count: z.number().int().min(1).max(8).default(1),
  aspect: z.enum(ASPECTS).default('1:1').describe('Shape, when width and height are not both set'),
  width: z.number().int().min(16).max(8192).optional(),
  height: z.number().int().min(16).max(8192).optional(),
  model: z
    .string()
    .optional()
    .describe('openai: gpt-image-1 by default; automatic1111: a checkpoint name; comfyui: in the workflow'),
  quality: z.enum(['auto', 'low', 'medium', 'high']).default('auto').describe('openai only'),
  baseUrl: z
    .string()
    .optional()
    .describe(
      'Server address; defaults: OPENAI_BASE_URL, COMFYUI_URL (http://127.0.0.1:8188), AUTOMATIC1111_URL (http://127.0.0.1:7860)',
    ),
  workflow: z.string().optional().describe('comfyui: a workflow saved in API format, relative to the graph file'),
  promptNode: z
    .string()
    .optional()
    .describe('comfyui: node id (or id.field) that gets the prompt; found from the sampler when empty'),
  negativePromptNode: z.string().optional().describe('comfyui: node id (or id.field) for the negative prompt'),
  seedNode: z.string().optional().describe('comfyui: node id (or id.field) for the seed'),
  sizeNode: z.string().optional().describe('comfyui: node id with width, height and batch_size (the empty latent)'),
  outputNode: z.string().optional().describe('comfyui: node id whose images to take; every saved image when empty'),
  steps: z.number().int().min(1).max(200).optional().describe('comfyui and automatic1111: sampling steps'),
  cfgScale: z.number().min(0).max(30).optional().describe('comfyui and automatic1111: prompt guidance'),
  sampler: z.string().optional().describe('automatic1111: sampler name, e.g. "DPM++ 2M"'),
  requestTimeoutMs: z.number().int().min(100).max(3_600_000).default(300_000).describe('Longest one request may take'),
});

export type GenerateParams = z.infer<typeof generateParams>;

/** What one image.generate run asks a provider for. */
export interface ImageRequest {
  prompt: string;
  negativePrompt: string;
  seed: number;
  count: number;
  width: number;
  height: number;
}

export interface GeneratedImages {
  images: { data: Uint8Array; seed?: number }[];
  /** The size the provider was asked for after snapping to what it supports. */
  size: SizeChoice;
  model?: string;
  usage: Usage;
}

export type ImageProvider = (request: ImageRequest, context: RunContext<GenerateParams>) => Promise<GeneratedImages>;
