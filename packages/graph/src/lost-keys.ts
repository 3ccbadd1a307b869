import type { Diagnostic } from './diagnostic.ts';
import { formatJsonPath } from './json-position.ts';

interface Frame {
  /** The container this one is a value of; paths are walked up from here only when reported. */
  parent: Frame | undefined;
  /** Keys seen so far in an object, with the line of each; `undefined` for an array. */
  keys?: Map<string, number>;
  /** The key or index whose value is being read. */
  at: string | number;
  expectsKey: boolean;
}

/** The path of the container `frame` stands for: each ancestor's key or index, from the top. */
/** Lost keys reported one by one; the rest are counted, so a file of millions of them stays one screen and a bounded heap. */
const REPORTED = 100;

function pathOf(frame: Frame): (string | number)[] {
  const path: (string | number)[] = [];
  for (let f = frame.parent; f; f = f.parent) path.push(f.at);
  return path.reverse();
}

/** The offset of the quote that ends the string opening at `open` (or the text's length). */
function closingQuote(text: string, open: number): number {
  for (let from = open + 1; ; ) {
    const quote = text.indexOf('"', from);
    if (quote === -1) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return quote;
    from = quote + 1;
  }
}

/**
 * Keys that `JSON.parse` quietly drops: a key written twice keeps only its last value (two
 * nodes with one id after a merge lose one node), and `__proto__` never lands in the object.
 * A graph must never lose a node on load, so these are errors. `text` must be valid JSON.
 * One pass in time and memory linear in the text: frames point at their parent instead of
 * holding a copy of their path, and lines are counted on the way.
 */
export function findLostKeys(text: string, file?: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  let unreported = 0;
  let top: Frame | undefined;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      line++;
      lineStart = i + 1;
    } else if (c === 0x7b /* { */) top = { parent: top, keys: new Map(), at: '', expectsKey: true };
    else if (c === 0x5b /* [ */) top = { parent: top, at: 0, expectsKey: false };
    else if (c === 0x7d /* } */ || c === 0x5d /* ] */) top = top?.parent;
    else if (c === 0x2c /* , */ && top) {
      if (top.keys) top.expectsKey = true;
      else top.at = (top.at as number) + 1;
    } else if (c === 0x22 /* " */) {
      const start = i;
      i = closingQuote(text, i);
      if (!top?.keys || !top.expectsKey) continue;
      const raw = text.slice(start + 1, i);
      // Most keys have no escapes; decoding each with JSON.parse was a third of the pass.
      const key = raw.includes('\\') ? (JSON.parse(text.slice(start, i + 1)) as string) : raw;
      top.expectsKey = false;
      top.at = key;
      const first = top.keys.get(key);
      top.keys.set(key, line);
      if (first === undefined && key !== '__proto__') continue;
      if (out.length >= REPORTED) {
        unreported++;
        continue;
      }
      const container = pathOf(top);
      const where = container.length ? formatJsonPath(container) : 'the file';
      const path = formatJsonPath([...container, key]);
      const nodeId = container[0] === 'nodes' && typeof container[1] === 'string' ? container[1] : undefined;
      const column = start - lineStart + 1;
      if (first !== undefined) {
        const isNode = container.length === 1 && container[0] === 'nodes';
        out.push({
          severity: 'error',
          file,
          nodeId: isNode ? key : nodeId,
          path,
          line,
          column,
          message: `${isNode ? `node id "${key}" is used twice` : `key "${key}" is written twice in ${where}`} (lines ${first} and ${line}); only the last would be kept, so give each its own ${isNode ? 'id' : 'key'} or remove one`,
        });
      } else {
        out.push({
          severity: 'error',
          file,
          nodeId,
          path,
          line,
          column,
          message: `a key named "__proto__" (in ${where}) is not allowed`,
        });
      }
    }
  }
  if (unreported) {
    out.push({
      severity: 'error',
      file,
      path: '',
      message: `and ${unreported.toLocaleString('en-US')} more keys written twice or named "__proto__"; only the first ${REPORTED} are listed`,
    });
  }
  return out;
}

/**
 * Whether `JSON.parse` may have dropped a key of text that writes `keysInText` keys: the parsed
 * value holds fewer, or one named `__proto__`. Walking the parsed value is far cheaper than
 * {@link findLostKeys}' pass over the text, which then runs only for files that need it.
 */
export function mayHaveLostKeys(parsed: unknown, keysInText: number): boolean {
  let keys = 0;
  const stack: unknown[] = [parsed];
  while (stack.length) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) if (typeof item === 'object' && item !== null) stack.push(item);
      continue;
    }
    // JSON.parse keeps a `__proto__` key as an own property, so it is counted but must be reported.
    if (Object.hasOwn(value, '__proto__')) return true;
    for (const key in value) {
      keys++;
      const item = (value as Record<string, unknown>)[key];
      if (typeof item === 'object' && item !== null) stack.push(item);
    }
  }
  return keys !== keysInText;
}
