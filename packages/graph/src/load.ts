import { describeIssue, valueAt } from './describe-issue.ts';
import type { Diagnostic } from './diagnostic.ts';
import { checkEdgeCount, checkGraphObjectLimits, scanGraphText } from './graph-limits.ts';
import { findSyntaxErrorOffset, formatJsonPath, lineAndColumn } from './json-position.ts';
import { findLostKeys, mayHaveLostKeys } from './lost-keys.ts';
import { MigrationError, migrateGraph } from './migrate.ts';
import { type GraphFile, graphFileSchema } from './schema.ts';

export interface LoadResult {
  graph?: GraphFile;
  diagnostics: Diagnostic[];
}

function syntaxDiagnostic(text: string, error: SyntaxError, file: string | undefined): Diagnostic {
  const offset = findSyntaxErrorOffset(text);
  const place = offset === undefined ? undefined : lineAndColumn(text, offset);
  // Keep the engine's reason, not its place or quoted excerpt: V8 says `Unexpected token 'x',
  // ..."me": xSprin"... is not valid JSON`, Firefox `JSON.parse: ... at line 3 column 2 of the JSON data`.
  const reason = error.message
    .replace(/ in JSON at position.*$/s, '')
    .replace(/, (\.\.\.)?".*$/s, '')
    .replace(/^JSON\.parse: /, '')
    .replace(/ at line \d+ column \d+ of the JSON data$/, '');
  const where = place ? ` at line ${place.line}, column ${place.column}` : '';
  return { severity: 'error', file, path: '', ...place, message: `invalid JSON${where}: ${reason}` };
}

/**
 * Parses, migrates and schema-checks graph file text. Unknown node types are kept as they are.
 * Text beyond `GRAPH_LIMITS` is refused, in linear time, before anything recursive runs.
 */
export function loadGraphText(text: string, file?: string): LoadResult {
  // Some Windows editors save UTF-8 with a byte order mark, which JSON.parse refuses.
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const scan = scanGraphText(json, file);
  if (scan.diagnostics.length) return { diagnostics: scan.diagnostics };
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    return { diagnostics: [syntaxDiagnostic(json, error as SyntaxError, file)] };
  }
  const tooMany = checkEdgeCount(raw, file);
  if (tooMany.length) return { diagnostics: tooMany };
  const lost = mayHaveLostKeys(raw, scan.keys) ? findLostKeys(json, file) : [];
  if (lost.length) return { diagnostics: lost };
  return loadWithinLimits(raw, file);
}

/**
 * Migrates and schema-checks an already parsed graph file (an HTTP body, an IPC payload). A
 * value beyond `GRAPH_LIMITS` is refused first, by a walk with an explicit stack.
 */
export function loadGraphObject(raw: unknown, file?: string): LoadResult {
  const breaches = checkGraphObjectLimits(raw, file);
  if (breaches.length) return { diagnostics: breaches };
  return loadWithinLimits(raw, file);
}

function loadWithinLimits(raw: unknown, file: string | undefined): LoadResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { diagnostics: [{ severity: 'error', file, path: '', message: 'a graph file must hold a JSON object' }] };
  }
  let migrated: Record<string, unknown>;
  try {
    migrated = migrateGraph(raw as Record<string, unknown>);
  } catch (error) {
    if (!(error instanceof MigrationError)) throw error;
    return { diagnostics: [{ severity: 'error', file, path: 'adloom', message: error.message }] };
  }
  const parsed = graphFileSchema.safeParse(migrated);
  if (parsed.success) return { graph: parsed.data, diagnostics: [] };
  const diagnostics = parsed.error.issues.map((issue): Diagnostic => {
    const path = formatJsonPath(issue.path);
    const nodeId = issue.path[0] === 'nodes' && typeof issue.path[1] === 'string' ? issue.path[1] : undefined;
    const reason = describeIssue(issue, valueAt(migrated, issue.path));
    return { severity: 'error', file, nodeId, path, message: `${path || 'the file'} ${reason}` };
  });
  return { diagnostics };
}
