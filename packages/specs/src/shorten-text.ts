import { type Counting, characterCount, graphemes } from './text-measure.ts';

/** A text made to fit a limit, and whether it had to change. */
export interface Shortened {
  text: string;
  adjusted: boolean;
}

const TRAILING_PUNCTUATION = /[\s,:;—–-]+$/u;
// Where a sentence can end early and still read whole: after a sentence, then after a clause.
const SENTENCE_END = /[.!?。！？](?=\s|$)/gu;
// CJK commas end a clause without a space after them.
const CLAUSE_END = /[,;:—–](?=\s)|\s[-–—]\s|[、，；：]/gu;

function cutAt(text: string, pattern: RegExp, fits: (t: string) => boolean): string | undefined {
  const ends = [...text.matchAll(pattern)].map((m) => m.index + (/[.!?。！？]/u.test(m[0]) ? m[0].length : 0));
  for (const end of ends.reverse()) {
    const candidate = text.slice(0, end).replace(TRAILING_PUNCTUATION, '').trim();
    if (candidate && fits(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Shortens a text to `limit` as the platform counts it: first whole sentences are dropped from
 * the end, then trailing clauses, then words; only a single word longer than the limit is cut
 * inside (between graphemes, never inside one). A text that fits comes back as it was.
 */
export function shortenText(text: string, limit: number, counting: Counting = { doubleWidth: false }): Shortened {
  const trimmed = text.trim();
  const fits = (t: string) => characterCount(t, counting) <= limit;
  if (fits(trimmed)) return { text: trimmed, adjusted: trimmed !== text };
  if (limit <= 0) return { text: '', adjusted: true };
  const bySentence = cutAt(trimmed, SENTENCE_END, fits);
  if (bySentence) return { text: bySentence, adjusted: true };
  const byClause = cutAt(trimmed, CLAUSE_END, fits);
  if (byClause) return { text: byClause, adjusted: true };
  const words = trimmed.split(/\s+/u);
  for (let keep = words.length - 1; keep >= 1; keep--) {
    const candidate = words.slice(0, keep).join(' ').replace(TRAILING_PUNCTUATION, '');
    if (candidate && fits(candidate)) return { text: candidate, adjusted: true };
  }
  // One word longer than the limit (or a script without spaces): cut between graphemes.
  let cut = '';
  for (const g of graphemes(trimmed)) {
    if (!fits(cut + g)) break;
    cut += g;
  }
  return { text: cut.replace(TRAILING_PUNCTUATION, ''), adjusted: true };
}
