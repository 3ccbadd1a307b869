import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultProviderLimits } from '@adloom/engine';
import { connectRedis, DEFAULT_QUEUE, type ProviderRate, REDIS_UNREACHABLE, redactRedisUrl, startRunWorker } from '@adloom/queue';
import { loadRegistry } from './load-registry.ts';
import type { Io } from './main.ts';
import { EXIT, UsageError } from './usage-error.ts';

/** `--redis`, else `ADLOOM_REDIS_URL`, else a Redis on this machine. */
export function redisUrlOf(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const url = flag ?? env.ADLOOM_REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (!/^rediss?:\/\//.test(url))
    throw new UsageError(`--redis must be a redis:// or rediss:// URL, got "${redactRedisUrl(url)}"`);
  return url;
}

/** A whole number of at least `min`, or a usage error naming the flag. */
export function wholeNumber(flag: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} must be a whole number of at least ${min}, got "${text}"`);
  return n;
}

/** Runs `fn`; Redis out of reach is a usage problem (exit 2) with the address in words. */
export async function withRedis(io: Io, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (error) {
    if ((error as { code?: string }).code === REDIS_UNREACHABLE) {
      io.stderr.write(`adloom: ${(error as Error).message}\n`);
      return EXIT.invalid;
    }
    throw error;
  }
}

/**
 * Whether Redis answers, said before the slow part of a command (loading the node packs): a
 * queue out of reach is reported at once, with exit 2.
 */
export async function reachRedis(io: Io, url: string): Promise<number> {
  return withRedis(io, async () => {
    (await connectRedis(url)).disconnect();
    return EXIT.ok;
  });
}

/**
 * Fleet-wide limits: the providers a whole fleet shares (a GPU server, an API account), not
 * the local ones (ffmpeg uses this machine's cores); `--provider-limit NAME=N` adds or overrides.
 */
function fleetLimitsOf(flags: readonly string[]): Record<string, number> {
  const { ffmpeg: _local, ...shared } = defaultProviderLimits();
  const limits: Record<string, number> = { ...shared };
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    const name = flag.slice(0, eq);
    if (eq <= 0) throw new UsageError(`--provider-limit "${flag}" must look like name=number, e.g. openai=4`);
    limits[name] = wholeNumber(`--provider-limit ${name}`, flag.slice(eq + 1), 1) as number;
  }
  return limits;
}

/** `--provider-rate NAME=N/SECONDS`: at most N runs of the provider started in any SECONDS, fleet-wide. */
function fleetRatesOf(flags: readonly string[]): Record<string, ProviderRate> {
  const rates: Record<string, ProviderRate> = {};
  for (const flag of flags) {
    const match = /^([^=]+)=(\d+)\/(\d+(?:\.\d+)?)$/.exec(flag);
    const max = Number(match?.[2]);
    const seconds = Number(match?.[3]);
    if (!match || max < 1 || !(seconds > 0)) {
      throw new UsageError(`--provider-rate "${flag}" must look like name=count/seconds, e.g. openai=500/60`);
    }
    rates[match[1] as string] = { max, perMs: seconds * 1000 };
  }
  return rates;
}

/** `adloom worker`: takes run jobs from the queue until SIGTERM, then finishes those in hand. */
export async function workerCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      redis: { type: 'string' },
      concurrency: { type: 'string', default: '1' },
      workspace: { type: 'string', default: '.' },
      queue: { type: 'string', default: DEFAULT_QUEUE },
      'provider-limit': { type: 'string', multiple: true, default: [] },
      'provider-rate': { type: 'string', multiple: true, default: [] },
      'stall-ms': { type: 'string', default: '30000' },
      verbose: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length) throw new UsageError(`worker takes no graph file; unexpected "${positionals.join(' ')}"`);
  const redisUrl = redisUrlOf(values.redis);
  const concurrency = wholeNumber('--concurrency', values.concurrency, 1) as number;
  const stallMs = wholeNumber('--stall-ms', values['stall-ms'], 500) as number;
  const fleetLimits = fleetLimitsOf(values['provider-limit']);
  const fleetRates = fleetRatesOf(values['provider-rate']);
  const workspace = resolve(values.workspace);

  const reachable = await reachRedis(io, redisUrl);
  if (reachable !== EXIT.ok) return reachable;
  return withRedis(io, async () => {
    const registry = await loadRegistry({ workspace });
    const worker = await startRunWorker({
      redisUrl,
      queue: values.queue,
      workspace,
      concurrency,
      registry,
      fleetLimits,
      fleetRates,
      stallMs,
      log: (line) => io.stdout.write(`${line}\n`),
    });
    const limits = [
      ...Object.entries(fleetLimits).map(([name, n]) => `${name}=${n}`),
      ...Object.entries(fleetRates).map(([name, r]) => `${name} ${r.max} per ${r.perMs / 1000} s`),
    ].join(', ');
    io.stdout.write(
      `Worker ${worker.id} ready: queue "${values.queue}" on ${redactRedisUrl(redisUrl)}, ${concurrency} at once, workspace ${workspace}\n` +
        `  fleet provider limits: ${limits}\n`,
    );
    await new Promise<void>((stop) => {
      let asked = 0;
      const onSignal = () => {
        asked++;
        if (asked > 1) process.exit(130);
        io.stdout.write(`Stopping: finishing ${worker.running()} job(s) in hand, taking no new ones (again to quit at once)\n`);
        stop();
      };
      io.signal?.addEventListener('abort', onSignal, { once: true });
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    });
    await worker.close();
    io.stdout.write('Worker stopped\n');
    return EXIT.ok;
  });
}
