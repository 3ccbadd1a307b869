import { createHash } from 'node:crypto';

/** A random source that gives the same sequence for the same key: offline output is reproducible. */
export interface SeededRandom {
  /** A number in [0, 1). */
  next(): number;
  /** An integer in [0, size). */
  index(size: number): number;
  /** A copy of `items` in a shuffled order. */
  shuffle<T>(items: readonly T[]): T[];
}

/** A mulberry32 generator seeded from a hash of `key` (the inputs and the seed that shape the output). */
export function seededRandom(key: string): SeededRandom {
  let state = createHash('sha256').update(key).digest().readUInt32LE(0);
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const index = (size: number) => Math.floor(next() * size);
  const shuffle = <T>(items: readonly T[]): T[] => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = index(i + 1);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  };
  return { next, index, shuffle };
}
