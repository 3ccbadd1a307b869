import { describe, expect, it, vi } from 'vitest';
import { defaultProviderLimits, runGraph } from '../src/index.ts';
import { graphOf, makeTestKit, makeWorkDir } from './test-kit.ts';

describe('run event listeners', () => {
  it('a listener that throws neither stops nor hangs the run, and is reported once', async () => {
    const kit = makeTestKit();
    const graph = graphOf({ a: ['test.counter'], b: ['test.counter'] }, ['a.out -> b.in']);
    const report = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const result = await runGraph(graph, {
        registry: kit.registry,
        workDir: await makeWorkDir(),
        cache: false,
        onEvent: () => {
          throw new Error('the UI went away');
        },
      });
      expect(result.status).toBe('succeeded');
      expect(result.outputs.get('b')).toEqual({ out: 'a>b' });
      expect(report).toHaveBeenCalledTimes(1);
      expect(String(report.mock.calls[0]?.[0])).toContain('the UI went away');
    } finally {
      report.mockRestore();
    }
  });

  it('a host that reuses one signal for many runs does not pile up listeners on it', async () => {
    const kit = makeTestKit();
    const controller = new AbortController();
    const added = vi.spyOn(controller.signal, 'addEventListener');
    const removed = vi.spyOn(controller.signal, 'removeEventListener');
    const workDir = await makeWorkDir();
    for (let i = 0; i < 3; i++) {
      await runGraph(graphOf({ a: ['test.counter'] }), {
        registry: kit.registry,
        workDir,
        cache: false,
        signal: controller.signal,
      });
    }
    expect(added.mock.calls.length).toBe(removed.mock.calls.length);
  });
});

describe('provider limits', () => {
  it('by default a local ComfyUI server gets one image at a time, other providers more', async () => {
    const kit = makeTestKit();
    const nodes: Record<string, [string, Record<string, unknown>]> = {};
    for (let i = 0; i < 3; i++) {
      nodes[`gpu${i}`] = ['test.delay', { ms: 30, provider: 'comfyui' }];
      nodes[`api${i}`] = ['test.delay', { ms: 30, provider: 'openai' }];
    }
    await runGraph(graphOf(nodes), { registry: kit.registry, workDir: await makeWorkDir(), cache: false, concurrency: 8 });
    expect(kit.running.byProvider.get('comfyui')?.max).toBe(1);
    expect(kit.running.byProvider.get('openai')?.max).toBe(3);
    expect(defaultProviderLimits().ffmpeg).toBeGreaterThanOrEqual(1);
  });
});
