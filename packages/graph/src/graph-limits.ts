import type { Diagnostic } from './diagnostic.ts';
import { formatJsonPath } from './json-position.ts';

/**
 * How big a graph file may be. Each is far above any graph a person builds (the examples are
 * at most 6 levels deep; a 200,000-node chain as Adloom saves it is about 48 MB) and low
 * enough that loading, validating and planning stay within seconds and a bounded heap.
 * Checked in linear time before anything recursive (the schema, migrations, params) runs.
 */
export const GRAPH_LIMITS: Readonly<{ depth: number; bytes: number; nodes: number; edges: number; keys: number }> = {
  /** Levels of nested objects and lists; the file's own object is level 1, a param's value level 5. */
  depth: 512,
  /** Size of the file's text in UTF-8 bytes: 64 MiB. */
  bytes: 64 * 1024 * 1024,
  nodes: 200_000,
  edges: 400_000,
  /**
   * Keys in any one object but `nodes`. Millions of keys in one object cost seconds per
   * million in `JSON.parse` and the schema (a 57 MB file of 4.5 million took 22 s of CPU and
   * 1.5 GB), far more than the same bytes in a list.
   */
  keys: 200_000,
};

/** Path segments named in a depth diagnostic: `nodes.<id>.params.<name>`, the place a person edits. */
const PATH_SHOWN = 4;

const count = (n: number) => n.toLocaleString('en-US');
const mebibytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes % (1024 * 1024) ? 1 : 0)} MiB`;

/** UTF-8 bytes of `text`, counted without encoding a copy of it. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      bytes += 4; // a surrogate pair: one code point
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function nodeIdOf(path: readonly (string | number)[]): string | undefined {
  return path[0] === 'nodes' && typeof path[1] === 'string' ? path[1] : undefined;
}

function depthDiagnostic(
  file: string | undefined,
  path: readonly (string | number)[],
  depth: string,
  place: { line: number; column: number } | undefined,
): Diagnostic {
  const shown = path.slice(0, PATH_SHOWN);
  const where = shown.length ? formatJsonPath(shown) : 'the top of the file';
  return {
    severity: 'error',
    file,
    nodeId: nodeIdOf(shown),
    param: shown[2] === 'params' && typeof shown[3] === 'string' ? shown[3] : undefined,
    path: formatJsonPath(shown),
    ...place,
    message: `nested ${depth} levels deep at ${where}; the limit is ${count(GRAPH_LIMITS.depth)} levels`,
  };
}

/** An object with more keys than its limit: the nodes, or any other object. */
function keysDiagnostic(
  file: string | undefined,
  path: readonly (string | number)[],
  keys: number,
  place: { line: number; column: number } | undefined,
): Diagnostic {
  if (isNodesPath(path)) {
    return {
      severity: 'error',
      file,
      path: 'nodes',
      ...place,
      message: `the graph has ${count(keys)} nodes; the limit is ${count(GRAPH_LIMITS.nodes)}`,
    };
  }
  const shown = path.slice(0, PATH_SHOWN);
  const where = shown.length ? formatJsonPath(shown) : 'the top of the file';
  return {
    severity: 'error',
    file,
    nodeId: nodeIdOf(shown),
    path: formatJsonPath(shown),
    ...place,
    message: `the object at ${where} has ${count(keys)} keys; the limit is ${count(GRAPH_LIMITS.keys)} keys in one object`,
  };
}

const isNodesPath = (path: readonly (string | number)[]) => path.length === 1 && path[0] === 'nodes';
const keyLimitOf = (path: readonly (string | number)[]) => (isNodesPath(path) ? GRAPH_LIMITS.nodes : GRAPH_LIMITS.keys);

/** The file is larger than `GRAPH_LIMITS.bytes`: a diagnostic saying by how much. */
export function sizeLimitDiagnostic(bytes: number, file?: string): Diagnostic {
  return {
    severity: 'error',
    file,
    path: '',
    message: `the file is ${mebibytes(bytes)} (${count(bytes)} bytes); the limit is ${mebibytes(GRAPH_LIMITS.bytes)}`,
  };
}

/**
 * Size, nesting and keys per object of graph file text, in one pass that keeps no more than
 * `GRAPH_LIMITS.depth` frames: `[]` when within the limits. Works on any text, valid JSON or
 * not, so it runs before `JSON.parse` and everything after it.
 */
export function checkGraphTextLimits(text: string, file?: string): Diagnostic[] {
  return scanGraphText(text, file).diagnostics;
}

/**
 * {@link checkGraphTextLimits}, and how many keys the text writes in all its objects: loading
 * compares that with the parsed value to tell whether `JSON.parse` dropped any.
 */
export function scanGraphText(text: string, file?: string): { diagnostics: Diagnostic[]; keys: number } {
  // A UTF-16 unit is 1 to 3 bytes, so only texts near the limit need their bytes counted.
  if (text.length * 3 > GRAPH_LIMITS.bytes) {
    const bytes = utf8Length(text);
    if (bytes > GRAPH_LIMITS.bytes) return { diagnostics: [sizeLimitDiagnostic(bytes, file)], keys: 0 };
  }
  const limit = GRAPH_LIMITS.depth;
  // Per open container up to the limit: for an object the offsets of the key being read and
  // the keys read so far, for a list the index. Keys are decoded only when a path is named.
  const keyStart: number[] = [];
  const keyEnd: number[] = [];
  const index: number[] = [];
  const keys: number[] = [];
  const keyLimit: number[] = [];
  const expectsKey: boolean[] = [];
  /** The path down to the container at `level` (0 is the file's own object). */
  const pathTo = (level: number, length = PATH_SHOWN): (string | number)[] => {
    const path: (string | number)[] = [];
    for (let l = 0; l < level && path.length < length; l++) {
      path.push(index[l] === -1 ? keyAt(text, keyStart[l] as number, keyEnd[l] as number) : (index[l] as number));
    }
    return path;
  };
  let depth = 0;
  let deepest = 0;
  let tooDeep: { path: (string | number)[]; line: number; column: number } | undefined;
  let crowded: { level: number; path: (string | number)[]; line: number; column: number; keys?: number } | undefined;
  let line = 1;
  let lineStart = 0;
  let keysWritten = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      line++;
      lineStart = i + 1;
    } else if (c === 0x22 /* " */) {
      const start = i;
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x22) break;
        if (d === 0x5c /* \ */) i++;
        else if (d === 0x0a) {
          line++;
          lineStart = i + 1;
        }
      }
      const top = depth - 1;
      if (!tooDeep && depth <= limit && expectsKey[top]) {
        keyStart[top] = start;
        keyEnd[top] = i + 1;
        expectsKey[top] = false;
        keysWritten++;
        const read = (keys[top] = (keys[top] as number) + 1);
        if (!crowded && read > (keyLimit[top] as number)) {
          crowded = { level: top, path: pathTo(top), line, column: start - lineStart + 1 };
        }
      }
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (tooDeep) continue;
      if (depth > limit) {
        tooDeep = { path: pathTo(depth - 1), line, column: i - lineStart + 1 };
        continue;
      }
      const level = depth - 1;
      index[level] = c === 0x7b ? -1 : 0;
      expectsKey[level] = c === 0x7b;
      keys[level] = 0;
      // Only the file's `nodes` object has a limit of its own, so only level 1 needs its key.
      keyLimit[level] = level === 1 ? keyLimitOf(pathTo(1)) : GRAPH_LIMITS.keys;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      if (crowded && crowded.keys === undefined && depth - 1 === crowded.level) crowded.keys = keys[crowded.level];
      if (depth > 0) depth--;
    } else if (c === 0x2c /* , */ && depth > 0 && depth <= limit && !tooDeep) {
      if (index[depth - 1] === -1) expectsKey[depth - 1] = true;
      else index[depth - 1] = (index[depth - 1] as number) + 1;
    }
  }
  const out: Diagnostic[] = [];
  if (crowded) {
    const place = { line: crowded.line, column: crowded.column };
    out.push(keysDiagnostic(file, crowded.path, crowded.keys ?? (keys[crowded.level] as number), place));
  }
  if (tooDeep) out.push(depthDiagnostic(file, tooDeep.path, count(deepest), { line: tooDeep.line, column: tooDeep.column }));
  return { diagnostics: out, keys: keysWritten };
}

function keyAt(text: string, start: number, end: number): string {
  try {
    return JSON.parse(text.slice(start, end)) as string;
  } catch {
    return text.slice(start + 1, end - 1);
  }
}

/** The edge count of a parsed graph file: `[]` when within the limit. */
export function checkEdgeCount(raw: unknown, file?: string): Diagnostic[] {
  const edges = typeof raw === 'object' && raw !== null ? (raw as { edges?: unknown }).edges : undefined;
  if (!Array.isArray(edges) || edges.length <= GRAPH_LIMITS.edges) return [];
  const message = `the graph has ${count(edges.length)} edges; the limit is ${count(GRAPH_LIMITS.edges)}`;
  return [{ severity: 'error', file, path: 'edges', message }];
}

interface Frame {
  value: object;
  /** An object's own keys; `undefined` for a list. */
  keys: string[] | undefined;
  next: number;
}

/**
 * Nesting and keys per object of an already parsed value (an HTTP body, say), walked with an
 * explicit stack that never grows past `GRAPH_LIMITS.depth`: `[]` when within the limits. It
 * stops at the first breach, so a value that contains itself ends the walk too.
 */
function checkValueLimits(value: unknown, file: string | undefined): Diagnostic[] {
  if (typeof value !== 'object' || value === null) return [];
  const stack: Frame[] = [];
  const pathOf = () => stack.map((f) => (f.keys ? (f.keys[f.next - 1] as string) : f.next - 1));
  /** Pushes `v`'s frame, or returns the diagnostic when `v` has too many keys. */
  const enter = (v: object): Diagnostic | undefined => {
    const keys = Array.isArray(v) ? undefined : Object.keys(v);
    // Building the path for every object was half of this walk; only a crowded object needs it.
    if (keys && keys.length > Math.min(GRAPH_LIMITS.nodes, GRAPH_LIMITS.keys)) {
      const path = pathOf();
      if (keys.length > keyLimitOf(path)) return keysDiagnostic(file, path, keys.length, undefined);
    }
    stack.push({ value: v, keys, next: 0 });
    return undefined;
  };
  const first = enter(value);
  if (first) return [first];
  while (stack.length) {
    const top = stack[stack.length - 1] as Frame;
    const size = top.keys ? top.keys.length : (top.value as unknown[]).length;
    if (top.next >= size) {
      stack.pop();
      continue;
    }
    const at = top.next++;
    const child = top.keys ? (top.value as Record<string, unknown>)[top.keys[at] as string] : (top.value as unknown[])[at];
    if (typeof child !== 'object' || child === null) continue;
    if (stack.length >= GRAPH_LIMITS.depth) {
      return [depthDiagnostic(file, pathOf().slice(0, PATH_SHOWN), `more than ${count(GRAPH_LIMITS.depth)}`, undefined)];
    }
    const crowded = enter(child);
    if (crowded) return [crowded];
  }
  return [];
}

/** Edges, keys per object and nesting of an already parsed graph file: `[]` when within the limits. */
export function checkGraphObjectLimits(raw: unknown, file?: string): Diagnostic[] {
  const edges = checkEdgeCount(raw, file);
  return edges.length ? edges : checkValueLimits(raw, file);
}
