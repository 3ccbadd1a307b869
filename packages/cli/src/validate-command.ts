import { parseArgs } from 'node:util';
import { formatDiagnostic, hasErrors, validateGraph } from '@adloom/graph';
import { readGraphFile } from './graph-file.ts';
import { loadCatalog } from './load-registry.ts';
import type { Io } from './main.ts';
import { EXIT, UsageError } from './usage-error.ts';

/** `adloom validate GRAPH [--json]`: every problem of a graph file, each with its place. */
export async function validateCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { json: { type: 'boolean', default: false }, verbose: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
  const [file, ...extra] = positionals;
  if (!file) throw new UsageError('validate: name the graph file, e.g. `adloom validate examples/hello-brief.adloom.json`');
  if (extra.length) throw new UsageError(`validate takes one graph file; unexpected "${extra.join(' ')}"`);
  const loaded = await readGraphFile(file);
  // A file that did not load (syntax, limits, schema) needs no node packs to say so.
  const diagnostics = loaded.graph ? validateGraph(loaded.graph, await loadCatalog(), { file }) : loaded.diagnostics;
  const valid = !hasErrors(diagnostics);
  if (values.json) {
    io.stdout.write(`${JSON.stringify({ file, valid, diagnostics })}\n`);
  } else {
    for (const d of diagnostics) io.stderr.write(`${formatDiagnostic(d)}\n`);
    if (valid && loaded.graph) {
      const nodes = Object.keys(loaded.graph.nodes).length;
      io.stdout.write(
        `${file} is valid: ${nodes} node${nodes === 1 ? '' : 's'}, ${loaded.graph.edges.length} edge${loaded.graph.edges.length === 1 ? '' : 's'}\n`,
      );
    } else {
      const errors = diagnostics.filter((d) => d.severity === 'error').length;
      io.stderr.write(`${file}: ${errors} problem${errors === 1 ? '' : 's'}\n`);
    }
  }
  return valid ? EXIT.ok : EXIT.invalid;
}
