import { randomUUID } from 'node:crypto';
import type { ProviderSlot } from '@adloom/engine';
import type { Redis } from 'ioredis';

// Leases in a sorted set scored by their expiry on Redis's own clock (machines' clocks differ).
// Expired leases, a killed worker's, are dropped before counting: no slot stays held by the dead.
// A rate limit is a second sorted set of the times slots were taken, over a sliding window.
// Both are taken together or not at all: 0 taken, -1 wait for a lease, N wait N ms for the window.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit, leaseMs, id = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
local rateMax, perMs = tonumber(ARGV[4]), tonumber(ARGV[5])
if limit >= 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
  if redis.call('ZCARD', KEYS[1]) >= limit then return -1 end
end
if rateMax >= 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - perMs)
  if redis.call('ZCARD', KEYS[2]) >= rateMax then
    local oldest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
    return math.max(1, tonumber(oldest[2]) + perMs - now)
  end
  redis.call('ZADD', KEYS[2], now, id)
  redis.call('PEXPIRE', KEYS[2], perMs * 2)
end
if limit >= 0 then
  redis.call('ZADD', KEYS[1], now + leaseMs, id)
  redis.call('PEXPIRE', KEYS[1], leaseMs * 2)
end
return 0`;

const RENEW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local kept = redis.call('ZADD', KEYS[1], 'XX', 'CH', now + tonumber(ARGV[1]), ARGV[2])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1]) * 2)
return kept`;

/** At most `max` slots taken in any `perMs` window. */
export interface ProviderRate {
  max: number;
  perMs: number;
}

export interface FleetProviderSlotsOptions {
  /** Key prefix, one per queue: `adloom:<queue>`. */
  prefix: string;
  /** Most runs at once per provider across every worker. */
  limits: Record<string, number>;
  /** Most runs started per window per provider across every worker (requests per minute, say). */
  rates?: Record<string, ProviderRate>;
  /** How long a lease lives without renewal: a dead worker's slots come back after this. */
  leaseMs?: number;
  /** Redis failed while a slot was taken, renewed or given back. */
  onError?: (error: Error) => void;
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Provider limits held in Redis for a whole fleet of workers: a slot is a lease that its
 * holder renews while the node runs, so the limit holds across machines and a worker killed
 * mid-node gives its slot back when the lease runs out. A rate (runs started per window)
 * holds across the fleet the same way.
 */
export class FleetProviderSlots {
  private readonly redis: Redis;
  private readonly options: FleetProviderSlotsOptions;
  private readonly leaseMs: number;

  constructor(redis: Redis, options: FleetProviderSlotsOptions) {
    this.redis = redis;
    this.options = options;
    this.leaseMs = options.leaseMs ?? 30_000;
  }

  /** The fleet-wide slot for a provider, or none when the provider has no fleet limit or rate. */
  slot(provider: string): ProviderSlot | undefined {
    const limit = this.options.limits[provider];
    const rate = this.options.rates?.[provider];
    if (limit === undefined && rate === undefined) return undefined;
    const key = `${this.options.prefix}:provider:${provider}`;
    const rateKey = `${key}:rate`;
    let lease: string | undefined;
    let renewal: NodeJS.Timeout | undefined;
    return {
      acquire: async (signal) => {
        const id = randomUUID();
        for (let wait = 10; ; wait = Math.min(250, wait * 2)) {
          if (signal.aborted) throw signal.reason;
          const answer = Number(
            await this.redis.eval(ACQUIRE, 2, key, rateKey, limit ?? -1, this.leaseMs, id, rate?.max ?? -1, rate?.perMs ?? 0),
          );
          if (answer === 0) break;
          await pause(answer > 0 ? answer : wait * (0.5 + Math.random()), signal);
        }
        if (limit === undefined) return;
        lease = id;
        renewal = setInterval(() => {
          this.redis.eval(RENEW, 1, key, this.leaseMs, id).catch((error: Error) => this.options.onError?.(error));
        }, this.leaseMs / 3);
        renewal.unref();
      },
      release: () => {
        clearInterval(renewal);
        const held = lease;
        lease = undefined;
        if (held) this.redis.zrem(key, held).catch((error: Error) => this.options.onError?.(error));
      },
    };
  }
}
