import type { Diagnostic } from './diagnostic.ts';
import { formatJsonPath, lineAndColumn } from './json-position.ts';

interface Frame {
  path: (string | number)[];
  /** Keys seen so far in an object, with the offset of each; `undefined` for an array. */
  keys?: Map<string, number>;
  /** The key or index whose value is being read. */
  at: string | number;
  expectsKey: boolean;
}

/**
 * Keys that `JSON.parse` quietly drops: a key written twice keeps only its last value (two
 * nodes with one id after a merge lose one node), and `__proto__` never lands in the object.
 * A graph must never lose a node on load, so these are errors. `text` must be valid JSON.
 */
export function findLostKeys(text: string, file?: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const stack: Frame[] = [];
  const childPath = () => {
    const top = stack[stack.length - 1];
    return top ? [...top.path, top.at] : [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const top = stack[stack.length - 1];
    if (c === '{') stack.push({ path: childPath(), keys: new Map(), at: '', expectsKey: true });
    else if (c === '[') stack.push({ path: childPath(), at: 0, expectsKey: false });
    else if (c === '}' || c === ']') stack.pop();
    else if (c === ',' && top) {
      if (top.keys) top.expectsKey = true;
      else top.at = (top.at as number) + 1;
    } else if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      if (!top?.keys || !top.expectsKey) continue;
      const key = JSON.parse(text.slice(start, i + 1)) as string;
      top.expectsKey = false;
      top.at = key;
      const first = top.keys.get(key);
      top.keys.set(key, start);
      if (first === undefined && key !== '__proto__') continue;
      // Only now work out the place: doing it for every key would be quadratic in the file size.
      const where = top.path.length ? formatJsonPath(top.path) : 'the file';
      const path = formatJsonPath([...top.path, key]);
      const nodeId = top.path[0] === 'nodes' && typeof top.path[1] === 'string' ? top.path[1] : undefined;
      const { line, column } = lineAndColumn(text, start);
      if (first !== undefined) {
        const isNode = top.path.length === 1 && top.path[0] === 'nodes';
        out.push({
          severity: 'error',
          file,
          nodeId: isNode ? key : nodeId,
          path,
          line,
          column,
          message: `${isNode ? `node id "${key}" is used twice` : `key "${key}" is written twice in ${where}`} (lines ${lineAndColumn(text, first).line} and ${line}); only the last would be kept, so give each its own ${isNode ? 'id' : 'key'} or remove one`,
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
  return out;
}
