import { createHash, randomBytes } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { chmod, copyFile, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import { extensionForMime } from '@adloom/graph';
import type { ArtifactMeta, ArtifactRef, PendingArtifact } from '@adloom/sdk';
import { isProcessAlive } from './process-alive.ts';

const SHA256 = /^[0-9a-f]{64}$/;
/** A short name for this machine in temporary file names, so a shared folder's sweep knows whose they are. */
const HOST_TAG = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);
/** A temporary file of another machine, or of a process that cannot be checked, is stale after this long. */
const STALE_TEMP_MS = 24 * 3600_000;

/**
 * Files named by the sha256 of their bytes, under `root/ab/abcdef….ext`. Stored files are
 * read-only: they are shared by every run and cache entry that made the same bytes.
 */
export class ArtifactStore {
  readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  pathFor(sha: string, ext: string): string {
    return join(this.root, sha.slice(0, 2), `${sha}.${ext}`);
  }

  /**
   * [engine.F2] Whether a reference is one of this store's own files: its path is where its hash puts
   * it. A value from a graph file, an input or the API that looks like a reference but names
   * another path (`/home/me/notes.txt`) is not.
   */
  owns(ref: { path: string; sha256: string }): boolean {
    if (!SHA256.test(ref.sha256)) return false;
    const name = basename(ref.path);
    return ref.path === this.pathFor(ref.sha256, extname(name).slice(1)) && name.startsWith(`${ref.sha256}.`);
  }

  async write(data: Uint8Array, meta: ArtifactMeta): Promise<ArtifactRef> {
    const sha = createHash('sha256').update(data).digest('hex');
    const path = this.pathFor(sha, extensionForMime(meta.mime));
    // A file of the wrong size there (cut short, edited) is replaced, not trusted.
    if ((await sizeOf(path)) !== data.byteLength) {
      await mkdir(dirname(path), { recursive: true });
      const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
      await writeFile(temp, data, { mode: 0o444 });
      await rename(temp, path);
    }
    return { ...meta, path, sha256: sha, bytes: data.byteLength };
  }

  /** Copies a file from anywhere into the store. */
  async importFile(source: string, meta: ArtifactMeta): Promise<ArtifactRef> {
    const pending = await this.createPending(extname(source).slice(1) || extensionForMime(meta.mime));
    try {
      await copyFile(source, pending.path);
    } catch (error) {
      await pending.discard();
      throw error;
    }
    return pending.commit(meta);
  }

  /** A temporary path in the store's folder for a tool to write; commit hashes and files it. */
  async createPending(ext: string): Promise<PendingArtifact> {
    const tempDir = join(this.root, 'tmp');
    await mkdir(tempDir, { recursive: true });
    // Named by machine and process, so a later sweep can tell a dead writer's leftovers.
    const path = join(tempDir, `${HOST_TAG}-${process.pid}-${randomBytes(6).toString('hex')}.${ext}`);
    return {
      path,
      commit: async (meta) => {
        const sha = await hashFile(path);
        const { size } = await stat(path);
        const final = this.pathFor(sha, ext);
        await mkdir(dirname(final), { recursive: true });
        await chmod(path, 0o444);
        await rename(path, final);
        return { ...meta, path: final, sha256: sha, bytes: size };
      },
      discard: () => rm(path, { force: true }),
    };
  }

  /**
   * Removes temporary files that no live writer owns: those of a process of this machine that
   * has died (a `kill -9` mid-encode), and anyone's older than a day.
   */
  async sweepTemp(): Promise<number> {
    const tempDir = join(this.root, 'tmp');
    let names: string[];
    try {
      names = await readdir(tempDir);
    } catch {
      return 0;
    }
    let removed = 0;
    for (const name of names) {
      const [tag, pid] = name.split('-');
      const path = join(tempDir, name);
      const isOurs = tag === HOST_TAG && Number(pid) > 0;
      let stale = isOurs && Number(pid) !== process.pid && !isProcessAlive(Number(pid));
      if (!stale && !isOurs) {
        const info = await stat(path).catch(() => undefined);
        stale = info !== undefined && Date.now() - info.mtimeMs > STALE_TEMP_MS;
      }
      if (stale) {
        await rm(path, { force: true, recursive: true });
        removed++;
      }
    }
    return removed;
  }

  async has(ref: Pick<ArtifactRef, 'path'>): Promise<boolean> {
    return exists(ref.path);
  }
}

export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function exists(path: string): Promise<boolean> {
  return (await sizeOf(path)) !== undefined;
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}

/**
 * [engine.F3] Puts a stored file at a readable place as a file of its own: a reflink where the disk
 * has them (no bytes copied), else a copy. Never a hard link: editing the exported file in
 * place would change the stored one under every run and cache entry that shares it.
 */
export async function exportArtifact(ref: Pick<ArtifactRef, 'path'>, destination: string): Promise<void> {
  await mkdir(dirname(destination), { recursive: true });
  await rm(destination, { force: true });
  await copyFile(ref.path, destination, constants.COPYFILE_FICLONE);
  // The copy keeps the store's read-only mode; the user's copy is theirs to edit.
  await chmod(destination, 0o644);
}
