import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, open, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const bin = join(root, 'packages/cli/bin/adloom.js');
const node = join(root, 'node_modules/.bin/node');

/** Pids of running ffmpeg processes whose command line mentions `needle`. */
async function ffmpegProcessesMentioning(needle: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const file = await open(`/proc/${entry}/cmdline`, 'r');
      const text = (await file.readFile()).toString('utf8');
      await file.close();
      if (text.split('\0')[0]?.endsWith('ffmpeg') && text.includes(needle)) pids.push(Number(entry));
    } catch {
      // gone already
    }
  }
  return pids;
}

/** A program on this PATH, named directly so a test can take PATH away. */
const onPath = (name: string) =>
  (process.env.PATH ?? '')
    .split(delimiter)
    .map((dir) => join(dir, name))
    .find((path) => existsSync(path)) ?? name;

const wait = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Polls until `check` holds or `ms` pass; returns whether it held. */
async function eventually(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (performance.now() < deadline) {
    if (await check()) return true;
    await wait(50);
  }
  return check();
}

const folders: string[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  // Whatever a failed test left behind, by pid, only ours.
  for (const dir of folders) for (const pid of await ffmpegProcessesMentioning(dir)) process.kill(pid, 'SIGKILL');
  await Promise.all(folders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A folder with an image and a graph whose one video takes far longer than the test waits. */
async function slowVideoGraph(): Promise<{ dir: string; graph: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'adloom-orphans-'));
  folders.push(dir);
  await sharp({ create: { width: 720, height: 1280, channels: 3, background: '#406080' } })
    .composite([{ input: Buffer.from('<svg width="720" height="1280"><circle cx="300" cy="500" r="200" fill="#fa4"/></svg>') }])
    .png()
    .toFile(join(dir, 'shot.png'));
  const graph = {
    adloom: 1,
    name: 'a long encode',
    nodes: {
      shot: { type: 'input.image', params: { name: 'shot', default: 'shot.png' } },
      video: {
        type: 'video.assemble',
        params: { width: 720, height: 1280, duration: 120, encoderPreset: 'slow', crf: 10 },
      },
    },
    edges: [{ from: 'shot.image', to: 'video.images' }],
  };
  await writeFile(join(dir, 'long.adloom.json'), JSON.stringify(graph));
  return { dir, graph: join(dir, 'long.adloom.json') };
}

/** Starts `adloom run`, waits for its ffmpeg, kills the run with SIGKILL and says what is left. */
async function killRunMidEncode(env: NodeJS.ProcessEnv): Promise<{ before: number[]; after: number[] }> {
  const { dir, graph } = await slowVideoGraph();
  const child = spawn(node, [bin, 'run', graph, '--no-cache'], { cwd: dir, env: { ...process.env, ...env }, stdio: 'ignore' });
  children.push(child);
  // The ffmpeg command names the image in this folder's store: that is the marker.
  const started = await eventually(async () => (await ffmpegProcessesMentioning(dir)).length > 0, 60_000);
  expect(started, 'adloom run never started ffmpeg').toBe(true);
  const before = await ffmpegProcessesMentioning(dir);
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGKILL');
  await exited;
  await eventually(async () => (await ffmpegProcessesMentioning(dir)).length === 0, 3_000);
  return { before, after: await ffmpegProcessesMentioning(dir) };
}

describe.runIf(process.platform === 'linux')('ffmpeg ends with the run that started it', () => {
  it('kill -9 of adloom run mid-encode leaves no ffmpeg running (parent-death signal)', async () => {
    const { before, after } = await killRunMidEncode({});
    expect(before.length).toBeGreaterThan(0);
    expect(after).toEqual([]);
  }, 90_000);

  it('kill -9 leaves no ffmpeg either where setpriv is missing (the watchdog process)', async () => {
    // A PATH without util-linux: ffmpeg and ffprobe are named directly, setpriv cannot be found.
    const empty = await mkdtemp(join(tmpdir(), 'adloom-no-setpriv-'));
    folders.push(empty);
    const { before, after } = await killRunMidEncode({
      PATH: empty,
      FFMPEG_PATH: process.env.FFMPEG_PATH ?? onPath('ffmpeg'),
      FFPROBE_PATH: process.env.FFPROBE_PATH ?? onPath('ffprobe'),
    });
    expect(before.length).toBeGreaterThan(0);
    expect(after).toEqual([]);
  }, 90_000);
});
