import { describe, expect, it } from 'vitest';
import { Semaphore } from '../src/semaphore.ts';
import { graphOf, makeTestKit, makeWorkDir } from './test-kit.ts';

/** A slot kept "elsewhere": a semaphore of one, counting who asked for it. */
function externalSlot(limit: number) {
  const semaphore = new Semaphore(limit);
  const asked: string[] = [];
  let held = 0;
  return {
    asked,
    held: () => held,
    slots: (provider: string) =>
      provider === 'remote'
        ? {
            acquire: async (signal: AbortSignal) => {
              asked.push(provider);
              if (signal.aborted) throw signal.reason;
              await semaphore.acquire();
              held++;
            },
            release: () => {
              held--;
              semaphore.release();
            },
          }
        : undefined,
  };
}

describe('provider slots held outside the run', () => {
  it('a provider runs within the outside limit even when its own limit would allow more', async () => {
    const kit = makeTestKit();
    const outside = externalSlot(1);
    const graph = graphOf({
      r0: ['test.delay', { ms: 30, provider: 'remote' }],
      r1: ['test.delay', { ms: 30, provider: 'remote' }],
      r2: ['test.delay', { ms: 30, provider: 'remote' }],
      l0: ['test.delay', { ms: 30 }],
    });
    const result = await kit.run(graph, await makeWorkDir(), { providerLimits: { remote: 3 }, providerSlots: outside.slots });
    expect(result.status).toBe('succeeded');
    expect(kit.running.byProvider.get('remote')?.max).toBe(1);
    expect(outside.asked).toEqual(['remote', 'remote', 'remote']);
    expect(outside.held()).toBe(0);
  });

  it('a cancelled run gives back every outside slot, held or waited for', async () => {
    const kit = makeTestKit();
    const outside = externalSlot(1);
    const controller = new AbortController();
    const graph = graphOf({
      r0: ['test.delay', { ms: 5_000, provider: 'remote' }],
      r1: ['test.delay', { ms: 5_000, provider: 'remote' }],
    });
    const result = await kit.run(graph, await makeWorkDir(), {
      providerSlots: outside.slots,
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'node.started') controller.abort();
      },
    });
    expect(result.status).toBe('cancelled');
    expect(outside.held()).toBe(0);
  });
});
