import { parseArgs } from 'node:util';
import { runGraph } from '@adloom/engine';
import { formatDiagnostic, hasErrors } from '@adloom/graph';
import { prepareRun } from './assignments.ts';
import { readGraphFile } from './graph-file.ts';
import { loadRegistry } from './load-registry.ts';
import type { Io } from './main.ts';
import { ProgressView } from './progress.ts';
import { EXIT, UsageError } from './usage-error.ts';

/** `adloom run GRAPH ...`: validates, runs with progress per node, prints the run folder. */
export async function runCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      input: { type: 'string', multiple: true, default: [] },
      set: { type: 'string', multiple: true, default: [] },
      out: { type: 'string' },
      only: { type: 'string', multiple: true, default: [] },
      concurrency: { type: 'string' },
      'no-cache': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  const [file, ...extra] = positionals;
  if (!file) throw new UsageError('run: name the graph file, e.g. `adloom run examples/hello-brief.adloom.json`');
  if (extra.length) throw new UsageError(`run takes one graph file; unexpected "${extra.join(' ')}"`);
  let concurrency: number | undefined;
  if (values.concurrency !== undefined) {
    concurrency = Number(values.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new UsageError(`--concurrency must be a whole number of at least 1, got "${values.concurrency}"`);
    }
  }

  const loaded = await readGraphFile(file);
  if (!loaded.graph) {
    for (const d of loaded.diagnostics) io.stderr.write(`${formatDiagnostic(d)}\n`);
    return EXIT.invalid;
  }
  const registry = await loadRegistry();
  const catalog = registry.catalog();
  const { graph, inputs, diagnostics } = prepareRun(loaded.graph, catalog, file, values);
  for (const d of diagnostics) io.stderr.write(`${formatDiagnostic(d)}\n`);
  if (hasErrors(diagnostics)) return EXIT.invalid;

  const controller = new AbortController();
  io.signal?.addEventListener('abort', () => controller.abort(), { once: true });
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts === 1) {
      io.stderr.write('\nCancelling… (Ctrl-C again to quit at once)\n');
      controller.abort();
    } else {
      process.exit(130);
    }
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  const view = values.json ? undefined : new ProgressView(io.stdout, { verbose: values.verbose });
  try {
    const result = await runGraph(graph, {
      registry,
      inputs,
      only: values.only.length ? values.only : undefined,
      concurrency,
      cache: values['no-cache'] ? false : undefined,
      runsDir: values.out,
      graphPath: file,
      signal: controller.signal,
      onEvent: (event) => {
        if (values.json) io.stdout.write(`${JSON.stringify(event)}\n`);
        else view?.handle(event);
      },
    });
    return result.status === 'succeeded' ? EXIT.ok : EXIT.runFailed;
  } finally {
    view?.stop();
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}
