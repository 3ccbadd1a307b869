import { COPY_FIELDS, type CopyField, type CopyText, characterCount } from './copy.ts';
import type { CopyLimits } from './platform-presets.ts';

/** One way a copy breaks the node's rules, in words both a person and a model can act on. */
export interface CopyProblem {
  /** 1-based, as people count copies. */
  copy: number;
  field: CopyField;
  kind: 'too-long' | 'banned-word';
  message: string;
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

/** Every field over its limit and every banned word used, copy by copy. */
export function findCopyProblems(copies: readonly CopyText[], limits: CopyLimits, bannedWords: readonly string[]): CopyProblem[] {
  const findBanned = bannedWordMatcher(bannedWords);
  const problems: CopyProblem[] = [];
  copies.forEach((copy, i) => {
    for (const field of COPY_FIELDS) {
      const text = copy[field];
      const length = characterCount(text);
      const limit = limits[field];
      if (length > limit) {
        problems.push({
          copy: i + 1,
          field,
          kind: 'too-long',
          message: `copy ${i + 1}: ${field} is ${length} characters, ${length - limit} over the limit of ${limit}`,
        });
      }
      const word = findBanned(text);
      if (word) {
        problems.push({
          copy: i + 1,
          field,
          kind: 'banned-word',
          message: `copy ${i + 1}: ${field} uses the banned word "${word}"`,
        });
      }
    }
  });
  return problems;
}
