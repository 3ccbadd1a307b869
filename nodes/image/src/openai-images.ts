import { keyedEndpoint, NodeError, parseRetryAfter, TransientError } from '@adloom/sdk';
import type { ImageGenerateParamsNonStreaming, ImagesResponse } from 'openai/resources/images';
import type { ImageProvider } from './generate-params.ts';
import { nearestOpenAISize } from './image-sizes.ts';
import { baseUrlOf, providerEnv } from './provider-http.ts';

export const DEFAULT_OPENAI_IMAGE_MODEL = 'gpt-image-1';
const OPENAI_API = 'https://api.openai.com/v1';

/** US dollars per million tokens, from OpenAI's published price list; models not listed get no cost. */
const PRICES: Record<string, { input: number; output: number }> = {
  'gpt-image-1': { input: 5, output: 40 },
  'gpt-image-1-mini': { input: 2, output: 8 },
};

let loading: Promise<typeof import('openai')> | undefined;
/** The `openai` client library, imported when a node first asks it for images: loading the pack loads none of it. */
const loadOpenAI = () => (loading ??= import('openai'));

/**
 * An error from the `openai` client as a NodeError: 429, 5xx and timeouts are worth retrying.
 * The client's error classes are its own: they are looked up in the library the request loaded.
 */
export async function openAIErrorToNodeError(error: unknown, timeoutMs: number): Promise<unknown> {
  const OpenAI = (await loadOpenAI()).default;
  if (error instanceof OpenAI.APIUserAbortError) return error;
  if (error instanceof SyntaxError) {
    return new NodeError(`OpenAI answered with a body that is not valid JSON: ${error.message}`, { cause: error });
  }
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return new TransientError(`OpenAI did not answer within ${timeoutMs / 1000} s`, { cause: error });
  }
  if (error instanceof OpenAI.APIConnectionError) {
    const cause = (error.cause as { code?: string; message?: string } | undefined) ?? {};
    return new TransientError(`could not reach OpenAI: ${cause.code ?? cause.message ?? error.message}`, { cause: error });
  }
  if (error instanceof OpenAI.APIError) {
    const status = error.status ?? 0;
    const headers = error.headers;
    if (status === 429 || status === 408 || status >= 500) {
      const retryAfterMs = Number(headers?.get('retry-after-ms')) || parseRetryAfter(headers?.get('retry-after'));
      return new TransientError(`OpenAI answered ${error.message}`, { retryAfterMs, cause: error });
    }
    if (status === 401) {
      return new NodeError(`OpenAI rejected the key in OPENAI_API_KEY: ${error.message}`, { param: 'provider', cause: error });
    }
    return new NodeError(`OpenAI refused the request: ${error.message}`, { cause: error });
  }
  return error;
}

/** Images from the OpenAI images API (gpt-image models, or DALL·E), as base64 in the response. */
export const generateWithOpenAI: ImageProvider = async (request, context) => {
  const { params } = context;
  const env = providerEnv(context.providers);
  // [sdk.K1] The key goes to OpenAI or OPENAI_BASE_URL only: a graph's own baseUrl is refused.
  const endpoint = keyedEndpoint({
    nodeId: context.nodeId,
    provider: 'OpenAI',
    keyName: 'OPENAI_API_KEY',
    key: env.OPENAI_API_KEY,
    officialUrl: OPENAI_API,
    userUrlName: 'OPENAI_BASE_URL',
    userUrl: env.OPENAI_BASE_URL,
    graphUrl: params.baseUrl,
    param: 'baseUrl',
    requiresKey: true,
  });
  const { default: OpenAI } = await loadOpenAI();
  const client = new OpenAI({
    apiKey: endpoint.key,
    baseURL: baseUrlOf(endpoint.url, 'baseUrl').href.replace(/\/$/, ''),
    organization: null,
    project: null,
    adminAPIKey: null,
    webhookSecret: null,
    // The engine retries with backoff and counts the attempts; the client must not retry on its own.
    maxRetries: 0,
    timeout: params.requestTimeoutMs,
    logLevel: 'off',
  });
  const model = params.model ?? DEFAULT_OPENAI_IMAGE_MODEL;
  const isDallE = model.startsWith('dall-e');
  const size = nearestOpenAISize(model, request);
  let prompt = request.prompt;
  if (request.negativePrompt) {
    prompt += `\n\nAvoid: ${request.negativePrompt}`;
    context.log('OpenAI images take no negative prompt: it was added to the prompt as "Avoid: …"');
  }
  if (params.seed !== 0) context.log('OpenAI images take no seed: the same prompt may give a different picture each time');
  // DALL·E 3 makes one image per request.
  const perRequest = model === 'dall-e-3' ? 1 : request.count;
  const body: ImageGenerateParamsNonStreaming = {
    model,
    prompt,
    n: perRequest,
    size: `${size.width}x${size.height}`,
    ...(isDallE ? { response_format: 'b64_json' as const } : { output_format: 'png' as const }),
    ...(params.quality !== 'auto' && !isDallE ? { quality: params.quality } : {}),
  };
  const images: { data: Uint8Array }[] = [];
  let inputTokens = 0;
  let outputTokens = 0;
  let hasTokens = false;
  while (images.length < request.count) {
    let response: ImagesResponse;
    try {
      response = await client.images.generate(body, { signal: context.signal });
    } catch (error) {
      throw await openAIErrorToNodeError(error, params.requestTimeoutMs);
    }
    if (!response || !Array.isArray(response.data)) {
      throw new NodeError(`OpenAI answered without a list of images: ${JSON.stringify(response).slice(0, 200)}`);
    }
    for (const item of response.data) {
      if (!item.b64_json) {
        throw new NodeError(
          'OpenAI answered with image URLs instead of base64 data; this node asks for b64_json and needs a server that honours it',
        );
      }
      images.push({ data: Buffer.from(item.b64_json, 'base64') });
    }
    if (response.data.length === 0) throw new NodeError('OpenAI answered with no images');
    if (response.usage) {
      hasTokens = true;
      inputTokens += response.usage.input_tokens;
      outputTokens += response.usage.output_tokens;
    }
    context.progress(images.length / request.count, `${images.length} of ${request.count} images`);
  }
  const price = PRICES[model];
  return {
    images: images.slice(0, request.count),
    size,
    model,
    usage: {
      provider: 'openai',
      model,
      images: Math.min(images.length, request.count),
      ...(hasTokens ? { inputTokens, outputTokens } : {}),
      ...(hasTokens && price ? { costUsd: (inputTokens * price.input + outputTokens * price.output) / 1_000_000 } : {}),
    },
  };
};
