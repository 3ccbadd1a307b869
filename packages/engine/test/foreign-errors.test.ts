import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineNode, NodeRegistry, runGraph } from '../src/index.ts';
import { graphOf, makeWorkDir } from './test-kit.ts';

/** The SDK's errors as a pack with its own copy of @adloom/sdk would throw them. */
const foreign = (await import(
  // @ts-expect-error: the query string makes the module loader give a second copy; its types are the first's
  '../../sdk/src/node-error.ts?pack-copy=2'
)) as typeof import('../../sdk/src/node-error.ts');

describe("a pack's own copy of the SDK", () => {
  it('keeps its errors’ meaning: a transient one is retried, a failure keeps its param', async () => {
    let attempts = 0;
    const flaky = defineNode({
      type: 'pack.flaky',
      version: 1,
      title: 'Flaky',
      category: 'Test',
      description: 'Rate limited once, then refuses its param.',
      outputs: [{ name: 'out', type: 'json' }],
      params: z.object({}),
      run() {
        attempts++;
        if (attempts === 1) throw new foreign.TransientError('429 slow down');
        throw new foreign.NodeError('count must be at most 10', { param: 'count' });
      },
    });
    const result = await runGraph(graphOf({ f: ['pack.flaky', {}] }), {
      registry: new NodeRegistry([{ name: 'pack', nodes: [flaky] }]),
      workDir: await makeWorkDir(),
      retry: { baseDelayMs: 1, maxDelayMs: 2 },
    });
    expect(attempts).toBe(2);
    expect(result.nodes.get('f')).toMatchObject({
      status: 'failed',
      error: { message: 'count must be at most 10', param: 'count' },
    });
  });
});
