import { defineNode, NodeError } from '@adloom/sdk';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { z } from 'zod';
import { writeOfflineText } from './offline/offline-text.ts';
import { connectOpenAI, environmentOf, type OpenAIConnection } from './providers/openai-connection.ts';
import { toNodeError } from './providers/provider-errors.ts';
import { providerParamHints, providerParams } from './providers/provider-params.ts';

/** Progress events carry the answer so far; this much of its end is enough to watch it grow. */
const PREVIEW_CHARS = 400;
/** At most one progress event per this many ms while tokens stream in. */
const PROGRESS_INTERVAL_MS = 50;

function preview(text: string): string {
  return text.length > PREVIEW_CHARS ? `…${text.slice(-PREVIEW_CHARS)}` : text;
}

/** How far along an answer is, guessed from its length: exact lengths are unknown until it ends. */
function answerFraction(chars: number, maxTokens: number | undefined): number {
  const guess = maxTokens ? chars / (maxTokens * 4) : 1 - Math.exp(-chars / 2000);
  return Math.min(0.95, guess);
}

interface StreamedAnswer {
  text: string;
  finishReason: string | undefined;
}

export const llmGenerate = defineNode({
  type: 'llm.generate',
  version: 1,
  title: 'Generate text',
  category: 'LLM',
  description:
    'Sends a prompt, and an optional system message, to a language model and returns its answer, streamed as it is written. With count above 1 it asks that many times and lists the answers.',
  inputs: [
    { name: 'prompt', type: 'text' },
    { name: 'system', type: 'text', optional: true, description: 'How the model should behave: a role, rules, a format' },
  ],
  outputs: [
    { name: 'text', type: 'text', description: 'The answer (the first, when count is above 1)' },
    { name: 'texts', type: 'text', list: true, description: 'Every answer, count of them' },
    { name: 'provider', type: 'text', description: 'Who wrote it: openai, compatible or offline' },
  ],
  params: z.object({
    ...providerParams,
    temperature: z.number().min(0).max(2).optional().describe('Higher is more varied; the provider default when unset'),
    maxTokens: z.int().positive().optional().describe('Longest answer, in tokens'),
    seed: z.int().optional().describe('Same seed, same settings: the same answer where the provider supports it'),
    count: z.int().min(1).max(10).default(1).describe('How many answers'),
  }),
  paramHints: { ...providerParamHints, temperature: { step: 0.1 } },
  provider: (params) => params.provider,
  async run(context) {
    const { params, inputs, signal } = context;
    const prompt = inputs.prompt === undefined ? '' : String(inputs.prompt);
    if (!prompt.trim()) throw new NodeError('the prompt is empty: connect some text to "prompt"', { port: 'prompt' });
    const system = inputs.system === undefined || String(inputs.system).trim() === '' ? undefined : String(inputs.system);

    if (params.provider === 'offline') {
      const texts = Array.from({ length: params.count }, (_, index) =>
        writeOfflineText({ prompt, system, seed: params.seed ?? 0, index, maxTokens: params.maxTokens }),
      );
      context.log('offline: text assembled from the prompt; no model was called');
      context.usage({ provider: 'offline' });
      return { text: texts[0], texts, provider: 'offline' };
    }

    const connection = await connectOpenAI(
      context.nodeId,
      { ...params, provider: params.provider },
      environmentOf(context.providers),
    );
    context.log(`${connection.provider}: ${connection.model} at ${connection.server}`);
    const messages: ChatCompletionMessageParam[] = [
      ...(system ? [{ role: 'system' as const, content: system }] : []),
      { role: 'user', content: prompt },
    ];
    const texts: string[] = [];
    for (let index = 0; index < params.count; index++) {
      let lastReport = 0;
      const onText = (text: string) => {
        const now = performance.now();
        if (now - lastReport < PROGRESS_INTERVAL_MS) return;
        lastReport = now;
        context.progress((index + answerFraction(text.length, params.maxTokens)) / params.count, preview(text));
      };
      // Each answer gets its own seed, or count answers with one seed would be one answer repeated.
      const seed = params.seed === undefined ? undefined : params.seed + index;
      const answer = await streamAnswer(connection, messages, { ...params, seed }, signal, onText, context.usage);
      if (answer.finishReason === 'length') {
        if (!answer.text) {
          throw new NodeError('the model used all of maxTokens before writing any text; raise maxTokens', { param: 'maxTokens' });
        }
        context.log(`answer ${index + 1} stopped at maxTokens (${params.maxTokens})`);
      }
      if (answer.finishReason === 'content_filter') throw new NodeError("the provider's content filter stopped the answer");
      texts.push(answer.text);
      context.progress((index + 1) / params.count, preview(answer.text));
    }
    return { text: texts[0], texts, provider: connection.provider };
  },
});

/** Streams one chat completion, reporting the text so far as it grows. */
async function streamAnswer(
  connection: OpenAIConnection,
  messages: ChatCompletionMessageParam[],
  params: { temperature?: number; maxTokens?: number; seed?: number },
  signal: AbortSignal,
  onText: (text: string) => void,
  reportUsage: (usage: ReturnType<OpenAIConnection['usageOf']>) => void,
): Promise<StreamedAnswer> {
  let text = '';
  let finishReason: string | undefined;
  let model: string | undefined;
  let usage: Parameters<OpenAIConnection['usageOf']>[0];
  try {
    const stream = await connection.client.chat.completions.create(
      {
        model: connection.model,
        messages,
        stream: true,
        stream_options: { include_usage: true },
        ...(params.temperature !== undefined ? { temperature: params.temperature } : {}),
        ...(params.seed !== undefined ? { seed: params.seed } : {}),
        ...connection.tokenLimit(params.maxTokens),
      },
      { signal },
    );
    for await (const chunk of stream) {
      model ??= chunk.model || undefined;
      if (chunk.usage) usage = chunk.usage;
      const choice = chunk.choices?.[0];
      if (choice?.finish_reason) finishReason = choice.finish_reason;
      const delta = choice?.delta?.content;
      if (delta) {
        text += delta;
        onText(text);
      }
    }
  } catch (error) {
    throw await toNodeError(error, connection, signal);
  }
  reportUsage(connection.usageOf(usage, model));
  return { text, finishReason };
}
