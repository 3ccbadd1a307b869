/** Edit distance between two strings, case-insensitive. */
export function editDistance(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] as number;
      row[j] = Math.min(current + 1, (row[j - 1] as number) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] as number;
}

/** How far `candidate` is from `name`: one name holding the other counts as close, whatever their lengths. */
function closeness(name: string, candidate: string): number {
  const a = name.toLowerCase();
  const b = candidate.toLowerCase();
  // `resize` is closer to `image.resize` than its 6 extra letters say; compare the last dotted part too.
  const tail = b.slice(b.lastIndexOf('.') + 1);
  const distance = Math.min(editDistance(a, b), editDistance(a, tail) + 1);
  return b.includes(a) || a.includes(tail) ? Math.min(distance, 1) : distance;
}

/**
 * The candidates nearest to a name that is not among them, closest first: what a refusal
 * offers instead, so a model or a person can correct the name in one step.
 */
export function nearestNames(name: string, candidates: readonly string[], limit = 3): string[] {
  return candidates
    .map((candidate, index) => ({ candidate, index, score: closeness(name, candidate) }))
    .sort((x, y) => x.score - y.score || x.index - y.index)
    .slice(0, limit)
    .map((entry) => entry.candidate);
}
