import { type Counting, characterCount, emojiIn } from '@adloom/specs';
import { COPY_FIELDS, type CopyField, type CopyText } from './copy.ts';
import type { CopyLimits } from './platform-presets.ts';

/** One way a copy breaks the node's rules, in words both a person and a model can act on. */
export interface CopyProblem {
  /** 1-based, as people count copies. */
  copy: number;
  field: CopyField;
  kind: 'too-long' | 'banned-word' | 'emoji' | 'refused-character' | 'not-in-list';
  message: string;
}

/** What each field must keep to, beyond its length. */
export interface FieldRules {
  limits: CopyLimits;
  counting?: Partial<Record<CopyField, Counting>>;
  emojiAllowed?: Partial<Record<CopyField, boolean>>;
  refused?: Partial<Record<CopyField, readonly string[]>>;
  /** The labels a call to action must be one of, when the platform has a fixed list. */
  callsToAction?: readonly string[];
  bannedWords: readonly string[];
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Finds the first banned word or phrase in a text: whole words in any case, so banning "cheap" leaves "cheaper" alone. */
export function bannedWordMatcher(bannedWords: readonly string[]): (text: string) => string | undefined {
  const words = bannedWords.map((w) => w.trim()).filter(Boolean);
  if (words.length === 0) return () => undefined;
  const patterns = words.map((word) => ({
    word,
    regex: new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(word)}(?![\\p{L}\\p{N}])`, 'iu'),
  }));
  return (text) => patterns.find((p) => p.regex.test(text))?.word;
}

/** The label from a fixed list that a free-text call to action means, ignoring case and punctuation. */
export function matchCallToAction(text: string, labels: readonly string[]): string | undefined {
  const key = (t: string) =>
    t
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  return labels.find((label) => key(label) === key(text));
}

/** Every rule one field of one copy breaks. */
export function findFieldProblems(copyNumber: number, field: CopyField, text: string, rules: FieldRules): CopyProblem[] {
  const problems: CopyProblem[] = [];
  const at = `copy ${copyNumber}: ${field}`;
  const counting = rules.counting?.[field] ?? { doubleWidth: false };
  const length = characterCount(text, counting);
  const limit = rules.limits[field];
  if (length > limit) {
    const wide = length !== characterCount(text) ? ' (double-width characters count 2)' : '';
    problems.push({
      copy: copyNumber,
      field,
      kind: 'too-long',
      message: `${at} is ${length} characters${wide}, ${length - limit} over the limit of ${limit}`,
    });
  }
  if (rules.emojiAllowed?.[field] === false) {
    const emoji = emojiIn(text);
    if (emoji.length)
      problems.push({ copy: copyNumber, field, kind: 'emoji', message: `${at} has emoji (${emoji.join(' ')}); use none` });
  }
  const refused = (rules.refused?.[field] ?? []).filter((c) => text.includes(c));
  if (refused.length)
    problems.push({
      copy: copyNumber,
      field,
      kind: 'refused-character',
      message: `${at} uses ${refused.map((c) => `"${c}"`).join(', ')}, which the platform refuses`,
    });
  if (field === 'callToAction' && rules.callsToAction?.length && !rules.callsToAction.includes(text))
    problems.push({
      copy: copyNumber,
      field,
      kind: 'not-in-list',
      message: `${at} "${text}" is not one of the platform's buttons: ${rules.callsToAction.join(', ')}`,
    });
  const word = bannedWordMatcher(rules.bannedWords)(text);
  if (word) problems.push({ copy: copyNumber, field, kind: 'banned-word', message: `${at} uses the banned word "${word}"` });
  return problems;
}

/** Every field over its limit and every banned word used, copy by copy. */
export function findCopyProblems(
  copies: readonly CopyText[],
  limits: CopyLimits,
  bannedWords: readonly string[],
  rules: Omit<FieldRules, 'limits' | 'bannedWords'> = {},
): CopyProblem[] {
  return copies.flatMap((copy, i) =>
    COPY_FIELDS.flatMap((field) => findFieldProblems(i + 1, field, copy[field], { ...rules, limits, bannedWords })),
  );
}
