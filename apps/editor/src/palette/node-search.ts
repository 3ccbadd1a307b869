import type { Catalog, NodeTypeInfo } from '@adloom/graph';

/**
 * How well `query` matches `text` as a subsequence, higher is better; 0 when it does not.
 * Consecutive letters and letters at word starts (`ac` in `llm.adCopy`) count most.
 */
export function fuzzyScore(query: string, text: string): number {
  const q = query.toLowerCase();
  const t = text.toLowerCase();
  if (!q) return 1;
  const exact = t.indexOf(q);
  if (exact >= 0) {
    const atStart = exact === 0 || isWordStart(text, exact);
    // "video" is the word in "Assemble video" and only the start of one in "Join videos".
    const end = exact + q.length;
    const isWholeWord =
      atStart && (end === t.length || !/[a-z0-9]/i.test(text[end] as string) || /[A-Z]/.test(text[end] as string));
    return 100 + q.length * 4 + (atStart ? 40 : 0) + (isWholeWord ? 30 : 0) - Math.min(exact, 20) / 4;
  }
  let score = 0;
  let ti = 0;
  let streak = 0;
  for (const ch of q) {
    if (ch === ' ') continue;
    const found = t.indexOf(ch, ti);
    if (found < 0) return 0;
    streak = found === ti ? streak + 1 : 0;
    score += 1 + streak * 2 + (isWordStart(text, found) ? 4 : 0);
    ti = found + 1;
  }
  return score;
}

function isWordStart(text: string, index: number): boolean {
  if (index === 0) return true;
  const previous = text[index - 1] as string;
  const current = text[index] as string;
  return /[\s._\-/]/.test(previous) || (/[a-z]/.test(previous) && /[A-Z]/.test(current));
}

export interface NodeMatch {
  info: NodeTypeInfo;
  score: number;
}

/** Node types matching a query, best first; each scored on its type, title and description. */
export function searchNodeTypes(catalog: Catalog, query: string): NodeMatch[] {
  const trimmed = query.trim();
  const matches: NodeMatch[] = [];
  for (const info of Object.values(catalog.nodes)) {
    if (!trimmed) {
      matches.push({ info, score: 0 });
      continue;
    }
    const score = Math.max(
      fuzzyScore(trimmed, info.title) * 1.2,
      fuzzyScore(trimmed, info.type),
      fuzzyScore(trimmed, info.description) * 0.5,
    );
    if (score > 0) matches.push({ info, score });
  }
  if (!trimmed) return matches.sort(byCategoryThenTitle);
  return matches.sort((a, b) => b.score - a.score || byCategoryThenTitle(a, b));
}

/** One collator for every comparison: `localeCompare` sets one up per call. */
const collator = new Intl.Collator();

function byCategoryThenTitle(a: NodeMatch, b: NodeMatch): number {
  return collator.compare(a.info.category, b.info.category) || collator.compare(a.info.title, b.info.title);
}

/** Matches grouped by category: in catalog order when browsing, by best match when searching. */
export function groupByCategory(matches: readonly NodeMatch[]): { category: string; items: NodeMatch[] }[] {
  const groups = new Map<string, NodeMatch[]>();
  for (const match of matches) {
    const list = groups.get(match.info.category);
    if (list) list.push(match);
    else groups.set(match.info.category, [match]);
  }
  return [...groups].map(([category, items]) => ({ category, items }));
}
