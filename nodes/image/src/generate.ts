import { mimeForImageFormat } from '@adloom/graph';
import { type ArtifactRef, defineNode, NodeError } from '@adloom/sdk';
import type { Metadata } from 'sharp';
import { generateWithAutomatic1111 } from './automatic1111.ts';
import { generateWithComfyUI } from './comfyui.ts';
import { generateParams, type IMAGE_PROVIDERS, type ImageProvider } from './generate-params.ts';
import { askedSize } from './image-sizes.ts';
import { loadSharp } from './load-sharp.ts';
import { generateOffline } from './offline-provider.ts';
import { generateWithOpenAI } from './openai-images.ts';

const PROVIDERS: Record<(typeof IMAGE_PROVIDERS)[number], ImageProvider> = {
  offline: generateOffline,
  openai: generateWithOpenAI,
  comfyui: generateWithComfyUI,
  automatic1111: generateWithAutomatic1111,
};

function textOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : String(value);
}

export const imageGenerate = defineNode({
  type: 'image.generate',
  version: 1,
  title: 'Generate images',
  category: 'Image',
  description:
    'Makes images from a prompt with OpenAI (gpt-image), a ComfyUI workflow, Automatic1111, or offline layout drafts that need no key or network.',
  inputs: [
    { name: 'prompt', type: 'text', optional: true, description: 'What to picture; the prompt param is used when unconnected' },
    { name: 'negativePrompt', type: 'text', optional: true, description: 'What to keep out of the picture' },
  ],
  outputs: [{ name: 'images', type: 'image', list: true }],
  params: generateParams,
  paramHints: {
    provider: {
      picker: 'provider',
      enumLabels: { offline: 'Offline draft', openai: 'OpenAI', comfyui: 'ComfyUI', automatic1111: 'Automatic1111 / Forge' },
    },
    prompt: { multiline: true, placeholder: 'trail running shoes on a mountain path at sunrise, product photo' },
    negativePrompt: { multiline: true },
    workflow: { fileFilters: ['json'] },
    model: { picker: 'model' },
  },
  provider: (params) => params.provider,
  async run(context) {
    const sharp = await loadSharp();
    const { params, inputs } = context;
    const prompt = (textOf(inputs.prompt) ?? params.prompt).trim();
    const negativePrompt = (textOf(inputs.negativePrompt) ?? params.negativePrompt).trim();
    if (!prompt) {
      throw new NodeError('has no prompt: connect text to its prompt input or write one in the prompt param', {
        param: 'prompt',
      });
    }
    const asked = askedSize(params);
    const result = await PROVIDERS[params.provider](
      { prompt, negativePrompt, seed: params.seed, count: params.count, width: asked.width, height: asked.height },
      context,
    );
    context.usage(result.usage);
    const images: ArtifactRef[] = [];
    const notes = new Set<string>();
    for (const [index, image] of result.images.entries()) {
      let metadata: Metadata;
      try {
        metadata = await sharp(image.data).metadata();
      } catch {
        throw new NodeError(`${params.provider} answered with data that is not an image (${image.data.byteLength} bytes)`);
      }
      const width = metadata.width ?? 0;
      const height = metadata.height ?? 0;
      const note =
        result.size.note ??
        (width !== asked.width || height !== asked.height
          ? `asked for ${asked.width}×${asked.height}; ${params.provider} made ${width}×${height}`
          : undefined);
      if (note) notes.add(note);
      images.push(
        await context.artifacts.write(image.data, {
          kind: 'image',
          mime: mimeForImageFormat(metadata.format),
          width,
          height,
          provider: params.provider,
          meta: {
            prompt,
            ...(negativePrompt ? { negativePrompt } : {}),
            ...(image.seed !== undefined ? { seed: image.seed } : {}),
            ...(result.model ? { model: result.model } : {}),
            index,
            requestedSize: { width: asked.width, height: asked.height },
            ...(note ? { sizeNote: note } : {}),
          },
        }),
      );
    }
    for (const note of notes) context.log(note);
    return { images };
  },
});
