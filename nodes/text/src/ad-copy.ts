import { defineNode, NodeError } from '@adloom/sdk';
import { emojiIn, graphemes, shortenText } from '@adloom/specs';
import type { ChatCompletion, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { z } from 'zod';
import { COPY_FIELDS, type Copy, type CopyField, type CopyText } from './copy.ts';
import { type CopyProblem, type FieldRules, findFieldProblems, matchCallToAction } from './copy-rules.ts';
import { writeOfflineCopies } from './offline/offline-copy.ts';
import { type CopyLimits, limitsFor, PLATFORM_NAMES, PLATFORM_PRESETS, type PlatformPreset } from './platform-presets.ts';
import { loadZodHelpers } from './providers/load-openai.ts';
import { connectOpenAI, environmentOf, type OpenAIConnection } from './providers/openai-connection.ts';
import { toNodeError } from './providers/provider-errors.ts';
import { providerParamHints, providerParams } from './providers/provider-params.ts';

/** How many times an answer that breaks the rules is sent back with the reasons. */
const MAX_REASKS = 2;

const copyShape = { headline: z.string(), primaryText: z.string(), description: z.string(), callToAction: z.string() };

/** What the answer is read with: any call to action is taken, so one off the list is a field to fix, not a broken answer. */
const answerSchema = z.object({ copies: z.array(z.object(copyShape)) });

/** What the model is asked to return: the call to action is an enum of the platform's buttons where it has a fixed list. */
function requestSchema(preset: PlatformPreset) {
  const [first, ...rest] = preset.callsToAction;
  if (!preset.fixedCallsToAction || first === undefined) return answerSchema;
  return z.object({ copies: z.array(z.object({ ...copyShape, callToAction: z.enum([first, ...rest]) })) });
}

const limit = () => z.int().positive().optional();

/** The rules every field is checked against: the preset's counting, emoji and characters, the node's limits and banned words. */
function fieldRules(preset: PlatformPreset, limits: CopyLimits, bannedWords: string[]): FieldRules {
  const each = <T>(pick: (field: CopyField) => T) =>
    Object.fromEntries(COPY_FIELDS.map((field) => [field, pick(field)])) as Record<CopyField, T>;
  return {
    limits,
    counting: preset.counting,
    emojiAllowed: each((field) => preset.fields[field].emojiAllowed),
    refused: each((field) => preset.fields[field].forbidden),
    ...(preset.fixedCallsToAction ? { callsToAction: preset.callsToAction } : {}),
    bannedWords,
  };
}

function instructions(
  preset: PlatformPreset,
  limits: CopyLimits,
  params: { count: number; tone?: string; audience?: string; language: string; bannedWords: string[] },
): string {
  const wide = (field: CopyField) =>
    preset.counting[field].doubleWidth ? ' (Chinese, Japanese and Korean characters count 2)' : '';
  const cta = preset.fixedCallsToAction
    ? `- callToAction: exactly one of the platform's buttons: ${preset.callsToAction.join(', ')}`
    : `- callToAction: a closing line, at most ${limits.callToAction}${wide('callToAction')}, such as ${preset.callsToAction.slice(0, 4).join(', ')}`;
  const lines = [
    `You write ad copy for ${preset.label}. Write ${params.count} distinct variations of an ad for the brief the user gives.`,
    'Each variation has these fields, each with a hard limit in characters:',
    `- headline: at most ${limits.headline}${wide('headline')}`,
    `- primaryText: the ad text, at most ${limits.primaryText}${wide('primaryText')}`,
    `- description: a supporting line, at most ${limits.description}${wide('description')}`,
    cta,
    `Write in ${params.language}.`,
  ];
  const noEmoji = COPY_FIELDS.filter((field) => !preset.fields[field].emojiAllowed);
  if (noEmoji.length) lines.push(`No emoji in ${noEmoji.join(', ')}.`);
  for (const field of COPY_FIELDS) {
    const refused = preset.fields[field].forbidden;
    if (refused.length) lines.push(`Never use ${refused.map((c) => `"${c}"`).join(', ')} in ${field}.`);
  }
  if (params.tone) lines.push(`Tone: ${params.tone}.`);
  if (params.audience) lines.push(`Audience: ${params.audience}.`);
  if (params.bannedWords.length) lines.push(`Never use these words: ${params.bannedWords.join(', ')}.`);
  lines.push('Use only facts from the brief. Count characters carefully: a field over its limit is rejected.');
  return lines.join('\n');
}

/** Reads the model's answer into copies, or says why it cannot be read. */
function readAnswer(completion: ChatCompletion): { copies: CopyText[]; content: string } | { problem: string; content: string } {
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
    return { content, problem: 'your answer was not valid JSON; answer with JSON matching the schema' };
  }
  const parsed = answerSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      content,
      problem: `your answer did not match the schema at ${issue?.path.join('.') || 'the top'}: ${issue?.message}`,
    };
  }
  const copies = parsed.data.copies.map((copy) => ({
    headline: copy.headline.trim(),
    primaryText: copy.primaryText.trim(),
    description: copy.description.trim(),
    callToAction: copy.callToAction.trim(),
  }));
  return { copies, content };
}

function asked(times: number): string {
  return times === 1 ? 'once' : times === 2 ? 'twice' : `${times} times`;
}

/** The copies held so far: each field kept once it passes, so a re-ask rewrites only what failed. */
class HeldCopies {
  readonly copies: (CopyText | undefined)[];
  readonly count: number;
  private readonly rules: FieldRules;
  constructor(count: number, rules: FieldRules) {
    this.count = count;
    this.rules = rules;
    this.copies = Array.from({ length: count }, () => undefined);
  }

  problemsOf(index: number): CopyProblem[] {
    const copy = this.copies[index];
    if (!copy) return [];
    return COPY_FIELDS.flatMap((field) => findFieldProblems(index + 1, field, copy[field], this.rules));
  }

  problems(): CopyProblem[] {
    return this.copies.flatMap((_, i) => this.problemsOf(i));
  }

  missing(): number {
    return this.copies.filter((c) => !c).length;
  }

  /** Lays an answer over what is held: new copies fill gaps, and only failing fields of held copies are replaced. */
  take(answer: CopyText[]): void {
    for (let i = 0; i < this.count; i++) {
      const incoming = answer[i];
      if (!incoming) continue;
      const held = this.copies[i];
      if (!held) {
        this.copies[i] = incoming;
        continue;
      }
      const failing = new Set(this.problemsOf(i).map((p) => p.field));
      for (const field of failing) held[field] = incoming[field];
    }
  }
}

/** What the model is told to fix: only the failing fields, each with its limit and its current length. */
function reaskMessage(held: HeldCopies, limits: CopyLimits, problems: CopyProblem[]): string {
  const lines: string[] = [];
  const missing = held.missing();
  if (missing) lines.push(`- you wrote ${held.count - missing} copies; ${held.count} were asked for: write the missing ones`);
  lines.push(...problems.map((p) => `- ${p.message}`));
  return [
    `That answer breaks the rules. Answer again with all ${held.count} copies in the same order. Keep every field not listed here exactly as it was; rewrite only these:`,
    ...lines,
    `Limits in characters: headline ${limits.headline}, primaryText ${limits.primaryText}, description ${limits.description}, callToAction ${limits.callToAction}.`,
  ].join('\n');
}

/** A field the model could not bring within the rules, fixed by the node: shortened, emoji and refused characters taken out, the button matched to the list. */
function adjustField(
  field: CopyField,
  text: string,
  problem: CopyProblem,
  preset: PlatformPreset,
  limits: CopyLimits,
): string | undefined {
  switch (problem.kind) {
    case 'too-long':
      return shortenText(text, limits[field], preset.counting[field]).text || undefined;
    case 'emoji': {
      const emoji = new Set(emojiIn(text));
      return (
        graphemes(text)
          .filter((g) => !emoji.has(g))
          .join('')
          .replace(/\s{2,}/g, ' ')
          .trim() || undefined
      );
    }
    case 'refused-character': {
      const refused = new Set(preset.fields[field].forbidden);
      return (
        [...text]
          .filter((c) => !refused.has(c))
          .join('')
          .replace(/\s{2,}/g, ' ')
          .trim() || undefined
      );
    }
    case 'not-in-list':
      return matchCallToAction(text, preset.callsToAction) ?? nearestCallToAction(text, preset.callsToAction);
    case 'banned-word':
      return undefined;
  }
}

/** The listed button sharing the most words with a free-text call to action; the list's first when none does. */
function nearestCallToAction(text: string, labels: readonly string[]): string | undefined {
  const words = new Set(text.toLowerCase().match(/\p{L}+/gu) ?? []);
  let best = labels[0];
  let bestShared = 0;
  for (const label of labels) {
    const shared = (label.toLowerCase().match(/\p{L}+/gu) ?? []).filter((w) => words.has(w)).length;
    if (shared > bestShared) {
      best = label;
      bestShared = shared;
    }
  }
  return best;
}

export const llmAdCopy = defineNode({
  type: 'llm.adCopy',
  version: 2,
  title: 'Ad copy',
  category: 'LLM',
  description:
    "Writes headlines, ad text, descriptions and calls to action from a brief, within a platform's character limits, counted as the platform counts them; the call to action comes from the platform's button list. Fields over a limit or using a banned word are sent back to be fixed, twice at most; then a field over its limit is shortened at a word boundary and marked adjusted.",
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
        counting: preset.counting,
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

    const connection = await connectOpenAI(
      context.nodeId,
      { ...params, provider: params.provider },
      environmentOf(context.providers),
    );
    context.log(`${connection.provider}: ${connection.model} at ${connection.server}`);
    const rules = fieldRules(preset, limits, params.bannedWords);
    const held = new HeldCopies(params.count, rules);
    const messages: ChatCompletionMessageParam[] = [
      { role: 'system', content: instructions(preset, limits, params) },
      { role: 'user', content: brief },
    ];
    const schema = requestSchema(preset);
    let unreadable: string | undefined;
    let answers = 1;
    for (; ; answers++) {
      const completion = await requestCopies(connection, messages, schema, params, signal);
      context.usage(connection.usageOf(completion.usage, completion.model || undefined));
      const answer = readAnswer(completion);
      unreadable = 'problem' in answer ? answer.problem : undefined;
      if ('copies' in answer) held.take(answer.copies);
      const problems = held.problems();
      if (!unreadable && held.missing() === 0 && problems.length === 0) {
        return { copies: label(held.copies as CopyText[], connection.provider) };
      }
      if (answers > MAX_REASKS) break;
      const reasons = unreadable ? [unreadable] : problems.map((p) => p.message);
      if (!unreadable && held.missing()) reasons.unshift(`${held.count - held.missing()} of ${held.count} copies written`);
      context.log(`asking again (${answers} of ${MAX_REASKS}): ${reasons.join('; ')}`);
      context.progress(answers / (MAX_REASKS + 1), `asking again: ${reasons[0]}`);
      messages.push(
        { role: 'assistant', content: answer.content },
        { role: 'user', content: unreadable ? `${unreadable}.` : reaskMessage(held, limits, problems) },
      );
    }

    // The model missed after every re-ask: fix what can be fixed without it, drop what cannot.
    const copies: Copy[] = [];
    const dropped: CopyProblem[] = [];
    held.copies.forEach((copy, i) => {
      if (!copy) return;
      const adjusted = new Set<CopyField>();
      for (let pass = 0; pass < 3; pass++) {
        const problems = held.problemsOf(i);
        if (problems.length === 0) break;
        for (const problem of problems) {
          const before = copy[problem.field];
          const fixed = adjustField(problem.field, before, problem, preset, limits);
          if (fixed === undefined) continue;
          copy[problem.field] = fixed;
          adjusted.add(problem.field);
          context.log(`warning: ${problem.message}, still after asking ${asked(answers)}; adjusted to "${fixed}"`);
        }
      }
      const left = held.problemsOf(i);
      if (left.length) {
        dropped.push(...left);
        context.log(`warning: copy ${i + 1} left out: ${left.map((p) => p.message).join('; ')}`);
        return;
      }
      copies.push({
        ...copy,
        platform: params.platform,
        provider: connection.provider,
        ...(adjusted.size ? { adjusted: COPY_FIELDS.filter((f) => adjusted.has(f)) } : {}),
      });
    });
    if (copies.length < params.count) {
      const first = dropped[0];
      const short = params.count - copies.length;
      const why = first
        ? `${first.message}, still after asking ${asked(answers)}`
        : `${unreadable ?? `the model wrote ${copies.length} of ${params.count} copies`}, still after asking ${asked(answers)}; try another model`;
      const where = first?.kind === 'banned-word' ? { param: 'bannedWords' } : first ? { param: 'limits' } : {};
      const lead = first && copies.length ? `${short} of ${params.count} copies could not be used: ` : '';
      throw new NodeError(`${lead}${why}`, where);
    }
    return { copies };
  },
});

async function requestCopies(
  connection: OpenAIConnection,
  messages: ChatCompletionMessageParam[],
  schema: z.ZodType,
  params: { temperature?: number; seed?: number },
  signal: AbortSignal,
): Promise<ChatCompletion> {
  const { zodResponseFormat } = await loadZodHelpers();
  let completion: ChatCompletion;
  try {
    completion = await connection.client.chat.completions.create(
      {
        model: connection.model,
        messages,
        response_format: zodResponseFormat(schema, 'ad_copies'),
        ...(params.temperature !== undefined ? { temperature: params.temperature } : {}),
        ...(params.seed !== undefined ? { seed: params.seed } : {}),
      },
      { signal },
    );
  } catch (error) {
    throw await toNodeError(error, connection, signal);
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
