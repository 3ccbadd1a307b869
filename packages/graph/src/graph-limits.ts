import type { Diagnostic } from './diagnostic.ts';
import { formatJsonPath } from './json-position.ts';

/**
 * How big a graph file may be. Each is far above any graph a person builds (the examples are
 * at most 6 levels deep; a 200,000-node chain as Adloom saves it is about 48 MB) and low
 * enough that loading, validating and planning stay within seconds and a bounded heap.
 * Checked in linear time before anything recursive (the schema, migrations, params) runs.
 */
export const GRAPH_LIMITS: Readonly<{ depth: number; bytes: number; nodes: number; edges: number }> = {
  /** Levels of nested objects and lists; the file's own object is level 1, a param's value level 5. */
  depth: 512,
  /** Size of the file's text in UTF-8 bytes: 64 MiB. */
  bytes: 64 * 1024 * 1024,
  nodes: 200_000,
  edges: 400_000,
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
 * Size and nesting of graph file text, in one pass that keeps no more than `GRAPH_LIMITS.depth`
 * frames: `[]` when within the limits. Works on any text, valid JSON or not, so it can run
 * before `JSON.parse` and everything after it.
 */
export function checkGraphTextLimits(text: string, file?: string): Diagnostic[] {
  // A UTF-16 unit is 1 to 3 bytes, so only texts near the limit need their bytes counted.
  if (text.length * 3 > GRAPH_LIMITS.bytes) {
    const bytes = utf8Length(text);
    if (bytes > GRAPH_LIMITS.bytes) return [sizeLimitDiagnostic(bytes, file)];
  }
  const limit = GRAPH_LIMITS.depth;
  // Per open container up to the limit: for an object the offsets of the key being read, for a
  // list the index. Keys are decoded only when a path has to be named.
  const keyStart: number[] = [];
  const keyEnd: number[] = [];
  const index: number[] = [];
  const expectsKey: boolean[] = [];
  let depth = 0;
  let deepest = 0;
  let breach: { path: (string | number)[]; line: number; column: number } | undefined;
  let line = 1;
  let lineStart = 0;
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
      if (!breach && depth <= limit && expectsKey[top]) {
        keyStart[top] = start;
        keyEnd[top] = i + 1;
        expectsKey[top] = false;
      }
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (breach) continue;
      if (depth > limit) {
        const path: (string | number)[] = [];
        for (let level = 0; level < depth - 1 && path.length < PATH_SHOWN; level++) {
          path.push(
            index[level] === -1 ? keyAt(text, keyStart[level] as number, keyEnd[level] as number) : (index[level] as number),
          );
        }
        breach = { path, line, column: i - lineStart + 1 };
        continue;
      }
      index[depth - 1] = c === 0x7b ? -1 : 0;
      expectsKey[depth - 1] = c === 0x7b;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      if (depth > 0) depth--;
    } else if (c === 0x2c /* , */ && depth > 0 && depth <= limit && !breach) {
      if (index[depth - 1] === -1) expectsKey[depth - 1] = true;
      else index[depth - 1] = (index[depth - 1] as number) + 1;
    }
  }
  if (!breach) return [];
  return [depthDiagnostic(file, breach.path, count(deepest), { line: breach.line, column: breach.column })];
}

function keyAt(text: string, start: number, end: number): string {
  try {
    return JSON.parse(text.slice(start, end)) as string;
  } catch {
    return text.slice(start + 1, end - 1);
  }
}

/** Node and edge counts of a parsed graph file: `[]` when within the limits. Reads no deeper than `nodes`. */
export function checkGraphCounts(raw: unknown, file?: string): Diagnostic[] {
  if (typeof raw !== 'object' || raw === null) return [];
  const { nodes, edges } = raw as { nodes?: unknown; edges?: unknown };
  const out: Diagnostic[] = [];
  const nodeCount = typeof nodes === 'object' && nodes !== null ? Object.keys(nodes).length : 0;
  if (nodeCount > GRAPH_LIMITS.nodes) {
    out.push({
      severity: 'error',
      file,
      path: 'nodes',
      message: `the graph has ${count(nodeCount)} nodes; the limit is ${count(GRAPH_LIMITS.nodes)}`,
    });
  }
  if (Array.isArray(edges) && edges.length > GRAPH_LIMITS.edges) {
    out.push({
      severity: 'error',
      file,
      path: 'edges',
      message: `the graph has ${count(edges.length)} edges; the limit is ${count(GRAPH_LIMITS.edges)}`,
    });
  }
  return out;
}

interface Frame {
  value: object;
  /** An object's own keys; `undefined` for a list. */
  keys: string[] | undefined;
  next: number;
}

/**
 * Nesting of an already parsed value (an HTTP body, say), walked with an explicit stack that
 * never grows past `GRAPH_LIMITS.depth`: `[]` when within the limit. It stops at the first
 * place too deep, so a value that contains itself ends the walk too.
 */
export function checkValueDepth(value: unknown, file?: string): Diagnostic[] {
  if (typeof value !== 'object' || value === null) return [];
  const frameOf = (v: object): Frame => ({ value: v, keys: Array.isArray(v) ? undefined : Object.keys(v), next: 0 });
  const stack: Frame[] = [frameOf(value)];
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
      const path = stack.slice(0, PATH_SHOWN).map((f) => (f.keys ? (f.keys[f.next - 1] as string) : f.next - 1));
      return [depthDiagnostic(file, path, `more than ${count(GRAPH_LIMITS.depth)}`, undefined)];
    }
    stack.push(frameOf(child));
  }
  return [];
}

/** Node and edge counts, then nesting, of an already parsed graph file: `[]` when within the limits. */
export function checkGraphObjectLimits(raw: unknown, file?: string): Diagnostic[] {
  const counts = checkGraphCounts(raw, file);
  return counts.length ? counts : checkValueDepth(raw, file);
}
