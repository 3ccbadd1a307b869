import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@adloom/queue/test/redis-server';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example, type Proc, queueKit, until } from './queue-kit.ts';

let kit: Awaited<ReturnType<typeof queueKit>>;
beforeAll(async () => {
  kit = await queueKit();
});
afterAll(async () => {
  await kit?.close();
});

const start: typeof kit.start = (...args) => kit.start(...args);
const adloom: typeof kit.adloom = (...args) => kit.adloom(...args);
const startWorker: typeof kit.startWorker = (...args) => kit.startWorker(...args);
const logLines: typeof kit.logLines = () => kit.logLines();
const writeGraph: typeof kit.writeGraph = (...args) => kit.writeGraph(...args);
const recordNode: typeof kit.recordNode = (...args) => kit.recordNode(...args);
const jobOf: typeof kit.jobOf = (id) => kit.jobOf(id);

// Each test starts worker processes: on a loaded machine a start alone can take seconds.
describe('adloom worker, enqueue and jobs', { timeout: 120_000 }, () => {
  // Workers live on from one test to the next where the story allows: each start costs seconds.
  let a: Proc;
  let b: Proc;
  let c: Proc;
  let heir: Proc;

  it('enqueue --wait runs an example on a worker to a whole manifest, and the same --id twice runs once', async () => {
    [a, b] = await Promise.all([startWorker(), startWorker()]);
    const r = await adloom(['enqueue', example, '--input', 'audience=city commuters', '--id', 'hello-1', '--wait']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Queued job hello-1 ("Hello brief")');
    expect(r.stdout).toMatch(/✓ brief .*Trailblazer 2 running shoes/);
    expect(r.stdout).toContain('Job hello-1 completed: runs/hello-1');
    const manifest = JSON.parse(await readFile(join(kit.workspace, 'runs/hello-1/manifest.json'), 'utf8'));
    expect(manifest.status).toBe('succeeded');
    expect(manifest.inputs).toEqual({ audience: 'city commuters' });
    expect(Object.values(manifest.nodes).map((n) => (n as { status: string }).status)).toEqual(Array(5).fill('succeeded'));
    expect(manifest.nodes.brief.outputs.text).toContain('aimed at city commuters');

    const again = await adloom(['enqueue', example, '--id', 'hello-1', '--wait']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Job hello-1 exists already: not queued again');
    const started = `${a.out()}${b.out()}`.split('\n').filter((l) => l.startsWith('job hello-1 started'));
    expect(started).toHaveLength(1);

    const job = await jobOf('hello-1');
    expect(job).toMatchObject({
      id: 'hello-1',
      state: 'completed',
      runDir: 'runs/hello-1',
      progress: { nodes: 5, done: 5, outcome: 'succeeded' },
      attempts: { made: 1 },
      summary: { status: 'succeeded', nodes: { succeeded: 5 } },
    });
    const list = await adloom(['jobs']);
    expect(list.stdout).toMatch(/hello-1\s+completed\s+5\/5\s+1\s+Hello brief/);
  });

  it('a graph that fails on its own fails its job with the reason, once, not retried', async () => {
    const r = await adloom(['enqueue', example, '--set', 'benefit.path=benefits[9]', '--id', 'broken-1', '--wait']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Job broken-1 failed: node "benefit" failed: nothing at "benefits[9]"');
    const job = await jobOf('broken-1');
    expect(job).toMatchObject({
      state: 'failed',
      attempts: { made: 1, started: 1, allowed: 3 },
      progress: { outcome: 'failed' },
    });
    const manifest = JSON.parse(await readFile(join(kit.workspace, 'runs/broken-1/manifest.json'), 'utf8'));
    expect(manifest.nodes.benefit.status).toBe('failed');
    expect(manifest.nodes.brief.status).toBe('skipped');
  });

  it('an infrastructure failure is retried with backoff, and the retry finishes the job', async () => {
    // A file where the run folder must go: the run cannot start, through no fault of the graph.
    await mkdir(join(kit.workspace, 'runs'), { recursive: true });
    await writeFile(join(kit.workspace, 'runs/infra-1'), 'in the way');
    const waiting = start(['enqueue', example, '--id', 'infra-1', '--wait']);
    await until(() => `${a.out()}${b.out()}`.includes('job infra-1 will be retried'));
    await rm(join(kit.workspace, 'runs/infra-1'));
    const r = await waiting.done;
    expect(r.code).toBe(0);
    expect(await jobOf('infra-1')).toMatchObject({ state: 'completed', attempts: { started: 2 } });
  });

  it('a provider limit of 1 holds across two workers running a job each', async () => {
    const graph = await writeGraph('limited', {
      one: recordNode('one', 300, 'testapi'),
      two: recordNode('two', 300, 'testapi'),
    });
    const runs = await Promise.all([
      adloom(['enqueue', graph, '--id', 'limit-1', '--set', 'one.label=1a', '--set', 'two.label=1b', '--wait']),
      adloom(['enqueue', graph, '--id', 'limit-2', '--set', 'one.label=2a', '--set', 'two.label=2b', '--wait']),
    ]);
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    const lines = (await logLines()).filter((l) => /^[12][ab]$/.test(l.label ?? ''));
    expect(lines).toHaveLength(8);
    // Both workers took part, so only the limit kept their nodes apart.
    expect(new Set(lines.map((l) => l.pid)).size).toBe(2);
    const spans = ['1a', '1b', '2a', '2b']
      .map((label) => ({
        start: lines.find((l) => l.kind === 'start' && l.label === label)?.at as number,
        end: lines.find((l) => l.kind === 'end' && l.label === label)?.at as number,
      }))
      .sort((x, y) => x.start - y.start);
    for (let i = 1; i < spans.length; i++) expect(spans[i]?.start).toBeGreaterThanOrEqual(spans[i - 1]?.end as number);
  });

  it('SIGTERM finishes the job in hand and takes no new one; a queued job that is cancelled never runs', async () => {
    b.child.kill('SIGTERM');
    expect((await b.done).code).toBe(0);
    const graph = await writeGraph('drain', { slow: recordNode('drain', 1_500) });
    const first = start(['enqueue', graph, '--id', 'drain-1', '--wait']);
    await until(async () => (await logLines()).some((l) => l.kind === 'start' && l.label === 'drain'));
    a.child.kill('SIGTERM');
    await until(() => a.out().includes('Stopping: finishing 1 job(s) in hand'));
    const queued = await adloom(['enqueue', graph, '--id', 'drain-2', '--set', 'slow.label=never']);
    expect(queued.code).toBe(0);
    const stopped = await a.done;
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toContain('Worker stopped');
    expect((await first.done).code).toBe(0);
    expect((await logLines()).filter((l) => l.label === 'drain').map((l) => l.kind)).toEqual(['start', 'end']);
    expect((await jobOf('drain-2')).state).toBe('waiting');

    const cancel = await adloom(['jobs', 'cancel', 'drain-2']);
    expect(cancel.code).toBe(0);
    c = await startWorker();
    await until(async () => (await jobOf('drain-2')).state === 'failed');
    expect((await jobOf('drain-2')).error).toBe('cancelled before it started');
    expect((await logLines()).some((l) => l.label === 'never')).toBe(false);
  });

  it('a worker killed mid-job: another takes the job over, reuses what the first cached, and finishes it once', async () => {
    const graph = await writeGraph('crash', { first: recordNode('first', 0), slow: recordNode('slow', 2_000) }, [
      { from: 'first.out', to: 'slow.in' },
    ]);
    // The only worker alive: the one that finished the previous test.
    const doomed = c;
    const waiting = start(['enqueue', graph, '--id', 'crash-1', '--wait', '--json']);
    await until(async () => (await logLines()).some((l) => l.kind === 'start' && l.label === 'slow'));
    doomed.child.kill('SIGKILL');
    await doomed.done;
    heir = await startWorker();
    const r = await waiting.done;
    expect(r.code).toBe(0);
    const lines = await logLines();
    expect(lines.filter((l) => l.label === 'first').map((l) => l.kind)).toEqual(['start', 'end']);
    expect(lines.filter((l) => l.label === 'slow').map((l) => `${l.kind} ${l.pid}`)).toEqual([
      `start ${doomed.child.pid}`,
      `start ${heir.child.pid}`,
      `end ${heir.child.pid}`,
    ]);
    const manifest = JSON.parse(await readFile(join(kit.workspace, 'runs/crash-1/manifest.json'), 'utf8'));
    expect(manifest.status).toBe('succeeded');
    expect(manifest.nodes.first).toMatchObject({ status: 'cached', cached: true });
    expect(manifest.nodes.slow).toMatchObject({ status: 'succeeded', outputs: { out: 'slow' } });
    const job = await jobOf('crash-1');
    expect(job.state).toBe('completed');
    expect(job.worker).toBe(`${job.worker.split(':')[0]}:${heir.child.pid}`);
    expect(r.stdout.trim().split('\n').at(-1)).toContain('"type":"job.finished"');
  });

  it('a running job that is cancelled stops its run and fails as cancelled, not retried', async () => {
    const graph = await writeGraph('cancel', { slow: recordNode('cancelled', 20_000) });
    const waiting = start(['enqueue', graph, '--id', 'cancel-1', '--wait']);
    await until(async () => (await logLines()).some((l) => l.kind === 'start' && l.label === 'cancelled'));
    expect((await adloom(['jobs', 'cancel', 'cancel-1'])).code).toBe(0);
    const r = await waiting.done;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Job cancel-1 failed: cancelled');
    expect(heir.out()).toContain('job cancel-1: cancelling');
    const job = await jobOf('cancel-1');
    expect(job).toMatchObject({ state: 'failed', error: 'cancelled', attempts: { made: 1 }, progress: { outcome: 'cancelled' } });
    const manifest = JSON.parse(await readFile(join(kit.workspace, 'runs/cancel-1/manifest.json'), 'utf8'));
    expect(manifest.status).toBe('cancelled');
  });

  it('image files given to enqueue go into the shared store, and the worker reads them from there', async () => {
    // The graph and its images sit outside the workspace, as on the machine that queues the run.
    const elsewhere = await mkdtemp(join(tmpdir(), 'adloom-enqueue-'));
    const png = (background: string) => sharp({ create: { width: 8, height: 4, channels: 3, background } }).png();
    await png('#ff0000').toFile(join(elsewhere, 'logo.png'));
    await png('#0000ff').toFile(join(elsewhere, 'shot.png'));
    const graph = join(elsewhere, 'images.adloom.json');
    await writeFile(
      graph,
      JSON.stringify({
        adloom: 1,
        name: 'Images',
        nodes: {
          logo: { type: 'input.image', params: { name: 'logo', default: 'logo.png' } },
          shot: { type: 'input.image', params: { name: 'shot' } },
        },
        edges: [],
      }),
    );
    const r = await adloom(['enqueue', graph, '--input', `shot=@${join(elsewhere, 'shot.png')}`, '--id', 'images-1', '--wait']);
    await rm(elsewhere, { recursive: true, force: true });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const manifest = JSON.parse(await readFile(join(kit.workspace, 'runs/images-1/manifest.json'), 'utf8'));
    expect(manifest.nodes.logo.outputs.image).toMatchObject({ width: 8, height: 4 });
    expect(manifest.nodes.shot.outputs.image).toMatchObject({ width: 8, height: 4 });
    expect(manifest.inputs.shot.startsWith(join(kit.workspace, '.adloom/artifacts/'))).toBe(true);
    const shot = await sharp(join(kit.workspace, 'runs/images-1', manifest.nodes.shot.outputs.image.file)).stats();
    expect(shot.channels.map((c) => c.mean)).toEqual([0, 0, 255]);
  });

  it("adloom serve --redis sends a run to a worker and streams the worker's events back", async () => {
    const worker = heir;
    const session = 'queue-test-session-secret';
    const serve = start(['serve', '--redis', kit.redis.url, '--port', '0', '--workspace', kit.workspace], {
      ADLOOM_SESSION: session,
    });
    await until(() => /http:\/\/127\.0\.0\.1:\d+\//.test(serve.out()) || serve.child.exitCode !== null);
    expect(serve.out()).toContain('Runs go to the workers of queue "adloom"');
    const base = (/http:\/\/127\.0\.0\.1:\d+/.exec(serve.out()) as RegExpExecArray)[0];
    const graph = JSON.parse(await readFile(example, 'utf8'));
    const started = await fetch(`${base}/api/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-adloom-session': session },
      body: JSON.stringify({ graph, inputs: { audience: 'night shift nurses' } }),
    });
    expect(started.status).toBe(200);
    const { runId } = (await started.json()) as { runId: string };
    const stream = await fetch(`${base}/api/runs/${runId}/events?session=${session}`);
    const events = (await stream.text())
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => JSON.parse(line.slice('data: '.length)));
    expect(events[0]).toMatchObject({ type: 'run.started', runId });
    expect(events.at(-1)).toMatchObject({ type: 'run.finished', runId, status: 'succeeded' });
    expect(worker.out()).toContain(`job ${runId} started`);
    const manifest = JSON.parse(await readFile(join(kit.workspace, 'runs', runId, 'manifest.json'), 'utf8'));
    expect(manifest.inputs).toEqual({ audience: 'night shift nurses' });
    serve.child.kill('SIGTERM');
    worker.child.kill('SIGTERM');
    await Promise.all([serve.done, worker.done]);
  });

  it('Redis out of reach: worker, enqueue and jobs exit 2 and say which address', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const runs = await Promise.all(
      [['worker'], ['enqueue', example], ['jobs']].map((args) => adloom(args, { ADLOOM_REDIS_URL: url })),
    );
    for (const r of runs) {
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`adloom: cannot reach Redis at ${url}: connect ECONNREFUSED`);
    }
  });
});
