import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetProviderSlots } from '../src/fleet-provider-slots.ts';
import { connectRedis, RedisUnreachableError } from '../src/redis-url.ts';
import { freePort, type RedisServer, startRedisServer } from './redis-server.ts';

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('fleet provider slots', () => {
  it('two processes worth of clients never hold more than the limit together', async () => {
    const a = await connectRedis(server.url);
    const b = await connectRedis(server.url);
    const limits = { gpu: 2 };
    const slotsA = new FleetProviderSlots(a, { prefix: 'adloom:t1', limits });
    const slotsB = new FleetProviderSlots(b, { prefix: 'adloom:t1', limits });
    let now = 0;
    let most = 0;
    const hold = async (slots: FleetProviderSlots) => {
      const slot = slots.slot('gpu');
      if (!slot) throw new Error('gpu has a limit');
      await slot.acquire(new AbortController().signal);
      most = Math.max(most, ++now);
      await sleep(20);
      now--;
      slot.release();
    };
    await Promise.all(Array.from({ length: 10 }, (_, i) => hold(i % 2 ? slotsA : slotsB)));
    expect(most).toBe(2);
    expect(slotsA.slot('cpu')).toBeUndefined();
    a.disconnect();
    b.disconnect();
  });

  it('a holder that dies without giving its slot back loses it when its lease runs out', async () => {
    const dead = await connectRedis(server.url);
    const alive = await connectRedis(server.url);
    const taken = new FleetProviderSlots(dead, { prefix: 'adloom:t2', limits: { gpu: 1 }, leaseMs: 300 });
    await taken.slot('gpu')?.acquire(new AbortController().signal);
    dead.disconnect(); // gone without release: no renewal reaches Redis
    const waiting = new FleetProviderSlots(alive, { prefix: 'adloom:t2', limits: { gpu: 1 }, leaseMs: 300 });
    const slot = waiting.slot('gpu');
    let got = false;
    const acquired = slot?.acquire(new AbortController().signal).then(() => {
      got = true;
    });
    await sleep(100);
    expect(got).toBe(false);
    await acquired;
    expect(got).toBe(true);
    slot?.release();
    alive.disconnect();
  });

  it('a wait for a slot ends when its signal aborts', async () => {
    const redis = await connectRedis(server.url);
    const slots = new FleetProviderSlots(redis, { prefix: 'adloom:t3', limits: { gpu: 1 } });
    const first = slots.slot('gpu');
    await first?.acquire(new AbortController().signal);
    const controller = new AbortController();
    const second = slots.slot('gpu')?.acquire(controller.signal);
    controller.abort(new Error('stop waiting'));
    await expect(second).rejects.toThrow('stop waiting');
    first?.release();
    redis.disconnect();
  });
});

describe('fleet provider rates', () => {
  it('no more runs start in any window than the rate allows, across clients', async () => {
    const a = await connectRedis(server.url);
    const b = await connectRedis(server.url);
    const rates = { api: { max: 3, perMs: 300 } };
    const clients = [
      new FleetProviderSlots(a, { prefix: 'adloom:r1', limits: {}, rates }),
      new FleetProviderSlots(b, { prefix: 'adloom:r1', limits: {}, rates }),
    ];
    const startedAt: number[] = [];
    await Promise.all(
      Array.from({ length: 9 }, async (_, i) => {
        const slot = clients[i % 2]?.slot('api');
        await slot?.acquire(new AbortController().signal);
        // Redis's clock, the one the windows are kept on.
        const [seconds, micros] = (await a.time()) as [number, number];
        startedAt.push(Number(seconds) * 1000 + Math.floor(Number(micros) / 1000));
        slot?.release();
      }),
    );
    startedAt.sort((x, y) => x - y);
    expect(startedAt).toHaveLength(9);
    // Any four starts span about a window: the fourth waited for the first to age out. Times
    // are read just after each start, so a few ms of the round trip may fall on either side;
    // without the rate all nine start within a few ms.
    for (let i = 0; i + 3 < startedAt.length; i++) {
      expect((startedAt[i + 3] as number) - (startedAt[i] as number)).toBeGreaterThanOrEqual(280);
    }
    a.disconnect();
    b.disconnect();
  });
});

describe('connectRedis', () => {
  it('says which address it could not reach, without the password', async () => {
    const port = await freePort();
    const attempt = connectRedis(`redis://:secret@127.0.0.1:${port}`);
    await expect(attempt).rejects.toBeInstanceOf(RedisUnreachableError);
    await expect(attempt).rejects.toThrow(`cannot reach Redis at redis://:***@127.0.0.1:${port}`);
    await expect(attempt).rejects.not.toThrow('secret');
  });
});
