import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type RedisServer, startRedisServer } from '@adloom/queue/test/redis-server';
import { expect } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const bin = join(root, 'packages/cli/bin/adloom.js');
const node = join(root, 'node_modules/.bin/node');
export const example = join(root, 'examples/hello-brief.adloom.json');
const pack = join(import.meta.dirname, 'fixtures/queue-pack.ts');

export interface Proc {
  child: ChildProcess;
  out: () => string;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** Resolves once `check` holds, looking again every 50 ms (the test's own timeout bounds it). */
export async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 50));
}

/**
 * A real redis-server, a workspace, and `adloom` processes run in it: workers, enqueue, jobs.
 * Nodes of the test pack log their starts and ends to `log`.
 */
export async function queueKit(options: { persist?: boolean } = {}) {
  const redis: RedisServer = await startRedisServer(options);
  const workspace = await mkdtemp(join(tmpdir(), 'adloom-queue-'));
  const log = join(workspace, 'record.log');
  const children = new Set<ChildProcess>();

  const start = (args: string[], env: NodeJS.ProcessEnv = {}): Proc => {
    const child = spawn(node, [bin, ...args], {
      cwd: workspace,
      env: { ...process.env, NO_COLOR: '1', ADLOOM_PACKS: pack, ADLOOM_REDIS_URL: redis.url, ...env },
    });
    children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => (stdout += d));
    child.stderr?.on('data', (d) => (stderr += d));
    const done = new Promise<Awaited<Proc['done']>>((resolveDone) =>
      child.on('close', (code, signal) => {
        children.delete(child);
        resolveDone({ code, signal, stdout, stderr });
      }),
    );
    return { child, out: () => stdout, done };
  };

  const adloom = (args: string[], env?: NodeJS.ProcessEnv) => start(args, env).done;

  const startWorker = async (...extra: string[]): Promise<Proc> => {
    const worker = start(['worker', '--provider-limit', 'testapi=1', '--stall-ms', '1500', ...extra]);
    await until(() => worker.out().includes(' ready: ') || worker.child.exitCode !== null);
    if (worker.child.exitCode !== null) throw new Error(`the worker did not start: ${(await worker.done).stderr}`);
    return worker;
  };

  const logLines = async () =>
    (await readFile(log, 'utf8').catch(() => ''))
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [kind, label, pid, at] = line.split(' ');
        return { kind, label, pid, at: Number(at) };
      });

  const writeGraph = async (name: string, nodes: Record<string, unknown>, edges: { from: string; to: string }[] = []) => {
    const file = join(workspace, `${name}.adloom.json`);
    await writeFile(file, JSON.stringify({ adloom: 1, name, nodes, edges }));
    return file;
  };

  const recordNode = (label: string, ms: number, provider?: string) => ({
    type: 'test.record',
    params: { log, label, ms, ...(provider ? { provider } : {}) },
  });

  // biome-ignore lint/suspicious/noExplicitAny: a job record read back as plain JSON
  const jobOf = async (id: string): Promise<Record<string, any>> => {
    const r = await adloom(['jobs', id, '--json']);
    expect(r.stderr).toBe('');
    return JSON.parse(r.stdout);
  };

  const close = async () => {
    for (const child of children) child.kill('SIGKILL');
    await redis.close();
    await rm(workspace, { recursive: true, force: true });
  };

  return { redis, workspace, log, start, adloom, startWorker, logLines, writeGraph, recordNode, jobOf, close };
}
