import { parseArgs } from 'node:util';
import { type JobRecord, RunQueue } from '@adloom/queue';
import type { Io } from './main.ts';
import { formatDuration } from './progress.ts';
import { EXIT, UsageError } from './usage-error.ts';
import { redisUrlOf, withRedis } from './worker-command.ts';

function progressOf(record: JobRecord): string {
  const p = record.progress;
  return p?.nodes ? `${p.done}/${p.nodes}` : '-';
}

function summaryLine(record: JobRecord): string | undefined {
  const s = record.summary;
  if (!s) return undefined;
  const nodes = Object.entries(s.nodes)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  return `${s.status} in ${formatDuration(s.durationMs)}: ${nodes}; ${s.artifacts} artifact${s.artifacts === 1 ? '' : 's'}`;
}

function describe(record: JobRecord): string {
  const rows: [string, string | undefined][] = [
    ['graph', `${record.graph.name} (sha256 ${record.graph.hash.slice(0, 12)})`],
    ['progress', record.progress?.nodes ? `${progressOf(record)} nodes` : undefined],
    ['attempts', `${record.attempts.made} of ${record.attempts.allowed} (started ${record.attempts.started})`],
    ['run folder', record.runDir ? `${record.runDir} in the workspace` : undefined],
    ['manifest', summaryLine(record)],
    ['worker', record.worker],
    ['queued', record.createdAt],
    ['finished', record.finishedAt],
    ['error', record.error],
  ];
  const lines = rows.filter((r): r is [string, string] => r[1] !== undefined).map(([k, v]) => `  ${k.padEnd(10)} ${v}`);
  return `Job ${record.id}: ${record.state}\n${lines.join('\n')}\n`;
}

function table(records: JobRecord[]): string {
  if (records.length === 0) return 'No jobs.\n';
  const rows = [
    ['ID', 'STATE', 'PROGRESS', 'ATTEMPTS', 'GRAPH'],
    ...records.map((r) => [r.id, r.state, progressOf(r), String(r.attempts.made), r.graph.name]),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length))) ?? [];
  return `${rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}

/** `adloom jobs [ID] [--json]` and `adloom jobs cancel ID`. */
export async function jobsCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      json: { type: 'boolean', default: false },
      redis: { type: 'string' },
      queue: { type: 'string', default: 'adloom' },
      limit: { type: 'string', default: '50' },
      verbose: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  const redisUrl = redisUrlOf(values.redis);
  const [first, second, ...extra] = positionals;
  if (extra.length || (first !== 'cancel' && second !== undefined)) {
    throw new UsageError(`jobs takes one job id (or \`cancel ID\`); unexpected "${positionals.slice(1).join(' ')}"`);
  }
  if (first === 'cancel' && !second)
    throw new UsageError('jobs cancel: name the job, e.g. `adloom jobs cancel 20261201-200000-a1b2c3`');
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1)
    throw new UsageError(`--limit must be a whole number of at least 1, got "${values.limit}"`);

  return withRedis(io, async () => {
    const queue = await RunQueue.open(redisUrl, values.queue);
    try {
      if (first === 'cancel') {
        const id = second as string;
        const outcome = await queue.cancel(id);
        if (values.json) io.stdout.write(`${JSON.stringify({ id, outcome })}\n`);
        else if (outcome === 'unknown') io.stderr.write(`adloom: there is no job "${id}"\n`);
        else if (outcome === 'finished') io.stdout.write(`Job ${id} has finished already: nothing to cancel\n`);
        else io.stdout.write(`Job ${id}: cancel sent (a running run stops; a queued one will not start)\n`);
        return outcome === 'unknown' ? EXIT.invalid : EXIT.ok;
      }
      if (first) {
        const record = await queue.get(first);
        if (!record) {
          io.stderr.write(`adloom: there is no job "${first}" on queue "${queue.name}"\n`);
          return EXIT.invalid;
        }
        io.stdout.write(values.json ? `${JSON.stringify(record)}\n` : describe(record));
        return EXIT.ok;
      }
      const records = await queue.list(limit);
      io.stdout.write(values.json ? `${JSON.stringify(records)}\n` : table(records));
      return EXIT.ok;
    } finally {
      await queue.close();
    }
  });
}
