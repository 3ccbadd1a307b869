import { describe, expect, it } from 'vitest';
import { graphOf, makeTestKit, makeWorkDir } from './test-kit.ts';

/** a → b → c (counters), with b bypassed as the editor marks it. */
const bypassedChain = () => {
  const graph = graphOf({ a: ['test.counter'], b: ['test.counter'], c: ['test.counter'] }, ['a.out -> b.in', 'b.out -> c.in']);
  graph.nodes.b = { type: 'test.counter', ui: { x: 0, y: 0, bypass: true } };
  return graph;
};

describe('[graph.B1] bypassed nodes in a run', () => {
  it('are passed over in a run a host has already validated, and named in the manifest', async () => {
    const kit = makeTestKit();
    const { manifest, outputs } = await kit.run(bypassedChain(), await makeWorkDir(), { validated: true });
    expect(kit.calls).toEqual(['a', 'c']);
    expect(outputs.get('c')?.out).toBe('a>c');
    expect(manifest).toMatchObject({ status: 'succeeded', bypassed: ['b'] });
  });

  it('leave an --only target that is bypassed out, and run what it needs', async () => {
    const kit = makeTestKit();
    const { manifest } = await kit.run(bypassedChain(), await makeWorkDir(), { only: ['b', 'c'] });
    expect(kit.calls).toEqual(['a', 'c']);
    expect(Object.keys(manifest.nodes).sort()).toEqual(['a', 'c']);
  });
});
