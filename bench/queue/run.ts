/**
 * The queue benchmark: `node bench/queue/run.ts` (`-- --jobs N` to change the 40).
 *
 * (a) Throughput: N jobs whose time is provider latency (one llm.generate call each against a
 *     local OpenAI-compatible server that answers after 300 ms) on 1, 2 and 4 worker
 *     processes, each taking one job at a time; prints the ratios against 1 worker
 *     (target: at least 3.6x with 4).
 * (b) Overhead: the same job, one at a time, through the queue against running the same graph
 *     with runGraph in this process (target: at most 50 ms a job).
 *
 * Needs `redis-server` on PATH; starts its own on a free loopback port.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadRegistry } from '@adloom/cli';
import { runGraph, sha256 } from '@adloom/engine';
import { graphFrom, serializeGraph } from '@adloom/graph';
import { RunQueue } from '@adloom/queue';
import { startRedisServer } from '@adloom/queue/test/redis-server';

const LATENCY_MS = 300;
const jobsFlag = process.argv.indexOf('--jobs');
const JOBS = jobsFlag > 0 ? Number(process.argv[jobsFlag + 1]) : 40;
const OVERHEAD_ROUNDS = 10;
const root = resolve(import.meta.dirname, '../..');

/** Answers chat completions after LATENCY_MS, streamed or whole, as the openai client expects. */
function startModelServer(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const stream = (JSON.parse(body || '{}') as { stream?: boolean }).stream === true;
      setTimeout(() => {
        const id = 'chatcmpl-bench';
        const created = Math.floor(Date.now() / 1000);
        if (!stream) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              id,
              object: 'chat.completion',
              created,
              model: 'bench',
              choices: [{ index: 0, message: { role: 'assistant', content: 'A fast answer.' }, finish_reason: 'stop' }],
              usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 },
            }),
          );
          return;
        }
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        const chunk = (delta: object, finish: string | null) =>
          `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: 'bench', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
        res.write(chunk({ role: 'assistant', content: 'A fast answer.' }, null));
        res.write(chunk({}, 'stop'));
        res.end('data: [DONE]\n\n');
      }, LATENCY_MS);
    });
  });
  return new Promise((ready) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      ready({ server, url: `http://127.0.0.1:${port}/v1` });
    }),
  );
}

const graphFor = (i: number) =>
  graphFrom(
    {
      ask: ['llm.generate', { provider: 'compatible', model: 'bench' }],
      prompt: ['input.text', { name: 'prompt', default: `Write headline ${i}` }],
    },
    ['prompt.text -> ask.prompt'],
    `bench ${i}`,
  );

function startWorkers(count: number, redisUrl: string, workspace: string, env: NodeJS.ProcessEnv): Promise<ChildProcess[]> {
  return Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ChildProcess>((ready, fail) => {
          const child = spawn(
            join(root, 'node_modules/.bin/node'),
            [join(root, 'packages/cli/bin/adloom.js'), 'worker', '--redis', redisUrl, '--workspace', workspace],
            { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] },
          );
          let out = '';
          child.stdout?.on('data', (d) => {
            out += d;
            if (out.includes(' ready: ')) ready(child);
          });
          child.once('exit', (code) => fail(new Error(`a worker exited with ${code}: ${out}`)));
        }),
    ),
  );
}

async function stopWorkers(workers: ChildProcess[]): Promise<void> {
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((done) => {
          w.removeAllListeners('exit');
          w.once('exit', () => done());
          w.kill('SIGTERM');
        }),
    ),
  );
}

async function queueJobs(queue: RunQueue, prefix: string, count: number): Promise<number> {
  const started = performance.now();
  const ids = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const graph = serializeGraph(graphFor(i));
      const { id } = await queue.add(
        { graph, graphHash: sha256(graph), graphName: `bench ${i}`, noCache: true },
        { id: `${prefix}-${i}` },
      );
      return id;
    }),
  );
  const records = await Promise.all(ids.map((id) => queue.finished(id)));
  const failed = records.filter((r) => r.state !== 'completed');
  if (failed.length) throw new Error(`${failed.length} jobs failed: ${failed[0]?.error}`);
  return performance.now() - started;
}

const model = await startModelServer();
const redis = await startRedisServer();
const workspace = await mkdtemp(join(tmpdir(), 'adloom-bench-queue-'));
const env = { OPENAI_BASE_URL: model.url, OPENAI_API_KEY: 'bench-no-key' };
const queue = await RunQueue.open(redis.url);
try {
  const throughput: Record<number, number> = {};
  for (const count of [1, 2, 4]) {
    const workers = await startWorkers(count, redis.url, workspace, env);
    const ms = await queueJobs(queue, `w${count}`, JOBS);
    await stopWorkers(workers);
    throughput[count] = (JOBS / ms) * 1000;
    console.log(
      JSON.stringify({ measure: 'throughput', workers: count, jobs: JOBS, ms: Math.round(ms), jobsPerSec: throughput[count] }),
    );
  }

  // Overhead: one job at a time through one worker, against the same graph run here.
  const [worker] = await startWorkers(1, redis.url, workspace, env);
  const registry = await loadRegistry({ workspace });
  const previous = { base: process.env.OPENAI_BASE_URL, key: process.env.OPENAI_API_KEY };
  Object.assign(process.env, env);
  let queued = 0;
  let inProcess = 0;
  // Interleaved rounds, so drift on a shared machine falls on both sides alike.
  for (let round = 0; round < OVERHEAD_ROUNDS; round++) {
    queued += await queueJobs(queue, `one-${round}`, 1);
    const t0 = performance.now();
    const result = await runGraph(graphFor(round), { registry, workDir: workspace, cache: false });
    inProcess += performance.now() - t0;
    if (result.status !== 'succeeded') throw new Error('the in-process run failed');
  }
  process.env.OPENAI_BASE_URL = previous.base;
  process.env.OPENAI_API_KEY = previous.key;
  await stopWorkers(worker ? [worker] : []);
  const overheadMs = (queued - inProcess) / OVERHEAD_ROUNDS;
  console.log(
    JSON.stringify({
      measure: 'overhead',
      rounds: OVERHEAD_ROUNDS,
      queuedMsPerJob: queued / OVERHEAD_ROUNDS,
      inProcessMsPerJob: inProcess / OVERHEAD_ROUNDS,
      overheadMsPerJob: overheadMs,
    }),
  );

  const one = throughput[1] as number;
  console.log(`\nQueue throughput, ${JOBS} jobs of one ${LATENCY_MS} ms model call each, one job at a time per worker:`);
  for (const count of [1, 2, 4]) {
    console.log(
      `  ${count} worker${count > 1 ? 's' : ' '}: ${(throughput[count] as number).toFixed(2)} jobs/s, ${((throughput[count] as number) / one).toFixed(2)}x 1 worker`,
    );
  }
  console.log(`  target: at least 3.6x with 4 workers`);
  console.log(`Overhead of a queued job against runGraph in process: ${overheadMs.toFixed(1)} ms (target at most 50 ms)`);
} finally {
  await queue.close();
  await redis.close();
  model.server.close();
  await rm(workspace, { recursive: true, force: true });
}
