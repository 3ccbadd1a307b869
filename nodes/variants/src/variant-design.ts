import { createHash } from 'node:crypto';
import type { Design } from './variant.ts';

/** Why a design cannot be laid out, in words for the split's params or inputs. */
export class DesignError extends Error {
  readonly param?: string;
  readonly port?: string;

  constructor(message: string, place: { param?: string; port?: string } = {}) {
    super(message);
    this.name = 'DesignError';
    this.param = place.param;
    this.port = place.port;
  }
}

export interface DesignOptions {
  design: Design;
  maxVariants: number;
  seed: number;
}

/**
 * The combinations a design picks, each as one level index per factor (in factor order).
 * - cartesian: every combination, the last factor changing fastest;
 * - zip: the n-th level of every factor together (a factor with one level joins every variant);
 * - sample: `maxVariants` distinct combinations of the cartesian product, drawn with `seed`,
 *   listed in cartesian order.
 * Cartesian and zip refuse more than `maxVariants` combinations rather than flood a test.
 */
export function planCombinations(factors: readonly { port: string; size: number }[], options: DesignOptions): number[][] {
  if (options.design === 'zip') {
    const longest = factors.reduce((max, f) => Math.max(max, f.size), 0);
    const odd = factors.find((f) => f.size !== 1 && f.size !== longest);
    if (odd) {
      const sizes = factors.map((f) => `"${f.port}" has ${f.size}`).join(', ');
      throw new DesignError(
        `design "zip" pairs levels by position, so every factor needs the same number of levels (or just one): ${sizes}`,
        { port: odd.port },
      );
    }
    checkCap(longest, options, 'zip');
    return Array.from({ length: longest }, (_, n) => factors.map((f) => (f.size === 1 ? 0 : n)));
  }
  const total = factors.reduce((product, f) => product * f.size, 1);
  if (!Number.isSafeInteger(total)) throw new DesignError('the factors have too many combinations to count', { param: 'design' });
  if (options.design === 'cartesian') {
    checkCap(total, options, 'cartesian');
    return Array.from({ length: total }, (_, n) => decode(n, factors));
  }
  const picked = sampleIndices(total, Math.min(options.maxVariants, total), options.seed);
  return picked.map((n) => decode(n, factors));
}

function checkCap(count: number, options: DesignOptions, design: Design): void {
  if (count > options.maxVariants) {
    throw new DesignError(
      `design "${design}" makes ${count} variants, more than maxVariants (${options.maxVariants}); raise maxVariants or use design "sample" to draw ${options.maxVariants} of them`,
      { param: 'maxVariants' },
    );
  }
}

/** Combination number `n` as level indices, the last factor changing fastest. */
function decode(n: number, factors: readonly { size: number }[]): number[] {
  const levels = new Array<number>(factors.length);
  for (let f = factors.length - 1; f >= 0; f--) {
    const size = (factors[f] as { size: number }).size;
    levels[f] = n % size;
    n = Math.floor(n / size);
  }
  return levels;
}

/** `count` distinct numbers below `total`, drawn by a seeded partial Fisher–Yates shuffle, ascending. */
export function sampleIndices(total: number, count: number, seed: number): number[] {
  const random = mulberry32(createHash('sha256').update(`variants.split:${seed}`).digest().readUInt32LE(0));
  // A sparse shuffle: only the swapped positions are stored, so a huge product costs nothing.
  const swapped = new Map<number, number>();
  const picked: number[] = [];
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (total - i));
    const atJ = swapped.get(j) ?? j;
    swapped.set(j, swapped.get(i) ?? i);
    picked.push(atJ);
  }
  return picked.sort((a, b) => a - b);
}

function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
