import { mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeRegistry, type RunEvent } from '@adloom/engine';
import { pack as corePack } from '@adloom/nodes-core';
import { describe, expect, it } from 'vitest';
import { runEvents as events, hostOn as hostOnKit } from '../../test/host-kit.ts';
import type { HostService } from './host-service.ts';
import { MANIFEST_READ_BYTES } from './run-history.ts';

// A 2x2 red PNG, so a run makes a real image file in the store.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);

const registry = new NodeRegistry([corePack]);

const hostOn = (workspace: string) => hostOnKit(workspace, registry);

async function workspace() {
  const dir = await realpath(await mkdtemp(join(tmpdir(), 'adloom-history-')));
  await writeFile(join(dir, 'red.png'), PNG);
  return dir;
}

const graph = (line: string) => ({
  adloom: 1,
  name: 'Spring',
  nodes: {
    photo: { type: 'input.image', params: { name: 'photo', default: 'red.png' } },
    line: { type: 'text.template', params: { template: line } },
  },
  edges: [],
});

async function runOnce(host: HostService, path: string | undefined, line: string): Promise<string> {
  const { runId } = await host.startRun({ graph: graph(line), ...(path ? { path } : {}) });
  const seen = await events(host, runId);
  expect(seen.at(-1)).toMatchObject({ type: 'run.finished', status: 'succeeded' });
  return runId;
}

/** A run folder written by hand, as a hostile or broken workspace could hold one. */
async function writeManifest(dir: string, runId: string, manifest: Record<string, unknown>) {
  await mkdir(join(dir, 'runs', runId), { recursive: true });
  await writeFile(join(dir, 'runs', runId, 'manifest.json'), JSON.stringify(manifest));
}

describe('[host.R1] the run history', () => {
  it('lists the runs on disk newest first, with their graph, status, times and counts, and one graph alone', async () => {
    const dir = await workspace();
    const host = hostOn(dir);
    await writeFile(join(dir, 'spring.adloom.json'), JSON.stringify(graph('x')));
    const first = await runOnce(host, 'spring.adloom.json', 'Old words');
    const second = await runOnce(host, 'spring.adloom.json', 'Old words');
    const unsaved = await runOnce(host, undefined, 'Unsaved');

    // A restarted host knows none of them live: they come from the run folders.
    const list = await hostOn(dir).listRuns();
    expect(list.skipped).toEqual([]);
    expect(list.runs.map((r) => r.runId)).toEqual([unsaved, second, first]);
    const [u, s] = list.runs;
    expect(u?.path).toBeUndefined();
    expect(s).toMatchObject({
      runId: second,
      path: 'spring.adloom.json',
      graphName: 'Spring',
      status: 'succeeded',
      nodes: { ok: 1, cached: 1, failed: 0, total: 2 },
    });
    expect(Date.parse(s?.finishedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(s?.startedAt ?? ''));
    expect(typeof s?.durationMs).toBe('number');

    const one = await hostOn(dir).listRuns({ path: 'spring.adloom.json' });
    expect(one.runs.map((r) => r.runId)).toEqual([second, first]);
    expect((await hostOn(dir).listRuns({ path: 'spring.adloom.json', limit: 1 })).runs.map((r) => r.runId)).toEqual([second]);
  });

  it('[host.R2] reopens a past run after a restart: its results, its image by hash, then its end', async () => {
    const dir = await workspace();
    const before = hostOn(dir);
    const runId = await runOnce(before, undefined, 'Old words');
    const live = await events(before, runId);
    const liveImage = live.find((e) => e.type === 'node.finished' && e.nodeId === 'photo') as Extract<
      RunEvent,
      { type: 'node.finished' }
    >;

    const replayed = await events(hostOn(dir), runId);
    expect(replayed.map((e) => e.type)).toEqual(['run.started', 'node.finished', 'node.finished', 'run.finished']);
    const line = replayed.find((e) => e.type === 'node.finished' && e.nodeId === 'line') as Extract<
      RunEvent,
      { type: 'node.finished' }
    >;
    expect(line.outputs.text).toBe('Old words');
    const photo = replayed.find((e) => e.type === 'node.finished' && e.nodeId === 'photo') as Extract<
      RunEvent,
      { type: 'node.finished' }
    >;
    // The same reference a live run sends: the store's file, by its hash.
    expect(photo.outputs.image).toMatchObject({
      kind: 'image',
      mime: 'image/png',
      width: 2,
      height: 2,
      sha256: (liveImage.outputs.image as { sha256: string }).sha256,
      path: (liveImage.outputs.image as { path: string }).path,
    });
    expect(replayed.at(-1)).toMatchObject({ type: 'run.finished', status: 'succeeded' });
    expect(photo.outputs.image).not.toHaveProperty('isMissing');
  });

  it('[host.R3] reopens a past run whose image is gone from the store: that file says so, the rest is as it was', async () => {
    const dir = await workspace();
    const host = hostOn(dir);
    const runId = await runOnce(host, undefined, 'Old words');
    const finished = (seen: RunEvent[], nodeId: string) =>
      (seen.find((e) => e.type === 'node.finished' && e.nodeId === nodeId) as Extract<RunEvent, { type: 'node.finished' }>)
        .outputs;
    const image = finished(await events(host, runId), 'photo').image as { path: string; sha256: string };
    expect(image).not.toHaveProperty('isMissing');
    // The designer cleans the store (or the cache is pruned): the run folder is still there.
    await rm(image.path);

    // Told again by the host that ran it, and by one started afresh (from the run's manifest).
    for (const told of [await events(host, runId), await events(hostOn(dir), runId)]) {
      expect(finished(told, 'photo').image).toMatchObject({
        kind: 'image',
        sha256: image.sha256,
        path: image.path,
        isMissing: true,
      });
      expect(finished(told, 'line').text).toBe('Old words');
      expect(told.at(-1)).toMatchObject({ type: 'run.finished', status: 'succeeded' });
    }
  });

  it('shows a run whose process died as interrupted, and one with no manifest as not there (404)', async () => {
    const dir = await workspace();
    await writeManifest(dir, '20260101-120000-dead01', {
      adloomManifest: 1,
      runId: '20260101-120000-dead01',
      graph: { name: 'Crashed', hash: 'x' },
      inputs: {},
      startedAt: '2026-01-01T12:00:00.000Z',
      status: 'running',
      nodes: { a: { status: 'not-run' } },
    });
    const host = hostOn(dir);
    const list = await host.listRuns();
    expect(list.runs).toEqual([expect.objectContaining({ runId: '20260101-120000-dead01', status: 'interrupted' })]);
    const replayed = await events(host, '20260101-120000-dead01');
    expect(replayed.at(-1)).toMatchObject({ type: 'run.finished', status: 'failed', error: 'the run was interrupted' });
    expect(() => host.subscribeRun('20260101-120000-none00', () => {})).toThrow('there is no run 20260101-120000-none00');
    expect(() => host.subscribeRun('../../etc', () => {})).toThrow('there is no run');
  });

  it('reads a manifest as data: a path outside the workspace names nothing and is never read', async () => {
    const dir = await workspace();
    const outside = await realpath(await mkdtemp(join(tmpdir(), 'adloom-outside-')));
    await writeFile(join(outside, 'secret.txt'), 'the secret words');
    const sha = 'a'.repeat(64);
    await writeManifest(dir, 'hostile', {
      adloomManifest: 1,
      runId: '../../elsewhere',
      graph: { name: 'Hostile', file: join(outside, 'secret.adloom.json'), hash: 'x' },
      inputs: {},
      startedAt: '2026-01-02T12:00:00.000Z',
      finishedAt: '2026-01-02T12:00:01.000Z',
      status: 'succeeded',
      nodes: {
        a: {
          status: 'succeeded',
          outputs: {
            image: {
              kind: 'image',
              mime: 'text/plain',
              sha256: sha,
              file: join(outside, 'secret.txt'),
              path: join(outside, 'secret.txt'),
            },
          },
        },
      },
    });
    const host = hostOn(dir);
    const list = await host.listRuns();
    expect(list.runs).toEqual([expect.objectContaining({ runId: 'hostile', graphName: 'Hostile', status: 'succeeded' })]);
    expect(list.runs[0]?.path).toBeUndefined();
    expect((await host.listRuns({ path: join(outside, 'secret.adloom.json') })).runs).toEqual([]);

    const replayed = await events(host, 'hostile');
    const text = JSON.stringify(replayed);
    expect(text).not.toContain('the secret words');
    expect(text).not.toContain(outside);
    const image = (replayed[1] as Extract<RunEvent, { type: 'node.finished' }>).outputs.image as { path: string };
    expect(image.path).toBe(join(dir, '.adloom', 'artifacts', 'aa', `${sha}.txt`));
    expect(replayed.every((e) => e.runId === 'hostile')).toBe(true);
  });

  it('skips, with the reason, a manifest too large to read, a torn one, a link and a pipe, and lists the rest', async () => {
    const dir = await workspace();
    const host = hostOn(dir);
    const good = await runOnce(host, undefined, 'Fine');
    await mkdir(join(dir, 'runs', 'huge'), { recursive: true });
    // Sparse: as large as it says, without writing it.
    const { open } = await import('node:fs/promises');
    const huge = await open(join(dir, 'runs', 'huge', 'manifest.json'), 'w');
    await huge.truncate(MANIFEST_READ_BYTES + 1);
    await huge.close();
    await mkdir(join(dir, 'runs', 'torn'), { recursive: true });
    await writeFile(join(dir, 'runs', 'torn', 'manifest.json'), '{"adloomManifest": 1, "status": "succ');
    await mkdir(join(dir, 'runs', 'linked'), { recursive: true });
    await symlink('/etc/passwd', join(dir, 'runs', 'linked', 'manifest.json'));
    await mkdir(join(dir, 'runs', 'piped'), { recursive: true });
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [join(dir, 'runs', 'piped', 'manifest.json')]);

    const list = await hostOn(dir).listRuns();
    expect(list.runs.map((r) => r.runId)).toEqual([good]);
    const reasons = Object.fromEntries(list.skipped.map((s) => [s.runId, s.reason]));
    expect(reasons.huge).toBe('its manifest.json is 16.0 MB, over the 16.0 MB the run history reads');
    expect(reasons.torn).toBe('its manifest.json is not JSON (torn, or not written by Adloom)');
    expect(reasons.linked).toBe('its manifest.json cannot be read (a link, or not allowed)');
    expect(reasons.piped).toBe('its manifest.json is not a file');
    const replayed = await events(hostOn(dir), 'huge');
    expect(replayed).toEqual([expect.objectContaining({ type: 'run.finished', status: 'failed' })]);
    expect((replayed[0] as { error: string }).error).toContain('over the 16.0 MB');
    expect(await readFile(join(dir, 'runs', good, 'manifest.json'), 'utf8')).toContain('"status": "succeeded"');
  });
});
