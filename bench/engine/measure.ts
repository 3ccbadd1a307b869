import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// A full collection before each timed run, so no run pays for the garbage of the one before
// (Rivet's, say). `npm run bench` starts node without --expose-gc; this turns it on from inside.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Rounded for printing: timings this noisy need no more. */
export function round(value: number, digits = 3): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** A timed run: wall milliseconds, and the CPU time the process spent (all its threads). */
export interface Sample {
  ms: number;
  cpuMs?: number;
}

/** Times `run` by the wall clock and by the process's CPU time. */
export async function timed(run: () => Promise<unknown>): Promise<Required<Sample>> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await run();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** One thing to time. `once` times itself, so its setup stays out of the numbers. */
export interface Variant {
  name: string;
  once: () => Promise<Sample | number>;
  /** Untimed runs before the first timed one (default 1). */
  warmup?: number;
  /** Timed runs, at most one a round (default: every round). */
  reps?: number;
}

export interface Timing {
  medianMs: number;
  /** Median CPU time, where the variant measures it. */
  cpuMedianMs?: number;
  /** The fastest run: the least disturbed by other work on the machine. */
  bestMs: number;
  runsMs: number[];
}

/**
 * Times variants in rounds, each once a round in an order that rotates, so that load from
 * elsewhere on the machine falls on all of them alike and their ratios hold.
 */
export async function interleave(variants: readonly Variant[], rounds: number): Promise<Map<string, Timing>> {
  const runs = new Map<string, Sample[]>(variants.map((v) => [v.name, []]));
  const warmups = Math.max(...variants.map((v) => v.warmup ?? 1));
  for (let r = -warmups; r < rounds; r++) {
    for (let k = 0; k < variants.length; k++) {
      const variant = variants[(k + Math.max(0, r)) % variants.length] as Variant;
      const samples = runs.get(variant.name) as Sample[];
      if (r < 0) {
        if (r >= -(variant.warmup ?? 1)) await variant.once();
        continue;
      }
      if (samples.length >= (variant.reps ?? rounds)) continue;
      collectGarbage();
      const sample = await variant.once();
      samples.push(typeof sample === 'number' ? { ms: sample } : sample);
    }
  }
  const out = new Map<string, Timing>();
  for (const [name, samples] of runs) {
    const ms = samples.map((s) => s.ms);
    const cpu = samples.flatMap((s) => (s.cpuMs === undefined ? [] : [s.cpuMs]));
    out.set(name, {
      medianMs: ms.length ? median(ms) : Number.NaN,
      ...(cpu.length ? { cpuMedianMs: median(cpu) } : {}),
      bestMs: Math.min(...ms),
      runsMs: ms.map((v) => round(v)),
    });
  }
  return out;
}
