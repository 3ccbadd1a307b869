import { describe, expect, it } from 'vitest';
import { eventsOf, graphOf, makeTestKit, makeWorkDir, wait } from './test-kit.ts';

describe('lists', () => {
  it('maps a node over a list that reaches a single input, keeping each item’s lineage', async () => {
    const kit = makeTestKit();
    const graph = graphOf({ copy: ['test.list', { items: ['Run far', 'Run fast', 'Run free'] }], ad: ['test.counter'] }, [
      'copy.items -> ad.in',
    ]);
    const result = await kit.run(graph, await makeWorkDir());
    expect(result.status).toBe('succeeded');
    expect(result.outputs.get('ad')).toEqual({ out: ['Run far>ad', 'Run fast>ad', 'Run free>ad'] });
    expect(kit.calls.filter((c) => c.startsWith('ad')).sort()).toEqual(['ad@copy[0]', 'ad@copy[1]', 'ad@copy[2]']);
    const started = eventsOf(result.events, 'node.started').filter((e) => e.nodeId === 'ad');
    expect(started.map((e) => e.item).sort((a, b) => (a?.index ?? 0) - (b?.index ?? 0))).toEqual([
      { index: 0, count: 3, key: 'copy[0]' },
      { index: 1, count: 3, key: 'copy[1]' },
      { index: 2, count: 3, key: 'copy[2]' },
    ]);
    expect(result.manifest.nodes.ad?.outputs).toEqual({ out: ['Run far>ad', 'Run fast>ad', 'Run free>ad'] });
  });

  it('names mapped artifacts by lineage in the run folder and the manifest', async () => {
    const kit = makeTestKit();
    const graph = graphOf({ copy: ['test.list', { items: ['a', 'b'] }], card: ['test.file', { text: 'card ' }] }, [
      'copy.items -> card.in',
    ]);
    const result = await kit.run(graph, await makeWorkDir());
    const cards = result.manifest.artifacts.filter((a) => a.node === 'card');
    expect(cards.map((a) => [a.file, a.lineageKey, a.lineage])).toEqual([
      ['card/file-copy0.txt', 'copy[0]', { copy: 0 }],
      ['card/file-copy1.txt', 'copy[1]', { copy: 1 }],
    ]);
  });

  it('zips two mapped lists of the same length by position', async () => {
    const kit = makeTestKit();
    const graph = graphOf(
      {
        headlines: ['test.list', { items: ['H1', 'H2'] }],
        images: ['test.list', { items: ['I1', 'I2'] }],
        ad: ['test.pair'],
      },
      ['headlines.items -> ad.a', 'images.items -> ad.b'],
    );
    const result = await kit.run(graph, await makeWorkDir());
    expect(result.outputs.get('ad')).toEqual({ out: ['H1+I1', 'H2+I2'] });
    const keys = eventsOf(result.events, 'node.started')
      .filter((e) => e.nodeId === 'ad')
      .map((e) => e.item?.key)
      .sort();
    expect(keys).toEqual(['headlines[0]/images[0]', 'headlines[1]/images[1]']);
  });

  it('fails a node whose mapped lists differ in length, naming both inputs', async () => {
    const kit = makeTestKit();
    const graph = graphOf(
      {
        headlines: ['test.list', { items: ['H1', 'H2'] }],
        images: ['test.list', { items: ['I1', 'I2', 'I3'] }],
        ad: ['test.pair'],
        page: ['test.counter'],
      },
      ['headlines.items -> ad.a', 'images.items -> ad.b', 'ad.out -> page.in'],
    );
    const result = await kit.run(graph, await makeWorkDir());
    expect(result.status).toBe('failed');
    const error = result.manifest.nodes.ad?.error;
    expect(error?.message).toContain('input "a" gets 2 items from "headlines.items"');
    expect(error?.message).toContain('input "b" gets 3 from "images.items"');
    expect(result.manifest.nodes.page?.status).toBe('skipped');
    expect(kit.calls.some((c) => c.startsWith('ad'))).toBe(false);
  });

  it('flattens the list output of a mapped node, with nested lineage', async () => {
    const kit = makeTestKit();
    const graph = graphOf({ copy: ['test.list', { items: ['x', 'y'] }], variants: ['test.split'], card: ['test.file'] }, [
      'copy.items -> variants.in',
      'variants.parts -> card.in',
    ]);
    const result = await kit.run(graph, await makeWorkDir());
    expect(result.outputs.get('variants')).toEqual({ parts: ['x-a', 'x-b', 'y-a', 'y-b'] });
    const cards = result.manifest.artifacts.filter((a) => a.node === 'card');
    expect(cards.map((a) => [a.lineageKey, a.file])).toEqual([
      ['copy[0]/variants[0]', 'card/file-copy0-variants0.txt'],
      ['copy[0]/variants[1]', 'card/file-copy0-variants1.txt'],
      ['copy[1]/variants[0]', 'card/file-copy1-variants0.txt'],
      ['copy[1]/variants[1]', 'card/file-copy1-variants1.txt'],
    ]);
    expect(cards[3]?.lineage).toEqual({ copy: 1, variants: 1 });
  });

  it('gives a list input the whole list in one run', async () => {
    const kit = makeTestKit();
    const graph = graphOf({ copy: ['test.list', { items: ['a', 'b', 'c'] }], all: ['test.collect'] }, [
      'copy.items -> all.items',
    ]);
    const result = await kit.run(graph, await makeWorkDir());
    expect(kit.calls.filter((c) => c.startsWith('all'))).toEqual(['all']);
    expect(result.outputs.get('all')).toEqual({ out: ['a', 'b', 'c'] });
  });

  it('gives a list input the items of every edge into it, in edge order, and a single value as a list of one', async () => {
    const kit = makeTestKit();
    const graph = graphOf(
      { one: ['test.value', { value: 'solo' }], many: ['test.list', { items: [1, 2] }], all: ['test.collect'] },
      ['many.items -> all.items', 'one.out -> all.items'],
    );
    const result = await kit.run(graph, await makeWorkDir());
    expect(result.outputs.get('all')).toEqual({ out: [1, 2, 'solo'] });
  });

  it('maps over an empty list without running the node', async () => {
    const kit = makeTestKit();
    const graph = graphOf({ copy: ['test.list', { items: [] }], ad: ['test.counter'], all: ['test.collect'] }, [
      'copy.items -> ad.in',
      'ad.out -> all.items',
    ]);
    const result = await kit.run(graph, await makeWorkDir());
    expect(result.status).toBe('succeeded');
    expect(result.outputs.get('ad')).toEqual({ out: [] });
    expect(result.outputs.get('all')).toEqual({ out: [] });
    expect(kit.calls).toEqual(['copy', 'all']);
  });

  it('fails the whole node when one item fails, and stops its siblings', async () => {
    const kit = makeTestKit();
    const graph = graphOf({ copy: ['test.list', { items: [1, 2, 3, 4] }], ad: ['test.fail'] }, ['copy.items -> ad.in']);
    const result = await kit.run(graph, await makeWorkDir(), { concurrency: 1, cache: false });
    expect(result.status).toBe('failed');
    expect(result.manifest.nodes.ad?.status).toBe('failed');
    // Only the first item ran: the others were waiting for the one slot and were called off,
    // and do not start later behind the run's back either.
    await wait(30);
    expect(kit.calls.filter((c) => c.startsWith('ad'))).toEqual(['ad@copy[0]']);
    expect(result.events.at(-1)?.type).toBe('run.finished');
  });
});
