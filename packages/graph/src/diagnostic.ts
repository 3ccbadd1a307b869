/** One problem found in a graph, with the place it is in. */
export interface Diagnostic {
  severity: 'error' | 'warning';
  /** The graph file, when known. */
  file?: string;
  nodeId?: string;
  port?: string;
  param?: string;
  /** JSON path into the file, e.g. `nodes.copy.params.count` or `edges[2].to`. */
  path: string;
  /** 1-based line and column, for JSON syntax errors. */
  line?: number;
  column?: number;
  message: string;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** `file: nodes.copy.params.count: message` — how a diagnostic reads on a terminal. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line !== undefined ? `${d.line}:${d.column ?? 1}` : d.path;
  const prefix = [d.file, where].filter(Boolean).join(':');
  return `${prefix ? `${prefix}: ` : ''}${d.severity}: ${d.message}`;
}
