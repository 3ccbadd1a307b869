import { Redis } from 'ioredis';

/** A Redis URL fit to print: the password replaced by `***`. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unreadable Redis URL)';
  }
}

/** The code of `RedisUnreachableError`, by which callers in other packages know it. */
export const REDIS_UNREACHABLE = 'ADLOOM_REDIS_UNREACHABLE';

/** Redis cannot be reached: the message names the address and what was tried. */
export class RedisUnreachableError extends Error {
  readonly code = REDIS_UNREACHABLE;

  constructor(url: string, why: string) {
    super(
      `cannot reach Redis at ${redactRedisUrl(url)}: ${why} (start redis-server, or pass --redis URL / set ADLOOM_REDIS_URL)`,
    );
    this.name = 'RedisUnreachableError';
  }
}

/**
 * A connection for the queue, checked with one PING first: ioredis would otherwise retry a
 * dead address forever and a command would hang instead of saying Redis is down.
 */
export async function connectRedis(
  url: string,
  options: { timeoutMs?: number; onError?: (error: Error) => void } = {},
): Promise<Redis> {
  const timeoutMs = options.timeoutMs ?? 3_000;
  let probe: Redis;
  try {
    probe = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null });
  } catch (error) {
    throw new RedisUnreachableError(url, (error as Error).message);
  }
  // The socket's own error (ECONNREFUSED, ENOTFOUND) says more than the "Connection is closed" connect rejects with.
  let socketError: Error | undefined;
  probe.on('error', (error: Error) => {
    socketError ??= error;
  });
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    probe.disconnect();
    throw new RedisUnreachableError(url, (socketError ?? (error as Error)).message || 'no answer');
  }
  probe.disconnect();
  // The lasting connection reconnects on its own when Redis goes away mid-run; BullMQ needs
  // commands to wait for it rather than fail (maxRetriesPerRequest: null).
  const redis = new Redis(url, { maxRetriesPerRequest: null });
  redis.on('error', (error: Error) => options.onError?.(error));
  return redis;
}
