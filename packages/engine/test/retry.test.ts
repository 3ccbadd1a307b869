import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../src/index.ts';
import { eventsOf, graphOf, makeTestKit, makeWorkDir } from './test-kit.ts';

describe('retries', () => {
  it('retries a transient error with backoff and succeeds', async () => {
    const kit = makeTestKit();
    const result = await kit.run(graphOf({ copy: ['test.flaky', { failures: 2 }] }), await makeWorkDir(), {
      retry: { baseDelayMs: 20, maxDelayMs: 1_000 },
    });
    expect(result.status).toBe('succeeded');
    expect(result.outputs.get('copy')).toEqual({ out: 'ok after 3' });
    expect(result.manifest.nodes.copy).toMatchObject({ status: 'succeeded', attempts: 3 });
    const started = eventsOf(result.events, 'node.started').map((e) => e.attempt);
    expect(started).toEqual([1, 2, 3]);
    const notes = eventsOf(result.events, 'node.progress').map((e) => e.message);
    expect(notes).toEqual([
      expect.stringMatching(/busy \(429\) on attempt 1; retrying in [\d.]+ s \(attempt 2 of 3\)/),
      expect.stringMatching(/attempt 3 of 3/),
    ]);
    // Backoff doubles from the base delay, with jitter of up to half of it.
    const [t1, t2, t3] = kit.flakyTimes.get('copy') as [number, number, number];
    expect(t2 - t1).toBeGreaterThanOrEqual(9);
    expect(t3 - t2).toBeGreaterThanOrEqual(19);
  });

  it('waits as long as the provider asked with Retry-After', async () => {
    const kit = makeTestKit();
    const result = await kit.run(graphOf({ copy: ['test.flaky', { failures: 1, retryAfterMs: 120 }] }), await makeWorkDir(), {
      retry: { baseDelayMs: 1 },
    });
    expect(result.status).toBe('succeeded');
    const [t1, t2] = kit.flakyTimes.get('copy') as [number, number];
    expect(t2 - t1).toBeGreaterThanOrEqual(115);
  });

  it('gives up after maxAttempts with a message that says so', async () => {
    const kit = makeTestKit();
    const result = await kit.run(graphOf({ copy: ['test.flaky', { failures: 10 }] }), await makeWorkDir(), {
      retry: { baseDelayMs: 1 },
    });
    expect(result.status).toBe('failed');
    expect(kit.flakyAttempts.get('copy')).toBe(3);
    expect(result.manifest.nodes.copy).toMatchObject({
      status: 'failed',
      attempts: 3,
      error: { message: 'the provider is busy (429) on attempt 3 (gave up after 3 attempts)' },
    });
    expect(eventsOf(result.events, 'node.failed')[0]).toMatchObject({ nodeId: 'copy', attempts: 3 });
  });

  it('does not retry an error that is not transient', async () => {
    const kit = makeTestKit();
    const result = await kit.run(graphOf({ copy: ['test.fail'] }), await makeWorkDir(), { retry: { baseDelayMs: 1 } });
    expect(kit.calls).toEqual(['copy']);
    expect(result.manifest.nodes.copy).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('fails a node that takes longer than its time limit, saying so', async () => {
    const kit = makeTestKit();
    const graph = graphOf({ slow: ['test.delay', { ms: 5_000, ignoreSignal: true }], next: ['test.counter'] }, [
      'slow.out -> next.in',
    ]);
    const t0 = performance.now();
    const result = await kit.run(graph, await makeWorkDir(), { nodeTimeoutMs: 50 });
    expect(performance.now() - t0).toBeLessThan(2_000);
    expect(result.status).toBe('failed');
    expect(result.manifest.nodes.slow?.status).toBe('failed');
    expect(result.manifest.nodes.slow?.error?.message).toMatch(/took longer than its 0\.05 s time limit/);
    expect(result.manifest.nodes.next?.status).toBe('skipped');
  });

  it('reads Retry-After as seconds or as a date', () => {
    expect(parseRetryAfter('2')).toBe(2_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
