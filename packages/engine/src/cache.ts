import { mkdir, readdir, readFile, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write.ts';
import { isArtifactRef } from './hash.ts';

export type CachedOutputs = Record<string, unknown>;

export interface OutputCacheOptions {
  /** Folder for the disk cache; without it the cache lives in memory only. */
  dir?: string;
  /** Cap on the disk cache plus the artifact files it keeps alive, in bytes (default 2 GiB). */
  maxBytes?: number;
  /** Folder of the artifact store, so pruning can free the files no entry needs. */
  artifactsDir?: string;
  /** How many entries the memory layer keeps (default 50,000). */
  memoryEntries?: number;
}

/** Every artifact path inside a cached value. */
function artifactPaths(value: unknown, out: string[] = []): string[] {
  if (isArtifactRef(value)) out.push((value as unknown as { path: string }).path);
  else if (Array.isArray(value)) for (const item of value) artifactPaths(item, out);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) artifactPaths(item, out);
  return out;
}

async function allExist(paths: readonly string[]): Promise<boolean> {
  for (const path of paths) {
    try {
      await stat(path);
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * Node outputs by cache key: a memory layer in front of a disk layer of one small JSON file
 * per entry, least recently used first out when the disk layer passes its size cap.
 */
export class OutputCache {
  private readonly memory = new Map<string, CachedOutputs>();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly memoryEntries: number;
  private wroteToDisk = false;

  private readonly options: OutputCacheOptions;

  constructor(options: OutputCacheOptions = {}) {
    this.options = options;
    this.memoryEntries = options.memoryEntries ?? 50_000;
  }

  private entryPath(key: string): string {
    return join(this.options.dir as string, key.slice(0, 2), `${key}.json`);
  }

  private track(promise: Promise<unknown>): void {
    const settled = promise.catch(() => {}).finally(() => this.pending.delete(settled));
    this.pending.add(settled);
  }

  /** A memory hit, without touching the disk. */
  peek(key: string): CachedOutputs | undefined {
    const hit = this.memory.get(key);
    if (hit) {
      this.memory.delete(key);
      this.memory.set(key, hit);
    }
    return hit;
  }

  async get(key: string): Promise<CachedOutputs | undefined> {
    const hit = this.peek(key);
    if (hit || !this.options.dir) return hit;
    const path = this.entryPath(key);
    let outputs: CachedOutputs;
    try {
      outputs = (JSON.parse(await readFile(path, 'utf8')) as { outputs: CachedOutputs }).outputs;
    } catch {
      return undefined;
    }
    // An entry whose files were deleted is no hit.
    if (!(await allExist(artifactPaths(outputs)))) return undefined;
    const now = new Date();
    this.track(utimes(path, now, now));
    this.remember(key, outputs);
    return outputs;
  }

  set(key: string, outputs: CachedOutputs): void {
    this.remember(key, outputs);
    if (this.options.dir) {
      this.wroteToDisk = true;
      this.track(writeFileAtomic(this.entryPath(key), JSON.stringify({ key, outputs })));
    }
  }

  private remember(key: string, outputs: CachedOutputs): void {
    this.memory.set(key, outputs);
    if (this.memory.size > this.memoryEntries) {
      this.memory.delete(this.memory.keys().next().value as string);
    }
  }

  /** Waits for disk writes, then prunes to the size cap. */
  async flush(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
    if (this.wroteToDisk) {
      this.wroteToDisk = false;
      await this.prune();
    }
  }

  /** Drops least recently used entries, and artifacts no entry needs, until under the cap. */
  async prune(maxBytes = this.options.maxBytes ?? 2 * 1024 ** 3): Promise<{ removedEntries: number }> {
    const dir = this.options.dir;
    if (!dir) return { removedEntries: 0 };
    const entries = await listFiles(dir, '.json');
    const artifacts = this.options.artifactsDir ? await listFiles(this.options.artifactsDir) : [];
    const artifactSize = new Map(artifacts.map((a) => [a.path, a.size]));
    let total = entries.reduce((sum, e) => sum + e.size, 0) + artifacts.reduce((sum, a) => sum + a.size, 0);
    if (total <= maxBytes) return { removedEntries: 0 };

    const uses = new Map<string, number>();
    const needs = new Map<string, string[]>();
    for (const entry of entries) {
      const paths = artifactPaths(JSON.parse(await readFile(entry.path, 'utf8')));
      needs.set(entry.path, paths);
      for (const p of paths) uses.set(p, (uses.get(p) ?? 0) + 1);
    }
    // Files no entry points at go first.
    for (const [path, size] of artifactSize) {
      if (total <= maxBytes) break;
      if (!uses.has(path) && !path.includes(`${join('tmp', '')}`)) {
        await rm(path, { force: true });
        total -= size;
      }
    }
    let removedEntries = 0;
    entries.sort((a, b) => a.mtimeMs - b.mtimeMs);
    for (const entry of entries) {
      if (total <= maxBytes) break;
      await rm(entry.path, { force: true });
      this.memory.delete(entry.name.replace(/\.json$/, ''));
      total -= entry.size;
      removedEntries++;
      for (const p of needs.get(entry.path) ?? []) {
        const left = (uses.get(p) ?? 1) - 1;
        uses.set(p, left);
        if (left === 0 && artifactSize.has(p)) {
          await rm(p, { force: true });
          total -= artifactSize.get(p) ?? 0;
        }
      }
    }
    return { removedEntries };
  }
}

interface FileInfo {
  path: string;
  name: string;
  size: number;
  mtimeMs: number;
}

async function listFiles(root: string, suffix = ''): Promise<FileInfo[]> {
  await mkdir(root, { recursive: true });
  const out: FileInfo[] = [];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(suffix) || entry.name.endsWith('.tmp')) continue;
    const path = join(entry.parentPath, entry.name);
    const info = await stat(path);
    out.push({ path, name: entry.name, size: info.size, mtimeMs: info.mtimeMs });
  }
  return out;
}
