import { open } from 'node:fs/promises';
import { type Diagnostic, GRAPH_LIMITS, type GraphFile, loadGraphText, sizeLimitDiagnostic } from '@adloom/graph';
import { UsageError } from './usage-error.ts';

const CHUNK = 1024 * 1024;

/**
 * The file's bytes, or its size when that is over `limit`. Reads no more than `limit + 1`
 * bytes, so a 2 GB file or a device that never ends costs no more memory than the limit.
 */
async function readBounded(path: string, limit: number): Promise<Buffer | { size: number }> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size > limit) return { size };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buffer = Buffer.allocUnsafe(Math.min(CHUNK, limit + 1 - total));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
      if (total > limit) return { size: total };
    }
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}

/**
 * Reads and loads a graph file; a file that cannot be read is a usage error naming it. A file
 * over `GRAPH_LIMITS.bytes` is a diagnostic, found from its size before it is read.
 */
export async function readGraphFile(path: string): Promise<{ graph?: GraphFile; diagnostics: Diagnostic[] }> {
  let read: Buffer | { size: number };
  try {
    read = await readBounded(path, GRAPH_LIMITS.bytes);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    throw new UsageError(`cannot read graph file ${path}: ${why}`);
  }
  if (!Buffer.isBuffer(read)) return { diagnostics: [sizeLimitDiagnostic(read.size, path)] };
  return loadGraphText(read.toString('utf8'), path);
}
