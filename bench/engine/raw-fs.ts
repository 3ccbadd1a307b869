import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The floor under a disk cache of one small file per entry: the same file operations on the
 * same number of files, with no engine around them. Each returns the milliseconds taken.
 */
function entryPath(dir: string, i: number): string {
  const key = createHash('sha256').update(String(i)).digest('hex');
  return join(dir, key.slice(0, 2), `${key}.json`);
}

async function makeShards(dir: string): Promise<void> {
  await Promise.all(
    Array.from({ length: 256 }, (_, i) => mkdir(join(dir, i.toString(16).padStart(2, '0')), { recursive: true })),
  );
}

/** Writes `n` entries at once, each to a temporary name and renamed into place. */
export async function rawWrites(dir: string, n: number): Promise<number> {
  await makeShards(dir);
  const paths = Array.from({ length: n }, (_, i) => entryPath(dir, i));
  const t0 = performance.now();
  await Promise.all(
    paths.map(async (path, i) => {
      await writeFile(`${path}.tmp`, JSON.stringify({ key: i, outputs: { out: 'x' } }));
      await rename(`${path}.tmp`, path);
    }),
  );
  return performance.now() - t0;
}

/** Reads the `n` entries `rawWrites` wrote, one after another (a chain's cache hits). */
export async function rawSequentialReads(dir: string, n: number): Promise<number> {
  const paths = Array.from({ length: n }, (_, i) => entryPath(dir, i));
  const t0 = performance.now();
  for (const path of paths) JSON.parse(await readFile(path, 'utf8'));
  return performance.now() - t0;
}

/** Reads them all at once (a fan-out's cache hits). */
export async function rawParallelReads(dir: string, n: number): Promise<number> {
  const paths = Array.from({ length: n }, (_, i) => entryPath(dir, i));
  const t0 = performance.now();
  await Promise.all(paths.map(async (path) => JSON.parse(await readFile(path, 'utf8'))));
  return performance.now() - t0;
}
