import { mkdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { OutputCache } from '../src/index.ts';
import { eventsOf, graphOf, listFiles, makeTestKit, makeWorkDir } from './test-kit.ts';

const chain = (value: string) =>
  graphOf(
    {
      brief: ['test.value', { value }],
      copy: ['test.counter'],
      card: ['test.file', { text: 'card: ' }],
      logo: ['test.value', { value: 'logo' }],
      logoCard: ['test.counter'],
    },
    ['brief.out -> copy.in', 'copy.out -> card.in', 'logo.out -> logoCard.in'],
  );

/** Sets a file's access and modification time to `secondsAgo` in the past. */
async function age(path: string, secondsAgo: number): Promise<void> {
  const when = new Date(Date.now() - secondsAgo * 1000);
  await utimes(path, when, when);
}

describe('output cache', () => {
  it('serves a second identical run entirely from the cache, across cache instances', async () => {
    const kit = makeTestKit();
    const workDir = await makeWorkDir();
    const first = await kit.run(chain('trail shoes'), workDir);
    expect(kit.calls).toHaveLength(5);
    // No cache object: each run opens the disk cache afresh, as a new process would.
    const second = await kit.run(chain('trail shoes'), workDir);
    expect(kit.calls).toHaveLength(5);
    expect(second.status).toBe('succeeded');
    expect(
      eventsOf(second.events, 'node.cached')
        .map((e) => e.nodeId)
        .sort(),
    ).toEqual(['brief', 'card', 'copy', 'logo', 'logoCard']);
    for (const node of Object.values(second.manifest.nodes)) expect(node).toMatchObject({ status: 'cached', cached: true });
    expect(eventsOf(second.events, 'node.finished').every((e) => e.cached)).toBe(true);
    expect(second.outputs).toEqual(first.outputs);
    // The cached artifact still lands in the new run's folder.
    expect(await readFile(join(second.outDir, 'card/file.txt'), 'utf8')).toBe('card: trail shoes>copy');
  });

  it('recomputes exactly what a changed param reaches', async () => {
    const kit = makeTestKit();
    const workDir = await makeWorkDir();
    await kit.run(chain('trail shoes'), workDir);
    kit.calls.length = 0;
    const result = await kit.run(chain('road shoes'), workDir);
    expect(kit.calls.sort()).toEqual(['brief', 'card', 'copy']);
    expect(result.manifest.nodes.logo?.status).toBe('cached');
    expect(result.manifest.nodes.logoCard?.status).toBe('cached');
    expect(result.manifest.nodes.card?.status).toBe('succeeded');
  });

  it('shares one cache object across runs in a process', async () => {
    const kit = makeTestKit();
    const workDir = await makeWorkDir();
    const cache = new OutputCache({ dir: join(workDir, 'cache') });
    await kit.run(chain('trail shoes'), workDir, { cache });
    await kit.run(chain('trail shoes'), workDir, { cache });
    expect(kit.calls).toHaveLength(5);
  });

  it('bypasses the cache with `cache: false`', async () => {
    const kit = makeTestKit();
    const workDir = await makeWorkDir();
    await kit.run(chain('trail shoes'), workDir);
    const result = await kit.run(chain('trail shoes'), workDir, { cache: false });
    expect(kit.calls).toHaveLength(10);
    expect(eventsOf(result.events, 'node.cached')).toEqual([]);
  });

  it('always reruns a node that is not deterministic, and caches what follows when its output is the same', async () => {
    const kit = makeTestKit();
    const workDir = await makeWorkDir();
    const graph = graphOf(
      { dice: ['test.random'], diceCopy: ['test.counter'], wait: ['test.delay', { ms: 1 }], waitCopy: ['test.counter'] },
      ['dice.out -> diceCopy.in', 'wait.out -> waitCopy.in'],
    );
    await kit.run(graph, workDir);
    kit.calls.length = 0;
    const result = await kit.run(graph, workDir);
    expect(kit.calls.sort()).toEqual(['dice', 'diceCopy', 'wait']);
    expect(result.manifest.nodes.waitCopy?.status).toBe('cached');
    expect(result.outputs.get('dice')).toEqual({ out: 2 });
  });

  it('misses an entry whose artifact file was deleted, and makes the file again', async () => {
    const kit = makeTestKit();
    const workDir = await makeWorkDir();
    const graph = graphOf({ card: ['test.file', { text: 'hello' }] });
    const first = await kit.run(graph, workDir);
    const storePath = (first.outputs.get('card')!.file as { path: string }).path;
    await rm(storePath);
    const second = await kit.run(graph, workDir);
    expect(kit.calls).toEqual(['card', 'card']);
    expect(second.manifest.nodes.card?.status).toBe('succeeded');
    expect(await readFile(storePath, 'utf8')).toBe('hello');
    expect(await readFile(join(second.outDir, 'card/file.txt'), 'utf8')).toBe('hello');
  });

  it('misses a remembered entry whose artifact file was deleted, with a shared cache object', async () => {
    const kit = makeTestKit();
    const workDir = await makeWorkDir();
    const cache = new OutputCache({ dir: join(workDir, 'cache') });
    const graph = graphOf({ card: ['test.file', { text: 'hello' }] });
    const first = await kit.run(graph, workDir, { cache });
    await rm((first.outputs.get('card')!.file as { path: string }).path);
    const second = await kit.run(graph, workDir, { cache });
    expect(second.status).toBe('succeeded');
    expect(kit.calls).toEqual(['card', 'card']);
    expect(await readFile(join(second.outDir, 'card/file.txt'), 'utf8')).toBe('hello');
  });
});

describe('cache size cap', () => {
  /**
   * A cache with three entries on disk, made 300, 200 and 100 seconds ago: `aa01` the least
   * recently used and `cc03` the most. The cache that made them still holds them in memory.
   */
  async function threeEntries() {
    const dir = await makeWorkDir();
    const cache = new OutputCache({ dir: join(dir, 'cache') });
    const ages: [string, number][] = [
      ['aa01', 300],
      ['bb02', 200],
      ['cc03', 100],
    ];
    const now = Date.now();
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      for (const [key, secondsAgo] of ages) {
        vi.setSystemTime(now - secondsAgo * 1000);
        cache.set(key, { text: key.repeat(50) });
      }
    } finally {
      vi.useRealTimers();
    }
    await cache.flush();
    expect(await listFiles(join(dir, 'cache'))).toEqual(['aa/aa01.json', 'bb/bb02.json', 'cc/cc03.json']);
    for (const [key, secondsAgo] of ages) await age(join(dir, `cache/${key.slice(0, 2)}/${key}.json`), secondsAgo);
    const size = (await stat(join(dir, 'cache/aa/aa01.json'))).size;
    return { dir, cache, size };
  }

  it('drops the least recently used entries when over the cap', async () => {
    const { dir, cache, size } = await threeEntries();
    const result = await cache.prune(size * 2);
    expect(result.removedEntries).toBe(1);
    expect(await listFiles(join(dir, 'cache'))).toEqual(['bb/bb02.json', 'cc/cc03.json']);
    const fresh = new OutputCache({ dir: join(dir, 'cache') });
    expect(await fresh.get('aa01')).toBeUndefined();
    expect(await fresh.get('cc03')).toEqual({ text: 'cc03'.repeat(50) });
  });

  it('counts a read from disk as a use', async () => {
    const { dir, size } = await threeEntries();
    const reader = new OutputCache({ dir: join(dir, 'cache') });
    expect(await reader.get('aa01')).toBeDefined();
    await reader.flush();
    await reader.prune(size * 2);
    expect(await listFiles(join(dir, 'cache'))).toEqual(['aa/aa01.json', 'cc/cc03.json']);
  });

  it('counts a hit in memory as a use too', async () => {
    const { dir, cache, size } = await threeEntries();
    // `aa01` is still in this cache's memory: a hit there must keep its file from going first.
    expect(cache.peek('aa01')).toBeDefined();
    await cache.prune(size * 2);
    expect(await listFiles(join(dir, 'cache'))).toEqual(['aa/aa01.json', 'cc/cc03.json']);
  });

  it('tells the disk about hits in memory, so another process prunes the right entries', async () => {
    const { dir, cache, size } = await threeEntries();
    expect(cache.peek('aa01')).toBeDefined();
    await cache.flush();
    await new OutputCache({ dir: join(dir, 'cache') }).prune(size * 2);
    expect(await listFiles(join(dir, 'cache'))).toEqual(['aa/aa01.json', 'cc/cc03.json']);
  });

  it('frees artifact files no entry needs, but never files still being written', async () => {
    const dir = await makeWorkDir();
    const artifactsDir = join(dir, 'artifacts');
    const cache = new OutputCache({ dir: join(dir, 'cache'), artifactsDir });
    const kept = join(artifactsDir, 'ab', 'abc.txt');
    const orphan = join(artifactsDir, 'cd', 'cde.txt');
    const pending = join(artifactsDir, 'tmp', 'writing.mp4');
    for (const path of [kept, orphan, pending]) {
      await mkdir(join(path, '..'), { recursive: true });
      await writeFile(path, 'x'.repeat(1000));
    }
    cache.set('ee01', { image: { kind: 'image', path: kept, mime: 'text/plain', sha256: 'abc', bytes: 1000 } });
    await cache.flush();
    await cache.prune(2500);
    expect(await listFiles(artifactsDir)).toEqual(['ab/abc.txt', 'tmp/writing.mp4']);
    expect(await listFiles(join(dir, 'cache'))).toEqual(['ee/ee01.json']);
  });

  it('removes the files of the entries it drops', async () => {
    const dir = await makeWorkDir();
    const artifactsDir = join(dir, 'artifacts');
    const cache = new OutputCache({ dir: join(dir, 'cache'), artifactsDir });
    const oldFile = join(artifactsDir, 'ab', 'abc.txt');
    const newFile = join(artifactsDir, 'cd', 'cde.txt');
    for (const path of [oldFile, newFile]) {
      await mkdir(join(path, '..'), { recursive: true });
      await writeFile(path, 'x'.repeat(1000));
    }
    const ref = (path: string, sha: string) => ({ kind: 'image', path, mime: 'text/plain', sha256: sha, bytes: 1000 });
    cache.set('aa01', { image: ref(oldFile, 'abc') });
    cache.set('bb02', { image: ref(newFile, 'cde') });
    await cache.flush();
    await age(join(dir, 'cache/aa/aa01.json'), 100);
    await cache.prune(1500);
    expect(await listFiles(artifactsDir)).toEqual(['cd/cde.txt']);
    expect(await listFiles(join(dir, 'cache'))).toEqual(['bb/bb02.json']);
    expect(cache.peek('aa01')).toBeUndefined();
  });

  it('prunes past an unreadable entry instead of failing', async () => {
    const { dir, cache, size } = await threeEntries();
    await writeFile(join(dir, 'cache/aa/aa01.json'), '{"key": "aa01", "outp');
    await age(join(dir, 'cache/aa/aa01.json'), 300);
    await expect(cache.prune(size * 2)).resolves.toEqual({ removedEntries: 1 });
    expect(await listFiles(join(dir, 'cache'))).toEqual(['bb/bb02.json', 'cc/cc03.json']);
  });

  it('keeps the disk cache under `cacheMaxBytes` after a run', async () => {
    const kit = makeTestKit();
    const workDir = await makeWorkDir();
    const graph = graphOf({ card: ['test.file', { text: 'y'.repeat(5000) }], other: ['test.file', { text: 'z'.repeat(5000) }] });
    await kit.run(graph, workDir, { cacheMaxBytes: 7000 });
    const entries = await listFiles(join(workDir, '.adloom', 'cache'));
    expect(entries).toHaveLength(1);
    const artifacts = (await listFiles(join(workDir, '.adloom', 'artifacts'))).filter((f) => !f.startsWith('tmp'));
    expect(artifacts).toHaveLength(1);
  });
});
