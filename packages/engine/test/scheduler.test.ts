import { describe, expect, it } from 'vitest';
import { eventsOf, graphOf, makeTestKit, makeWorkDir } from './test-kit.ts';

/** `count` independent delay nodes named `<prefix>0..`, with the same params. */
function delays(prefix: string, count: number, params: Record<string, unknown>) {
  return Object.fromEntries(
    Array.from({ length: count }, (_, i) => [`${prefix}${i}`, ['test.delay', params] as [string, Record<string, unknown>]]),
  );
}

describe('scheduler', () => {
  it('runs independent nodes at once, never more than `concurrency`', async () => {
    const kit = makeTestKit();
    const result = await kit.run(graphOf(delays('d', 7, { ms: 40 })), await makeWorkDir(), { concurrency: 3 });
    expect(result.status).toBe('succeeded');
    expect(kit.running.max).toBe(3);
    expect(kit.calls).toHaveLength(7);
  });

  it('runs one at a time with concurrency 1', async () => {
    const kit = makeTestKit();
    await kit.run(graphOf(delays('d', 4, { ms: 10 })), await makeWorkDir(), { concurrency: 1 });
    expect(kit.running.max).toBe(1);
  });

  it('holds a provider to its limit while other nodes go on', async () => {
    const kit = makeTestKit();
    const graph = graphOf({ ...delays('ai', 5, { ms: 40, provider: 'openai' }), ...delays('local', 3, { ms: 40 }) });
    const result = await kit.run(graph, await makeWorkDir(), { concurrency: 8, providerLimits: { openai: 2 } });
    expect(result.status).toBe('succeeded');
    expect(kit.running.byProvider.get('openai')?.max).toBe(2);
    expect(kit.running.byProvider.get('')?.max).toBe(3);
    expect(kit.running.max).toBe(5);
  });

  it('does not let nodes waiting for a busy provider take the slots others could use', async () => {
    const kit = makeTestKit();
    // Graph order puts the provider's nodes first, so they queue for slots first.
    const graph = graphOf({ ...delays('ai', 3, { ms: 40, provider: 'slow' }), ...delays('local', 2, { ms: 40 }) });
    const result = await kit.run(graph, await makeWorkDir(), { concurrency: 3, providerLimits: { slow: 1 } });
    expect(kit.running.byProvider.get('slow')?.max).toBe(1);
    // The local nodes start at once, in the slots the queued `slow` nodes could not use yet.
    const types = result.events.map((e) => ('nodeId' in e ? `${e.type} ${e.nodeId}` : e.type));
    const firstFinish = types.indexOf('node.finished ai0');
    expect(types.indexOf('node.started local0')).toBeLessThan(firstFinish);
    expect(types.indexOf('node.started local1')).toBeLessThan(firstFinish);
    expect(kit.running.max).toBe(3);
  });

  it('with `only`, runs the targets and what they need, and nothing else', async () => {
    const kit = makeTestKit();
    const graph = graphOf(
      { a: ['test.counter'], b: ['test.counter'], c: ['test.counter'], x: ['test.counter'], y: ['test.counter'] },
      ['a.out -> b.in', 'b.out -> c.in', 'x.out -> y.in'],
    );
    const result = await kit.run(graph, await makeWorkDir(), { only: ['b'] });
    expect(result.status).toBe('succeeded');
    expect(kit.calls).toEqual(['a', 'b']);
    expect(Object.keys(result.manifest.nodes).sort()).toEqual(['a', 'b']);
    expect(result.outputs.get('b')).toEqual({ out: 'a>b' });
    expect(result.events[0]).toMatchObject({ type: 'run.started', nodes: ['a', 'b'] });
  });

  it('skips what a failed node feeds, and finishes the branches that do not need it', async () => {
    const kit = makeTestKit();
    const graph = graphOf(
      {
        brief: ['test.fail', { message: 'the brief is empty' }],
        copy: ['test.counter'],
        page: ['test.counter'],
        logo: ['test.delay', { ms: 30 }],
        resized: ['test.counter'],
      },
      ['brief.out -> copy.in', 'copy.out -> page.in', 'logo.out -> resized.in'],
    );
    const result = await kit.run(graph, await makeWorkDir());
    expect(result.status).toBe('failed');
    const nodes = result.manifest.nodes;
    expect(nodes.brief).toMatchObject({ status: 'failed', error: { message: 'the brief is empty', param: 'message' } });
    expect(nodes.copy).toMatchObject({ status: 'skipped', error: { message: 'skipped: "brief" failed' } });
    expect(nodes.page).toMatchObject({ status: 'skipped', error: { message: 'skipped: "copy" was skipped' } });
    expect(nodes.logo?.status).toBe('succeeded');
    expect(nodes.resized?.status).toBe('succeeded');
    expect(result.outputs.get('resized')).toEqual({ out: 'logo>resized' });
    expect(kit.calls).not.toContain('copy');
    expect(eventsOf(result.events, 'node.failed')).toEqual([
      expect.objectContaining({ nodeId: 'brief', error: { message: 'the brief is empty', param: 'message' }, attempts: 1 }),
    ]);
    expect(eventsOf(result.events, 'node.skipped').map((e) => e.nodeId)).toEqual(['copy', 'page']);
  });

  it('skips a node with two inputs once when one fails, and never starts it when the other finishes', async () => {
    const kit = makeTestKit();
    const graph = graphOf({ bad: ['test.fail'], slow: ['test.delay', { ms: 30 }], both: ['test.pair'] }, [
      'bad.out -> both.a',
      'slow.out -> both.b',
    ]);
    const result = await kit.run(graph, await makeWorkDir());
    expect(result.manifest.nodes.both?.status).toBe('skipped');
    expect(result.manifest.nodes.slow?.status).toBe('succeeded');
    expect(eventsOf(result.events, 'node.skipped')).toHaveLength(1);
    expect(kit.calls).not.toContain('both');
  });

  it('records every status in the manifest, with node outputs', async () => {
    const kit = makeTestKit();
    const graph = graphOf({ a: ['test.value', { value: 'spring' }], b: ['test.counter'] }, ['a.out -> b.in']);
    const result = await kit.run(graph, await makeWorkDir());
    expect(result.manifest).toMatchObject({
      adloomManifest: 1,
      runId: result.runId,
      status: 'succeeded',
      graph: { name: 'test graph' },
      nodes: {
        a: { status: 'succeeded', cached: false, attempts: 1, outputs: { out: 'spring' } },
        b: { status: 'succeeded', cached: false, attempts: 1, outputs: { out: 'spring>b' } },
      },
    });
    expect(result.manifest.graph.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('runs a chain of 10,000 nodes without running out of stack', async () => {
    const kit = makeTestKit();
    const nodes: Record<string, [string]> = {};
    const edges: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      nodes[`n${i}`] = ['test.step'];
      if (i > 0) edges.push(`n${i - 1}.out -> n${i}.in`);
    }
    const result = await kit.run(graphOf(nodes, edges), await makeWorkDir(), { cache: false });
    expect(result.status).toBe('succeeded');
    expect(result.outputs.get('n9999')).toEqual({ out: 10_000 });
    expect(Object.values(result.manifest.nodes).every((n) => n.status === 'succeeded')).toBe(true);
  }, 30_000);

  it('skips all 9,999 nodes after the head of a 10,000-node chain fails', async () => {
    const kit = makeTestKit();
    const nodes: Record<string, [string]> = { n0: ['test.fail'] };
    const edges: string[] = [];
    for (let i = 1; i < 10_000; i++) {
      nodes[`n${i}`] = ['test.step'];
      edges.push(`n${i - 1}.out -> n${i}.in`);
    }
    const result = await kit.run(graphOf(nodes, edges), await makeWorkDir(), { cache: false });
    expect(result.status).toBe('failed');
    expect(eventsOf(result.events, 'node.skipped')).toHaveLength(9_999);
    expect(result.manifest.nodes.n9999?.status).toBe('skipped');
  }, 30_000);
});
