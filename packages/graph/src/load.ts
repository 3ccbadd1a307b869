import type { Diagnostic } from './diagnostic.ts';
import { MigrationError, migrateGraph } from './migrate.ts';
import { type GraphFile, graphFileSchema } from './schema.ts';

export interface LoadResult {
  graph?: GraphFile;
  diagnostics: Diagnostic[];
}

/** 1-based line and column of a character offset. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
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

function syntaxDiagnostic(text: string, error: SyntaxError, file: string | undefined): Diagnostic {
  const position = /at position (\d+)/.exec(error.message);
  const offset = position ? Number(position[1]) : text.length;
  const { line, column } = lineAndColumn(text, offset);
  // V8 words it as `Unexpected token '}', "..." is not valid JSON`; keep the first clause.
  const reason = error.message.replace(/ in JSON at position.*$/s, '').replace(/, ".*$/s, '');
  return {
    severity: 'error',
    file,
    path: '',
    line,
    column,
    message: `invalid JSON at line ${line}, column ${column}: ${reason}`,
  };
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

/** Parses, migrates and schema-checks graph file text. Unknown node types are kept as they are. */
export function loadGraphText(text: string, file?: string): LoadResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { diagnostics: [syntaxDiagnostic(text, error as SyntaxError, file)] };
  }
  return loadGraphObject(raw, file);
}

/** Migrates and schema-checks an already parsed graph file. */
export function loadGraphObject(raw: unknown, file?: string): LoadResult {
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
    return { severity: 'error', file, nodeId, path, message: `${path || 'the file'}: ${issue.message}` };
  });
  return { diagnostics };
}
