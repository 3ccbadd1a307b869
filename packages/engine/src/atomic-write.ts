import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface AtomicWriteOptions {
  /**
   * Flush the data to the disk before the rename (default true), so a power cut leaves the old
   * file or the new. Off for files whose loss is harmless, such as cache entries: a torn one
   * fails to parse and reads as a miss.
   */
  durable?: boolean;
}

/**
 * Writes a file so that readers see the old content or the new, never half of it:
 * write beside it under a temporary name, flush, then rename over it.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  const flush = options.durable ?? true;
  try {
    try {
      await writeFile(temp, data, { flush });
    } catch (error) {
      // The folder is there nearly every time: make it only when missing, not before each write.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await mkdir(dirname(path), { recursive: true });
      await writeFile(temp, data, { flush });
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
