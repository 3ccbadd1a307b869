import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArtifactStore, writeFileAtomic } from '../src/index.ts';
import { graphOf, listFiles, makeTestKit, makeWorkDir } from './test-kit.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

describe('artifact store', () => {
  it('stores bytes under their hash: the same bytes give the same path', async () => {
    const store = new ArtifactStore(join(await makeWorkDir(), 'artifacts'));
    const a = await store.write(bytes('headline'), { kind: 'file', mime: 'text/plain' });
    const b = await store.write(bytes('headline'), { kind: 'file', mime: 'text/plain' });
    const c = await store.write(bytes('other'), { kind: 'file', mime: 'text/plain' });
    expect(a).toEqual(b);
    expect(a).toMatchObject({ sha256: sha('headline'), bytes: 8, kind: 'file', mime: 'text/plain' });
    expect(a.path).toBe(join(store.root, sha('headline').slice(0, 2), `${sha('headline')}.txt`));
    expect(c.path).not.toBe(a.path);
    expect(await readFile(a.path, 'utf8')).toBe('headline');
    expect((await listFiles(store.root)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('imports a file and commits a pending one under their hashes', async () => {
    const dir = await makeWorkDir();
    const store = new ArtifactStore(join(dir, 'artifacts'));
    await writeFile(join(dir, 'logo.png'), 'not really a png');
    const imported = await store.importFile(join(dir, 'logo.png'), { kind: 'image', mime: 'image/png' });
    expect(imported.path).toBe(store.pathFor(sha('not really a png'), 'png'));
    const pending = await store.createPending('mp4');
    await writeFile(pending.path, 'frames');
    const committed = await pending.commit({ kind: 'video', mime: 'video/mp4', durationSec: 2 });
    expect(committed).toMatchObject({ sha256: sha('frames'), bytes: 6, durationSec: 2 });
    expect(await listFiles(join(store.root, 'tmp'))).toEqual([]);
    const dropped = await store.createPending('mp4');
    await writeFile(dropped.path, 'half');
    await dropped.discard();
    expect(await listFiles(join(store.root, 'tmp'))).toEqual([]);
  });

  it('gives the run folder readable names and lists every artifact in the manifest', async () => {
    const kit = makeTestKit();
    const graph = graphOf({
      brief: ['test.value', { value: 'x' }],
      card: ['test.file', { text: 'spring card' }],
      twin: ['test.file', { text: 'spring card' }],
    });
    const result = await kit.run(graph, await makeWorkDir());
    expect(await listFiles(result.outDir)).toEqual(['card/file.txt', 'manifest.json', 'twin/file.txt']);
    expect(await readFile(join(result.outDir, 'card/file.txt'), 'utf8')).toBe('spring card');
    const artifacts = [...result.manifest.artifacts].sort((a, b) => a.file.localeCompare(b.file));
    expect(artifacts).toEqual([
      expect.objectContaining({
        file: 'card/file.txt',
        node: 'card',
        port: 'file',
        sha256: sha('spring card'),
        bytes: 11,
        lineage: {},
        lineageKey: '',
      }),
      expect.objectContaining({ file: 'twin/file.txt', node: 'twin', sha256: sha('spring card') }),
    ]);
    // Node outputs in the manifest point at their own files in the run folder, not at the
    // store, even when two nodes made the same bytes.
    expect(result.manifest.nodes.card?.outputs?.file).toMatchObject({ file: 'card/file.txt', sha256: sha('spring card') });
    expect(result.manifest.nodes.twin?.outputs?.file).toMatchObject({ file: 'twin/file.txt' });
    expect(JSON.stringify(result.manifest)).not.toContain('.adloom');
  });
});

describe('writeFileAtomic', () => {
  it('replaces a file and leaves no temporary file behind', async () => {
    const dir = await makeWorkDir();
    const path = join(dir, 'deep', 'manifest.json');
    await writeFileAtomic(path, '{"v":1}');
    await writeFileAtomic(path, '{"v":2}');
    expect(await readFile(path, 'utf8')).toBe('{"v":2}');
    expect(await listFiles(dir)).toEqual(['deep/manifest.json']);
  });

  it('keeps the old content when a write fails half way', async () => {
    const dir = await makeWorkDir();
    const path = join(dir, 'manifest.json');
    await writeFileAtomic(path, 'old and whole');
    // A source that fails after its first chunk, like a disk that fills up mid-write.
    async function* failing() {
      yield bytes('new but ');
      throw new Error('disk full');
    }
    await expect(writeFileAtomic(path, failing() as unknown as Uint8Array)).rejects.toThrow('disk full');
    expect(await readFile(path, 'utf8')).toBe('old and whole');
    expect(await listFiles(dir)).toEqual(['manifest.json']);
  });

  it('never shows a reader half a file', async () => {
    const dir = await makeWorkDir();
    const path = join(dir, 'manifest.json');
    const versions = ['a', 'b'].map((c) => c.repeat(1 << 20));
    await writeFileAtomic(path, versions[0] as string);
    let writing = true;
    const writer = (async () => {
      for (let i = 1; i <= 10; i++) await writeFileAtomic(path, versions[i % 2] as string);
      writing = false;
    })();
    const seen = new Set<string>();
    while (writing) {
      const text = await readFile(path, 'utf8');
      seen.add(text.length === 1 << 20 && (text === versions[0] || text === versions[1]) ? 'whole' : 'partial');
    }
    await writer;
    expect([...seen]).toEqual(['whole']);
  });
});
