/** Weights are kept to millionths: readable in a manifest, fine enough for any traffic split. */
const UNITS = 1_000_000;

/** Why a weights list was refused, in words for the `weights` param. */
export class WeightsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WeightsError';
  }
}

/**
 * Traffic shares for `count` variants that add up to exactly 1 when summed in order
 * (`weights.reduce((a, b) => a + b, 0) === 1`). Without `given`, the split is even; `given`
 * may add up to 1 (fractions) or to 100 (percentages).
 */
export function trafficWeights(count: number, given?: readonly number[]): number[] {
  if (count === 0) return [];
  const raw = given ? checkGiven(count, given) : Array.from({ length: count }, () => 1);
  return exactShares(raw);
}

function checkGiven(count: number, given: readonly number[]): number[] {
  if (given.length !== count) {
    throw new WeightsError(
      `has ${given.length} weight${given.length === 1 ? '' : 's'} for ${count} variants; give one per variant`,
    );
  }
  given.forEach((w, i) => {
    if (!Number.isFinite(w) || w < 0) throw new WeightsError(`weight ${i + 1} is ${w}; weights must be 0 or more`);
  });
  const sum = given.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) <= 1e-6 || Math.abs(sum - 100) <= 1e-4) return [...given];
  throw new WeightsError(`add up to ${Number(sum.toPrecision(10))}; they must add up to 1 (or to 100 as percentages)`);
}

/** Rounds shares to millionths by largest remainder, then settles the last so the sum is exactly 1. */
function exactShares(raw: readonly number[]): number[] {
  const total = raw.reduce((a, b) => a + b, 0);
  const scaled = raw.map((w) => (w / total) * UNITS);
  const units = scaled.map(Math.floor);
  let left = UNITS - units.reduce((a, b) => a + b, 0);
  const byRemainder = scaled.map((s, i) => ({ i, rest: s - Math.floor(s) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    if (raw[i] === 0) continue;
    units[i] = (units[i] as number) + 1;
    left--;
  }
  const weights = units.map((u) => u / UNITS);
  // Decimal fractions rarely add up exactly in binary: the last share with traffic absorbs the
  // ulp so the sum is 1 to the bit, staying the rounded millionth whenever that already works.
  const last = units.findLastIndex((u) => u > 0);
  const head = weights.slice(0, last).reduce((a, b) => a + b, 0);
  const tail = weights.slice(last + 1).reduce((a, b) => a + b, 0);
  const rounded = weights[last] as number;
  if (head + rounded + tail !== 1) weights[last] = 1 - head;
  return weights;
}
