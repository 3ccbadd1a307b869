import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventsOf, graphOf, makeTestKit, makeWorkDir } from './test-kit.ts';

const headline = graphOf({ f: ['test.file', { text: 'Grip that holds on wet rock' }] });

/** The store file behind node f's output, from the run's outputs. */
const storePathOf = (outputs: Map<string, Record<string, unknown>>) => (outputs.get('f') as { file: { path: string } }).file.path;

describe('[engine.F3] exported files are files of their own', () => {
  it('editing a file in the run folder leaves the store, and the next run, as they were', async () => {
    const dir = await makeWorkDir();
    const kit = makeTestKit();
    const first = await kit.run(headline, dir);
    const exported = join(first.outDir, 'f', 'file.txt');
    const stored = storePathOf(first.outputs);
    expect((await stat(stored)).mode & 0o777).toBe(0o444);
    expect((await stat(exported)).mode & 0o200).toBe(0o200);
    // In place, as an editor that keeps the inode would.
    await writeFile(exported, 'Edited by hand, same length!!', { flag: 'r+' });
    expect(await readFile(stored, 'utf8')).toBe('Grip that holds on wet rock');
    const second = await kit.run(headline, dir);
    expect(second.manifest.nodes.f?.status).toBe('cached');
    expect(await readFile(join(second.outDir, 'f', 'file.txt'), 'utf8')).toBe('Grip that holds on wet rock');
  });
});

describe('[engine.C1] a cache hit checks the bytes it serves', () => {
  it.each([
    ['of the same size', 'Grip that holds on WET ROCK'],
    ['of another size', 'Grip'],
  ])('a stored file changed in place (%s) is found, the node runs again and says so', async (_, edit) => {
    const dir = await makeWorkDir();
    const kit = makeTestKit();
    const first = await kit.run(headline, dir);
    const stored = storePathOf(first.outputs);
    await chmod(stored, 0o644);
    await writeFile(stored, edit);
    const second = await kit.run(headline, dir);
    expect(kit.calls).toEqual(['f', 'f']);
    expect(second.manifest.nodes.f?.status).toBe('succeeded');
    expect(eventsOf(second.events, 'node.log').map((e) => e.message)).toEqual([
      expect.stringMatching(/^a cached output file changed on disk since it was made \(.+\); running the node again$/),
    ]);
    expect(await readFile(stored, 'utf8')).toBe('Grip that holds on wet rock');
    expect(await readFile(join(second.outDir, 'f', 'file.txt'), 'utf8')).toBe('Grip that holds on wet rock');
    // Mended: the run after that is a plain hit.
    const third = await kit.run(headline, dir);
    expect(third.manifest.nodes.f?.status).toBe('cached');
    expect(eventsOf(third.events, 'node.log')).toEqual([]);
  });
});
