/** 1-based line and column of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** The JSON path of a zod issue: `nodes.copy.params`, `edges[2].to`. */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't', 'u']);

/**
 * The offset of the first character that makes `text` invalid JSON, or `undefined` when it
 * is valid. `JSON.parse` names no place in Safari, nor in V8's "Unexpected token" errors, so
 * the place is found here, the same in every engine. Iterative: deep nesting is fine.
 */
export function findSyntaxErrorOffset(text: string): number | undefined {
  let i = 0;
  const closers: string[] = [];
  let state: 'value' | 'firstValue' | 'key' | 'firstKey' | 'after' = 'value';
  const skipWhitespace = () => {
    while (i < text.length && WHITESPACE.has(text[i] as string)) i++;
  };
  /** Moves past the string starting at `i`; false, with `i` at the fault, when it is broken. */
  const skipString = (): boolean => {
    for (i++; i < text.length; i++) {
      const c = text[i] as string;
      if (c === '"') {
        i++;
        return true;
      }
      if (c.charCodeAt(0) < 0x20) return false;
      if (c === '\\') {
        i++;
        if (!ESCAPES.has(text[i] ?? '')) return false;
        if (text[i] === 'u') {
          for (let end = i + 4; i < end; ) if (!/[0-9a-fA-F]/.test(text[++i] ?? '')) return false;
        }
      }
    }
    return false;
  };
  const skipDigits = (): boolean => {
    const start = i;
    while (i < text.length && (text[i] as string) >= '0' && (text[i] as string) <= '9') i++;
    return i > start;
  };
  /** Moves past the number starting at `i`; false, with `i` at the fault, when it is broken. */
  const skipNumber = (): boolean => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else if (!skipDigits()) return false;
    if (text[i] === '.') {
      i++;
      if (!skipDigits()) return false;
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      if (!skipDigits()) return false;
    }
    return true;
  };
  for (;;) {
    skipWhitespace();
    if (i >= text.length) return state === 'after' && closers.length === 0 ? undefined : i;
    const c = text[i] as string;
    if (state === 'after') {
      if (c === closers[closers.length - 1]) {
        closers.pop();
        i++;
      } else if (c === ',' && closers.length) {
        i++;
        state = closers[closers.length - 1] === '}' ? 'key' : 'value';
      } else {
        return i;
      }
    } else if (state === 'key' || state === 'firstKey') {
      if (state === 'firstKey' && c === '}') {
        closers.pop();
        i++;
        state = 'after';
        continue;
      }
      if (c !== '"' || !skipString()) return i;
      skipWhitespace();
      if (text[i] !== ':') return i;
      i++;
      state = 'value';
    } else if (c === '{' || c === '[') {
      closers.push(c === '{' ? '}' : ']');
      i++;
      state = c === '{' ? 'firstKey' : 'firstValue';
    } else if (state === 'firstValue' && c === ']') {
      closers.pop();
      i++;
      state = 'after';
    } else if (c === '"') {
      if (!skipString()) return i;
      state = 'after';
    } else {
      const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, i));
      if (literal) i += literal.length;
      else if (c !== '-' && (c < '0' || c > '9')) return i;
      else if (!skipNumber()) return i;
      state = 'after';
    }
  }
}
