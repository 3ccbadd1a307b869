import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, link, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { extensionForMime } from '@adloom/graph';

export type ArtifactKind = 'image' | 'video' | 'audio' | 'file';

/** A media value as it travels between nodes: a file in the content-addressed store. */
export interface ArtifactRef {
  kind: ArtifactKind;
  /** Absolute path of the stored file. */
  path: string;
  mime: string;
  sha256: string;
  bytes: number;
  width?: number;
  height?: number;
  durationSec?: number;
  /** Who made it, e.g. `offline` for the built-in draft provider. */
  provider?: string;
  /** Small facts a node wants to keep with the file (model, seed, preset). */
  meta?: Record<string, unknown>;
}

export type ArtifactMeta = Omit<ArtifactRef, 'path' | 'sha256' | 'bytes'>;

/** A file being written by a tool (ffmpeg, say) that joins the store only when committed. */
export interface PendingArtifact {
  /** Where the tool should write. */
  path: string;
  commit(meta: ArtifactMeta): Promise<ArtifactRef>;
  discard(): Promise<void>;
}

/** Files named by the sha256 of their bytes, under `root/ab/abcdef….ext`. */
export class ArtifactStore {
  readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  pathFor(sha: string, ext: string): string {
    return join(this.root, sha.slice(0, 2), `${sha}.${ext}`);
  }

  async write(data: Uint8Array, meta: ArtifactMeta): Promise<ArtifactRef> {
    const sha = createHash('sha256').update(data).digest('hex');
    const path = this.pathFor(sha, extensionForMime(meta.mime));
    if (!(await exists(path))) {
      await mkdir(dirname(path), { recursive: true });
      const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
      await writeFile(temp, data);
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
    const path = join(tempDir, `${randomBytes(8).toString('hex')}.${ext}`);
    return {
      path,
      commit: async (meta) => {
        const sha = await hashFile(path);
        const { size } = await stat(path);
        const final = this.pathFor(sha, ext);
        await mkdir(dirname(final), { recursive: true });
        await rename(path, final);
        return { ...meta, path: final, sha256: sha, bytes: size };
      },
      discard: () => rm(path, { force: true }),
    };
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
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Puts a stored file at a readable place: a hard link when the disk allows, else a copy. */
export async function exportArtifact(ref: Pick<ArtifactRef, 'path'>, destination: string): Promise<void> {
  await mkdir(dirname(destination), { recursive: true });
  await rm(destination, { force: true });
  try {
    await link(ref.path, destination);
  } catch {
    await copyFile(ref.path, destination);
  }
}
