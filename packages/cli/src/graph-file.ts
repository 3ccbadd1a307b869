import { readFile } from 'node:fs/promises';
import { type Diagnostic, type GraphFile, loadGraphText } from '@adloom/graph';
import { UsageError } from './usage-error.ts';

/** Reads and loads a graph file; a file that cannot be read is a usage error naming it. */
export async function readGraphFile(path: string): Promise<{ graph?: GraphFile; diagnostics: Diagnostic[] }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    throw new UsageError(`cannot read graph file ${path}: ${why}`);
  }
  return loadGraphText(text, path);
}
