import type { ImageProvider } from './generate-params.ts';
import { nearestMultipleSize } from './image-sizes.ts';
import { drawOfflineDraft } from './offline-images.ts';

/** The built-in provider: layout drafts drawn from the prompt and seed, no network, no key. */
export const generateOffline: ImageProvider = async (request, context) => {
  const size = nearestMultipleSize('offline', request, 1, 16, 4096);
  const images: { data: Uint8Array; seed: number }[] = [];
  for (let i = 0; i < request.count; i++) {
    const seed = request.seed + i;
    images.push({ data: await drawOfflineDraft({ prompt: request.prompt, seed, width: size.width, height: size.height }), seed });
    context.progress((i + 1) / request.count, `drew ${i + 1} of ${request.count} drafts`);
  }
  return {
    images,
    size,
    model: 'offline-draft',
    usage: { provider: 'offline', model: 'offline-draft', images: images.length, costUsd: 0 },
  };
};
