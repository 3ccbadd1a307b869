import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { QueueRunHub } from '@adloom/queue';
import { startServer } from '@adloom/server';
import { loadRegistry } from './load-registry.ts';
import type { Io } from './main.ts';
import { UsageError } from './usage-error.ts';

const repoRoot = resolve(import.meta.dirname, '../../..');

/** `adloom serve`: the editor in a browser and the automation API, until Ctrl-C. */
export async function serveCommand(args: readonly string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      port: { type: 'string', default: '4870' },
      host: { type: 'string', default: '127.0.0.1' },
      workspace: { type: 'string', default: '.' },
      open: { type: 'boolean', default: false },
      redis: { type: 'string' },
      queue: { type: 'string', default: 'adloom' },
      verbose: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new UsageError(`--port must be a port number, got "${values.port}"`);
  // With --redis, runs go to the queue's workers, and their events come back over Redis.
  let runs: QueueRunHub | undefined;
  if (values.redis !== undefined) {
    // The queue and its Redis client load only for a serve that uses them.
    const [{ QueueRunHub, RunQueue }, { redisUrlOf, withRedis }] = await Promise.all([
      import('@adloom/queue'),
      import('./worker-command.ts'),
    ]);
    const redisUrl = redisUrlOf(values.redis);
    const opened = await withRedis(io, async () => {
      runs = await QueueRunHub.open(await RunQueue.open(redisUrl, values.queue), resolve(values.workspace));
      return 0;
    });
    if (opened !== 0) return opened;
  }
  const server = await startServer({
    runs,
    workspace: resolve(values.workspace),
    registry: await loadRegistry({ workspace: resolve(values.workspace) }),
    port,
    host: values.host,
    editorDir: process.env.ADLOOM_EDITOR_DIR ?? resolve(repoRoot, 'apps/editor/dist'),
    examplesDir: resolve(repoRoot, 'examples'),
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE')
      throw new UsageError(`port ${port} is taken: pass --port with another number (0 picks a free one)`);
    throw error;
  });
  io.stdout.write(`Adloom is serving ${resolve(values.workspace)}\n  ${server.url}\n`);
  if (runs) io.stdout.write(`  Runs go to the workers of queue "${values.queue}".\n`);
  if (server.token) io.stdout.write('  The address is not local: the URL above carries the access token; keep it private.\n');
  if (values.open && (process.env.DISPLAY || process.platform !== 'linux')) {
    const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
    spawn(opener, [server.url], { stdio: 'ignore', detached: true })
      .on('error', () => {})
      .unref();
  }
  await new Promise<void>((stop) => {
    io.signal?.addEventListener('abort', () => stop(), { once: true });
    process.once('SIGINT', () => stop());
    process.once('SIGTERM', () => stop());
  });
  await server.close();
  await runs?.close();
  return 0;
}
