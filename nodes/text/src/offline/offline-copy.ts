import { type Counting, shortenText } from '@adloom/specs';
import { type CopyField, type CopyText, characterCount } from '../copy.ts';
import { bannedWordMatcher, escapeRegExp } from '../copy-rules.ts';
import type { CopyLimits } from '../platform-presets.ts';
import { readBrief, shorterProducts } from './brief-phrases.ts';
import { type SeededRandom, seededRandom } from './seeded-random.ts';

export interface OfflineCopyRequest {
  brief: string;
  platform: string;
  limits: CopyLimits;
  count: number;
  seed: number;
  callsToAction: readonly string[];
  tone?: string;
  audience?: string;
  bannedWords: readonly string[];
  /** How the platform counts each field (double-width characters as 2 on Google and TikTok). */
  counting?: Partial<Record<CopyField, Counting>>;
}

/** The brief's words one template fills in. */
interface Slots {
  product: string;
  benefit?: string;
  benefit2?: string;
  audience?: string;
  /** How a headline ends: "!" for a playful tone, nothing otherwise. */
  bang: string;
}

type Template = (s: Required<Slots>) => string;
interface TemplateSpec {
  needs: ('benefit' | 'benefit2' | 'audience')[];
  write: Template;
}

function upperFirst(text: string): string {
  // A name spelled with a small first letter and inner capitals ("iPhone", "eBay") keeps it.
  if (/^\p{Ll}+\p{Lu}/u.test(text)) return text;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const t = (needs: TemplateSpec['needs'], write: Template): TemplateSpec => ({ needs, write });

// Fragments rather than sentences: a brief's benefits may be nouns ("all-day comfort"),
// adjectives ("waterproof") or clauses ("ships every two weeks"), and fragments fit all three.
const HEADLINES: TemplateSpec[] = [
  t([], (s) => `${upperFirst(s.product)}${s.bang}`),
  t([], (s) => `Meet ${s.product}${s.bang}`),
  t([], (s) => `Say hello to ${s.product}${s.bang}`),
  t(['benefit'], (s) => `${upperFirst(s.product)}, ${s.benefit}`),
  t(['benefit'], (s) => `${upperFirst(s.benefit)}${s.bang || '.'} ${upperFirst(s.product)}.`),
  t(['benefit'], (s) => `${upperFirst(s.benefit)}${s.bang}`),
  t(['audience'], (s) => `${upperFirst(s.product)} for ${s.audience}`),
  t(['audience'], (s) => `Made for ${s.audience}${s.bang}`),
];

const PRIMARY_TEXTS: TemplateSpec[] = [
  t(['benefit', 'benefit2'], (s) => `${upperFirst(s.product)}: ${s.benefit}, ${s.benefit2}.`),
  t(['benefit'], (s) => `Meet ${s.product}. ${upperFirst(s.benefit)}.`),
  t(['benefit', 'benefit2'], (s) => `${upperFirst(s.product)}. ${upperFirst(s.benefit)}. ${upperFirst(s.benefit2)}.`),
  t(['audience', 'benefit'], (s) => `Made for ${s.audience}: ${s.product}. ${upperFirst(s.benefit)}.`),
  t(['audience', 'benefit'], (s) => `${upperFirst(s.product)} for ${s.audience}. ${upperFirst(s.benefit)}.`),
  t(['audience'], (s) => `${upperFirst(s.product)} for ${s.audience}.`),
  t(['benefit'], (s) => `${upperFirst(s.product)} — ${s.benefit}.`),
  t(['benefit'], (s) => `Discover ${s.product}. ${upperFirst(s.benefit)}.`),
  t([], (s) => `Discover ${s.product}.`),
  t([], (s) => `Meet ${s.product}.`),
  t([], (s) => `Say hello to ${s.product}.`),
];

const DESCRIPTIONS: TemplateSpec[] = [
  t(['benefit'], (s) => `${upperFirst(s.benefit)}.`),
  t(['benefit', 'benefit2'], (s) => `${upperFirst(s.benefit)}, ${s.benefit2}.`),
  t(['audience'], (s) => `Made for ${s.audience}.`),
  t(['benefit'], (s) => `${upperFirst(s.product)}: ${s.benefit}.`),
  t([], (s) => `Discover ${s.product}.`),
  t([], (s) => `${upperFirst(s.product)}, ready when you are.`),
  t([], (s) => `Meet ${s.product}.`),
];

// Which of the platform's buttons suit a brief: an app is downloaded, a trial signed up for, a table
// booked; anything else is bought or read about. A button must never promise what the brief does not offer.
const CTA_CUES: [cue: RegExp, labels: string[]][] = [
  [/\b(?:app|download|install)\b/i, ['Download', 'Install now']],
  [
    /\b(?:subscri\w*|trial|newsletter|membership|sign[- ]?up|course|learn \w+ with)\b/i,
    ['Sign up', 'Subscribe', 'Sign up today'],
  ],
  [/\b(?:book|booking|appointment|table|reserv\w*|we come to you|repair|class(?:es)?)\b/i, ['Book now', 'Book today']],
  [/\b(?:quote|estimate|invoic\w*|b2b)\b/i, ['Get quote', 'Get a free quote']],
];
const GENERAL_CTAS = ['Shop now', 'Learn more', 'Order now', 'Order online today'];

/** The platform's buttons that suit the brief, in the platform's order. */
function suitableCallsToAction(brief: string, labels: readonly string[]): string[] {
  const wanted = new Set(GENERAL_CTAS);
  for (const [cue, cueLabels] of CTA_CUES) if (cue.test(brief)) for (const label of cueLabels) wanted.add(label);
  const suitable = labels.filter((label) => wanted.has(label));
  return suitable.length ? suitable : [...labels];
}

const PLAYFUL = /playful|fun|energetic|bold|excit|hype|upbeat|cheeky/i;

/**
 * Writes one field: the first template (in a seeded order) whose text fits the limit, avoids
 * banned words and is not already used; shorter product names are tried before cutting text.
 */
function writeField(
  templates: TemplateSpec[],
  slots: Slots,
  limit: number,
  random: SeededRandom,
  used: Set<string>,
  findBanned: (text: string) => string | undefined,
  counting: Counting = { doubleWidth: false },
  keepName = false,
): string {
  const usable = random.shuffle(templates.filter((spec) => spec.needs.every((need) => slots[need] !== undefined)));
  const products = [slots.product, ...shorterProducts(slots.product)];
  // A field that must name the product whole repeats a text before it shortens the name for variety.
  const tries = keepName
    ? products.flatMap((product) => [false, true].map((allowRepeat) => ({ product, allowRepeat })))
    : [false, true].flatMap((allowRepeat) => products.map((product) => ({ product, allowRepeat })));
  for (const { product, allowRepeat } of tries) {
    for (const spec of usable) {
      const text = spec.write({ benefit: '', benefit2: '', audience: '', ...slots, product });
      if (characterCount(text, counting) > limit || findBanned(text) || (!allowRepeat && used.has(text))) continue;
      used.add(text);
      return text;
    }
  }
  // Nothing fits: the product's name, cut at a word boundary, rather than half a word.
  let fallback = shortenText(upperFirst(slots.product), limit, counting).text;
  for (let banned = findBanned(fallback); banned; banned = findBanned(fallback)) {
    fallback = fallback
      .replace(new RegExp(escapeRegExp(banned), 'giu'), '')
      .replace(/\s+/g, ' ')
      .trim();
  }
  return fallback;
}

/**
 * Ad copy assembled from the brief's own words (its product, benefits and audience) with
 * templates, no model and no network: the same brief, settings and seed always give the same
 * copies; every field fits the platform's limits. For drafting layouts and testing pipelines.
 */
export function writeOfflineCopies(request: OfflineCopyRequest): CopyText[] {
  const phrases = readBrief(request.brief);
  const findBanned = bannedWordMatcher(request.bannedWords);
  const benefits = phrases.benefits.filter((b) => !findBanned(b));
  const audience = request.audience?.trim() || phrases.audience;
  const product = phrases.product || 'it';
  const random = seededRandom(
    JSON.stringify([
      request.brief,
      request.platform,
      request.limits,
      request.tone,
      request.audience,
      request.bannedWords,
      request.seed,
    ]),
  );
  const offset = random.index(Math.max(1, benefits.length));
  const bang = request.tone && PLAYFUL.test(request.tone) ? '!' : '';
  const used: Record<CopyField, Set<string>> = {
    headline: new Set(),
    primaryText: new Set(),
    description: new Set(),
    callToAction: new Set(),
  };
  const copies: CopyText[] = [];
  for (let i = 0; i < request.count; i++) {
    const benefit = benefits.length ? benefits[(offset + i) % benefits.length] : undefined;
    const benefit2 = benefits.length > 1 ? benefits[(offset + i + 1) % benefits.length] : undefined;
    const slots: Slots = { product, benefit, benefit2, audience, bang };
    const ctas = random
      .shuffle(suitableCallsToAction(request.brief, request.callsToAction))
      .filter((cta) => characterCount(cta, request.counting?.callToAction) <= request.limits.callToAction && !findBanned(cta));
    const callToAction = ctas.find((cta) => !used.callToAction.has(cta)) ?? ctas[0] ?? '';
    used.callToAction.add(callToAction);
    copies.push({
      headline: writeField(
        HEADLINES,
        slots,
        request.limits.headline,
        random,
        used.headline,
        findBanned,
        request.counting?.headline,
      ),
      primaryText: writeField(
        PRIMARY_TEXTS,
        slots,
        request.limits.primaryText,
        random,
        used.primaryText,
        findBanned,
        request.counting?.primaryText,
        // Every copy names the product as the brief does at least once: "Meet shoe" sells no running shoe.
        true,
      ),
      description: writeField(
        DESCRIPTIONS,
        slots,
        request.limits.description,
        random,
        used.description,
        findBanned,
        request.counting?.description,
      ),
      callToAction,
    });
  }
  return copies;
}
