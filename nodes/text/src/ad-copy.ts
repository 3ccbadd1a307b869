import { defineNode, NodeError } from '@adloom/engine';
import { zodResponseFormat } from 'openai/helpers/zod';
import type { ChatCompletion, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { z } from 'zod';
import type { Copy, CopyText } from './copy.ts';
import { type CopyProblem, findCopyProblems } from './copy-rules.ts';
import { writeOfflineCopies } from './offline/offline-copy.ts';
import { type CopyLimits, limitsFor, PLATFORM_NAMES, PLATFORM_PRESETS, type PlatformPreset } from './platform-presets.ts';
import { connectOpenAI, environmentOf, type OpenAIConnection } from './providers/openai-connection.ts';
import { toNodeError } from './providers/provider-errors.ts';
import { providerParamHints, providerParams } from './providers/provider-params.ts';

/** How many times an answer that breaks the rules is sent back with the reasons. */
const MAX_REASKS = 2;

/** What the model is asked to return; limits are checked by the node, so it can say by how much a field is over. */
const answerSchema = z.object({
  copies: z.array(
    z.object({
      headline: z.string(),
      primaryText: z.string(),
      description: z.string(),
      callToAction: z.string(),
    }),
  ),
});

const limit = () => z.int().positive().optional();

/** An answer the node could not use, and why, in words the model gets back. */
interface Unusable {
  problems: string[];
  /** The first problem that names a field, for the final error's place. */
  first?: CopyProblem;
}

function instructions(
  preset: PlatformPreset,
  limits: CopyLimits,
  params: { count: number; tone?: string; audience?: string; language: string; bannedWords: string[] },
): string {
  const lines = [
    `You write ad copy for ${preset.label}. Write ${params.count} distinct variations of an ad for the brief the user gives.`,
    'Each variation has these fields, each with a hard limit in characters:',
    `- headline: at most ${limits.headline}`,
    `- primaryText: the ad text, at most ${limits.primaryText}`,
    `- description: a supporting line, at most ${limits.description}`,
    `- callToAction: a button label, at most ${limits.callToAction}, such as ${preset.callsToAction.slice(0, 4).join(', ')}`,
    `Write in ${params.language}.`,
  ];
  if (params.tone) lines.push(`Tone: ${params.tone}.`);
  if (params.audience) lines.push(`Audience: ${params.audience}.`);
  if (params.bannedWords.length) lines.push(`Never use these words: ${params.bannedWords.join(', ')}.`);
  lines.push('Use only facts from the brief. Count characters carefully: a field over its limit is rejected.');
  return lines.join('\n');
}

/** Reads the model's answer into copies, or says what is wrong with it. */
function readAnswer(
  completion: ChatCompletion,
  count: number,
  limits: CopyLimits,
  bannedWords: string[],
): { copies: CopyText[]; content: string } | (Unusable & { content: string }) {
  const message = completion.choices[0]?.message;
  if (message?.refusal) throw new NodeError(`the model declined to write this copy: ${message.refusal}`, { port: 'brief' });
  if (completion.choices[0]?.finish_reason === 'content_filter') {
    throw new NodeError("the provider's content filter stopped the answer", { port: 'brief' });
  }
  if (completion.choices[0]?.finish_reason === 'length') {
    throw new NodeError('the answer was cut off before the copy was complete; ask for fewer copies', { param: 'count' });
  }
  const content = message?.content ?? '';
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    return { content, problems: ['your answer was not valid JSON; answer with JSON matching the schema'] };
  }
  const parsed = answerSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      content,
      problems: [`your answer did not match the schema at ${issue?.path.join('.') || 'the top'}: ${issue?.message}`],
    };
  }
  const copies = parsed.data.copies.slice(0, count).map((copy) => ({
    headline: copy.headline.trim(),
    primaryText: copy.primaryText.trim(),
    description: copy.description.trim(),
    callToAction: copy.callToAction.trim(),
  }));
  const found = findCopyProblems(copies, limits, bannedWords);
  const problems = found.map((p) => p.message);
  if (copies.length < count) problems.unshift(`you wrote ${copies.length} copies; ${count} were asked for`);
  return problems.length ? { content, problems, first: found[0] } : { copies, content };
}

function asked(times: number): string {
  return times === 1 ? 'once' : times === 2 ? 'twice' : `${times} times`;
}

export const llmAdCopy = defineNode({
  type: 'llm.adCopy',
  version: 1,
  title: 'Ad copy',
  category: 'LLM',
  description:
    "Writes headlines, ad text, descriptions and calls to action from a brief, within a platform's character limits. Answers over a limit or using a banned word are sent back to be fixed, twice at most.",
  inputs: [{ name: 'brief', type: 'text', description: 'What is advertised, its benefits, who it is for' }],
  outputs: [{ name: 'copies', type: 'copy', list: true }],
  params: z.object({
    platform: z.enum(PLATFORM_NAMES).default('tiktok').describe('Whose character limits the copy keeps to'),
    count: z.int().min(1).max(10).default(3).describe('How many variations'),
    tone: z.string().optional().describe('e.g. playful, premium, plain-spoken'),
    audience: z.string().optional().describe('Who the ad speaks to'),
    language: z.string().min(1).default('English'),
    bannedWords: z.array(z.string()).default([]).describe('Words and phrases the copy must not use'),
    limits: z
      .object({ headline: limit(), primaryText: limit(), description: limit(), callToAction: limit() })
      .optional()
      .describe("Characters per field, over the platform's own"),
    ...providerParams,
    temperature: z.number().min(0).max(2).optional(),
    seed: z.int().optional().describe('Change it for different copy; the same seed repeats offline copy exactly'),
  }),
  paramHints: {
    ...providerParamHints,
    platform: {
      picker: 'preset',
      enumLabels: Object.fromEntries(PLATFORM_NAMES.map((name) => [name, PLATFORM_PRESETS[name].label])),
    },
    temperature: { step: 0.1 },
  },
  provider: (params) => params.provider,
  async run(context) {
    const { params, inputs, signal } = context;
    const brief = inputs.brief === undefined ? '' : String(inputs.brief).trim();
    if (!brief) throw new NodeError('the brief is empty: connect a text describing the product to "brief"', { port: 'brief' });
    const preset: PlatformPreset = PLATFORM_PRESETS[params.platform];
    const limits = limitsFor(params.platform, params.limits);
    const label = (copies: CopyText[], provider: string): Copy[] =>
      copies.map((copy) => ({ ...copy, platform: params.platform, provider }));

    if (params.provider === 'offline') {
      const copies = writeOfflineCopies({
        brief,
        platform: params.platform,
        limits,
        count: params.count,
        seed: params.seed ?? 0,
        callsToAction: preset.callsToAction,
        tone: params.tone,
        audience: params.audience,
        bannedWords: params.bannedWords,
      });
      const notes = ['offline: copy assembled from the brief with templates; no model was called'];
      if (!/^en/i.test(params.language)) notes.push(`offline copy is in English; ${params.language} needs a model provider`);
      context.log(notes.join('; '));
      context.usage({ provider: 'offline' });
      return { copies: label(copies, 'offline') };
    }

    const connection = connectOpenAI(context.nodeId, { ...params, provider: params.provider }, environmentOf(context.providers));
    context.log(`${connection.provider}: ${connection.model} at ${connection.server}`);
    const messages: ChatCompletionMessageParam[] = [
      { role: 'system', content: instructions(preset, limits, params) },
      { role: 'user', content: brief },
    ];
    for (let answers = 1; ; answers++) {
      const completion = await requestCopies(connection, messages, params, signal);
      context.usage(connection.usageOf(completion.usage, completion.model || undefined));
      const answer = readAnswer(completion, params.count, limits, params.bannedWords);
      if ('copies' in answer) return { copies: label(answer.copies, connection.provider) };
      if (answers > MAX_REASKS) {
        const first = answer.first;
        const where = first?.kind === 'too-long' ? { param: 'limits' } : first ? { param: 'bannedWords' } : {};
        const advice =
          first?.kind === 'too-long'
            ? `; raise limits.${first.field} or give a shorter brief`
            : first
              ? ''
              : '; try another model';
        throw new NodeError(`${answer.problems[0]}, still after asking ${asked(answers)}${advice}`, where);
      }
      context.log(`asking again (${answers} of ${MAX_REASKS}): ${answer.problems.join('; ')}`);
      context.progress(answers / (MAX_REASKS + 1), `asking again: ${answer.problems[0]}`);
      messages.push(
        { role: 'assistant', content: answer.content },
        {
          role: 'user',
          content: [
            `That answer breaks the rules. Write all ${params.count} copies again, keeping what works and fixing these:`,
            ...answer.problems.map((p) => `- ${p}`),
            `Limits in characters: headline ${limits.headline}, primaryText ${limits.primaryText}, description ${limits.description}, callToAction ${limits.callToAction}.`,
          ].join('\n'),
        },
      );
    }
  },
});

async function requestCopies(
  connection: OpenAIConnection,
  messages: ChatCompletionMessageParam[],
  params: { temperature?: number; seed?: number },
  signal: AbortSignal,
): Promise<ChatCompletion> {
  let completion: ChatCompletion;
  try {
    completion = await connection.client.chat.completions.create(
      {
        model: connection.model,
        messages,
        response_format: zodResponseFormat(answerSchema, 'ad_copies'),
        ...(params.temperature !== undefined ? { temperature: params.temperature } : {}),
        ...(params.seed !== undefined ? { seed: params.seed } : {}),
      },
      { signal },
    );
  } catch (error) {
    throw toNodeError(error, connection, signal);
  }
  // A web page or a proxy's answer instead of the API's: the base URL is probably wrong.
  if (!completion || typeof completion !== 'object' || !Array.isArray(completion.choices)) {
    throw new NodeError(
      `the server at ${connection.server} did not answer with a chat completion; is the base URL the API's address (usually ending in /v1)?`,
      { param: 'baseUrl' },
    );
  }
  return completion;
}
