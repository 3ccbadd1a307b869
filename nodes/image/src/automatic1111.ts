import { NodeError } from '@adloom/sdk';
import type { ImageProvider } from './generate-params.ts';
import { nearestMultipleSize } from './image-sizes.ts';
import { baseUrlOf, providerEnv, readJson, requestProvider } from './provider-http.ts';

const PROVIDER = 'Automatic1111';

/** Images from an Automatic1111 or Forge web UI started with `--api`, through `/sdapi/v1/txt2img`. */
export const generateWithAutomatic1111: ImageProvider = async (request, context) => {
  const { params } = context;
  const env = providerEnv(context.providers);
  const base = baseUrlOf(params.baseUrl ?? env.AUTOMATIC1111_URL ?? 'http://127.0.0.1:7860', 'baseUrl');
  const size = nearestMultipleSize(PROVIDER, request, 8, 64, 4096);
  const body = {
    prompt: request.prompt,
    negative_prompt: request.negativePrompt,
    seed: request.seed,
    width: size.width,
    height: size.height,
    batch_size: request.count,
    n_iter: 1,
    ...(params.steps !== undefined ? { steps: params.steps } : {}),
    ...(params.cfgScale !== undefined ? { cfg_scale: params.cfgScale } : {}),
    ...(params.sampler ? { sampler_name: params.sampler } : {}),
    ...(params.model
      ? { override_settings: { sd_model_checkpoint: params.model }, override_settings_restore_afterwards: true }
      : {}),
    send_images: true,
    save_images: false,
  };
  context.progress(0, `asking ${PROVIDER} for ${request.count} image${request.count === 1 ? '' : 's'}`);
  const response = await requestProvider(
    new URL('sdapi/v1/txt2img', base),
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    { provider: PROVIDER, signal: context.signal, timeoutMs: params.requestTimeoutMs },
  );
  const answer = await readJson<{ images?: unknown; info?: unknown }>(response, PROVIDER, '/sdapi/v1/txt2img');
  if (!Array.isArray(answer.images) || answer.images.length === 0) {
    throw new NodeError(`${PROVIDER} answered without images: ${JSON.stringify(answer).slice(0, 200)}`);
  }
  let seeds: number[] = [];
  try {
    const info = typeof answer.info === 'string' ? JSON.parse(answer.info) : answer.info;
    if (Array.isArray(info?.all_seeds)) seeds = info.all_seeds;
  } catch {
    // info is a courtesy; the images are what matter
  }
  // Extensions (ControlNet, …) append their own images after the batch: keep the batch.
  const images = answer.images.slice(0, request.count).map((b64, i) => {
    if (typeof b64 !== 'string') throw new NodeError(`${PROVIDER} answered with an image that is not base64 text`);
    const data = Buffer.from(b64.replace(/^data:image\/\w+;base64,/, ''), 'base64');
    return { data, seed: typeof seeds[i] === 'number' ? seeds[i] : request.seed + i };
  });
  return {
    images,
    size,
    ...(params.model ? { model: params.model } : {}),
    usage: { provider: 'automatic1111', images: images.length },
  };
};
