import { mkdir, readdir, readFile, rm, stat, utimes } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { isArtifactRef } from '@adloom/sdk';
import { hashFile } from './artifact-store.ts';
import { writeFileAtomic } from './atomic-write.ts';

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

/** A stored file a cached value points at, with what it was when the entry was made. */
interface StoredFile {
  path: string;
  sha256: string;
  bytes?: number;
}

/** Every artifact inside a cached value. */
function storedFiles(value: unknown, out: StoredFile[] = []): StoredFile[] {
  if (isArtifactRef(value)) {
    const { path, sha256, bytes } = value as unknown as StoredFile;
    out.push({ path, sha256, bytes });
  } else if (Array.isArray(value)) for (const item of value) storedFiles(item, out);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) storedFiles(item, out);
  return out;
}

const artifactPaths = (value: unknown): string[] => storedFiles(value).map((file) => file.path);

/** Files up to this size are hashed again on a cache hit (once per process while they stay unchanged). */
const REHASH_MAX_BYTES = 64 * 1024 ** 2;
/** `path size mtime` of files whose bytes were checked against their hash in this process. */
const checkedFiles = new Set<string>();

/**
 * [engine.C1] Why a cache hit's files cannot be trusted, or undefined when they can: a file gone is a
 * plain miss; one whose size or bytes differ from what was recorded was changed on disk.
 */
async function checkFiles(files: readonly StoredFile[]): Promise<{ gone: true } | { changed: string; path: string } | undefined> {
  for (const file of files) {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(file.path);
    } catch {
      return { gone: true };
    }
    if (file.bytes !== undefined && info.size !== file.bytes) {
      return { changed: `it was ${file.bytes} bytes and is now ${info.size}`, path: file.path };
    }
    const seen = `${file.path} ${info.size} ${info.mtimeMs}`;
    if (info.size > REHASH_MAX_BYTES || checkedFiles.has(seen)) continue;
    if ((await hashFile(file.path)) !== file.sha256) {
      return { changed: 'its bytes no longer match their hash', path: file.path };
    }
    checkedFiles.add(seen);
  }
  return undefined;
}

/** Told when a hit is refused because a stored file changed: the node runs again. */
export type OnChangedFile = (message: string) => void;

/** An entry in the memory layer. */
interface Remembered {
  outputs: CachedOutputs;
  /** Artifact files the outputs point at: a hit needs them still there, unchanged. */
  files: StoredFile[];
  /** Last use, for least-recently-used order without touching the disk on every hit. */
  usedAt: number;
  /** When the entry's file last had its time set, by a write or a touch. */
  touchedAt: number;
}

/**
 * How stale a disk entry's time may grow while hits are served from memory before flush
 * touches it, so another process's prune sees the use too. Coarse on purpose: a touch per hit
 * would cost a write per node in a warm re-run.
 */
const TOUCH_AFTER_MS = 60_000;

/**
 * Node outputs by cache key: a memory layer in front of a disk layer of one small JSON file
 * per entry, least recently used first out when the disk layer passes its size cap.
 */
export class OutputCache {
  private readonly memory = new Map<string, Remembered>();
  private readonly pending = new Set<Promise<unknown>>();
  /** Keys hit in memory whose disk entry's time is stale. */
  private readonly toTouch = new Set<string>();
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

  /**
   * A memory hit, without touching the disk. Outputs that point at artifact files are left to
   * `get`, which checks the files are still there.
   */
  peek(key: string): CachedOutputs | undefined {
    const hit = this.memory.get(key);
    if (!hit || hit.files.length > 0) return undefined;
    this.use(key, hit);
    return hit.outputs;
  }

  private use(key: string, hit: Remembered): void {
    this.memory.delete(key);
    this.memory.set(key, hit);
    hit.usedAt = Date.now();
    if (this.options.dir && hit.usedAt - hit.touchedAt > TOUCH_AFTER_MS) this.toTouch.add(key);
  }

  async get(key: string, onChangedFile?: OnChangedFile): Promise<CachedOutputs | undefined> {
    const known = this.memory.get(key);
    if (known) {
      // An entry whose files were deleted or changed is no hit; its disk entry points at the same files.
      if (known.files.length > 0 && !(await this.filesHold(known.files, onChangedFile))) {
        this.memory.delete(key);
        return undefined;
      }
      this.use(key, known);
      return known.outputs;
    }
    if (!this.options.dir) return undefined;
    const path = this.entryPath(key);
    let outputs: CachedOutputs;
    try {
      outputs = (JSON.parse(await readFile(path, 'utf8')) as { outputs: CachedOutputs }).outputs;
    } catch {
      return undefined;
    }
    const files = storedFiles(outputs);
    if (!(await this.filesHold(files, onChangedFile))) return undefined;
    const now = new Date();
    this.track(utimes(path, now, now));
    this.remember(key, outputs, files);
    return outputs;
  }

  /**
   * Whether a hit's files are as recorded. A changed one is removed from the store, so the
   * node's new run stores its bytes afresh instead of finding the bad file in their place.
   */
  private async filesHold(files: readonly StoredFile[], onChangedFile: OnChangedFile | undefined): Promise<boolean> {
    const problem = await checkFiles(files);
    if (!problem) return true;
    if ('changed' in problem) {
      onChangedFile?.(`a cached output file changed on disk since it was made (${problem.changed}); running the node again`);
      await rm(problem.path, { force: true });
    }
    return false;
  }

  set(key: string, outputs: CachedOutputs): void {
    this.remember(key, outputs, storedFiles(outputs));
    if (this.options.dir) {
      this.wroteToDisk = true;
      this.track(writeFileAtomic(this.entryPath(key), JSON.stringify({ key, outputs }), { durable: false }));
    }
  }

  private remember(key: string, outputs: CachedOutputs, files: StoredFile[]): void {
    const now = Date.now();
    this.memory.delete(key);
    this.memory.set(key, { outputs, files, usedAt: now, touchedAt: now });
    if (this.memory.size > this.memoryEntries) {
      this.memory.delete(this.memory.keys().next().value as string);
    }
  }

  /** Waits for disk writes, brings stale entry times up to date, then prunes to the size cap. */
  async flush(): Promise<void> {
    this.touchStale();
    while (this.pending.size) await Promise.all([...this.pending]);
    if (this.wroteToDisk) {
      this.wroteToDisk = false;
      await this.prune();
    }
  }

  private touchStale(): void {
    const now = new Date();
    for (const key of this.toTouch) {
      const hit = this.memory.get(key);
      if (hit) hit.touchedAt = now.getTime();
      this.track(utimes(this.entryPath(key), now, now));
    }
    this.toTouch.clear();
  }

  /** When an entry was last used: its file's time, or a later hit in memory. */
  private lastUsed(entry: FileInfo): number {
    return Math.max(entry.mtimeMs, this.memory.get(entry.name.slice(0, -'.json'.length))?.usedAt ?? 0);
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
      const paths = artifactPaths(await readEntry(entry.path));
      needs.set(entry.path, paths);
      for (const p of paths) uses.set(p, (uses.get(p) ?? 0) + 1);
    }
    // Files no entry points at go first, but not those a tool is still writing (the store's tmp/).
    const beingWritten = this.options.artifactsDir ? join(this.options.artifactsDir, 'tmp') + sep : undefined;
    for (const [path, size] of artifactSize) {
      if (total <= maxBytes) break;
      if (!uses.has(path) && !(beingWritten && path.startsWith(beingWritten))) {
        await rm(path, { force: true });
        total -= size;
      }
    }
    let removedEntries = 0;
    const lastUsed = new Map(entries.map((e) => [e, this.lastUsed(e)]));
    entries.sort((a, b) => (lastUsed.get(a) as number) - (lastUsed.get(b) as number));
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
  const files = (await readdir(root, { recursive: true, withFileTypes: true })).filter(
    (entry) => entry.isFile() && entry.name.endsWith(suffix) && !entry.name.endsWith('.tmp'),
  );
  // All at once: one by one, a cache of many entries took a thread-pool round trip per file.
  const infos = await Promise.all(
    files.map(async (entry): Promise<FileInfo | undefined> => {
      const path = join(entry.parentPath, entry.name);
      try {
        const info = await stat(path);
        return { path, name: entry.name, size: info.size, mtimeMs: info.mtimeMs };
      } catch {
        return undefined; // removed meanwhile, by another run's pruning say
      }
    }),
  );
  return infos.filter((info) => info !== undefined);
}

/** A disk entry's content; an unreadable one (cut short, edited by hand) needs no files. */
async function readEntry(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return undefined;
  }
}
