import { open } from 'node:fs/promises';

/** What a listing reads of each graph file: its name and description come first in the file. */
export const SUMMARY_READ_BYTES = 64 * 1024;

export interface GraphSummary {
  name?: string;
  description?: string;
}

/**
 * The top-level `name` and `description` of a graph file's JSON text, read in one linear scan
 * that stops once both are found: no parse of the rest, so a file nested 100,000 levels deep
 * or 50 MB long costs no more than its first bytes. The file's writer puts both keys before
 * `nodes`; a file that does not, or is not JSON at all, simply yields less.
 */
export function summarizeGraphText(text: string): GraphSummary {
  const out: GraphSummary = {};
  let depth = 0;
  let expectKey = false;
  let key: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const end = stringEnd(text, i);
      if (end < 0) break;
      if (depth === 1) {
        if (expectKey) {
          key = literal(text.slice(i, end + 1));
          expectKey = false;
        } else if (key === 'name' || key === 'description') {
          const value = literal(text.slice(i, end + 1));
          if (value !== undefined) out[key] = value;
          if (out.name !== undefined && out.description !== undefined) break;
        }
      }
      i = end;
    } else if (c === '{' || c === '[') {
      depth++;
      if (depth === 1) expectKey = c === '{';
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth <= 0) break;
    } else if (c === ',' && depth === 1) {
      expectKey = true;
      key = undefined;
    }
  }
  return out;
}

/** The index of the quote that closes the string opening at `start`, or -1. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

function literal(quoted: string): string | undefined {
  try {
    const value: unknown = JSON.parse(quoted);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The first `SUMMARY_READ_BYTES` of a file, as text (a cut multi-byte character is dropped). */
export async function readFileStart(path: string): Promise<string> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(SUMMARY_READ_BYTES);
    const { bytesRead } = await file.read(buffer, 0, SUMMARY_READ_BYTES, 0);
    return new TextDecoder('utf-8', { fatal: false }).decode(buffer.subarray(0, bytesRead)).replace(/\uFFFD$/, '');
  } finally {
    await file.close();
  }
}
