/**
 * The media benchmark: `npm run bench:media` (`--rounds N`, default 1; `--graph FILE`).
 *
 * Video against the encoder's floor: encoding the same number of frames with no motion at the
 * same preset and CRF (the fitted picture decoded once, looped in the filter graph, x264).
 * Prints, in one run:
 * - the whole `tiktok-launch` example run by `adloom run --no-cache` (six 15 s 1080x1920
 *   clips): its video step's time against the sum of the six clips' floors. The 2x target
 *   is against the code of the `perspective` filter (the parent of commit 9410f29) running the
 *   graph of that time (one image a clip, no bed): run that code from a git worktree on that
 *   graph (`git show 9410f29^:examples/tiktok-launch.adloom.json`), and this code on the same
 *   file with `--graph`, in one sitting. Today's example (three scenes a clip, captions, a
 *   bed) does more work and compares only with itself;
 * - per clip, a whole `adloom run` of a one-clip graph (process start to exit) against the
 *   floor command for that clip, in the same sitting, rounds alternating which goes first
 *   (target: within 1.5x).
 * Wall times swing with the neighbours' load on a shared machine; the CPU seconds the child
 * processes used (Linux) are printed beside them, and the load average with the summary.
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const roundsArg = process.argv.indexOf('--rounds');
const ROUNDS = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 1;
const CLIP_TARGET = 1.5;
const root = resolve(import.meta.dirname, '../..');
const adloom = join(root, 'packages/cli/bin/adloom.js');
const graphArg = process.argv.indexOf('--graph');
// Another graph of the same shape (a video node named `video` over images) with `--graph FILE`.
const example = graphArg > 0 ? resolve(process.argv[graphArg + 1] as string) : join(root, 'examples/tiktok-launch.adloom.json');
const work = await mkdtemp(join(tmpdir(), 'adloom-bench-media-'));
const log = (message: string) => process.stderr.write(`… ${message}\n`);
const round1 = (n: number) => Math.round(n * 10) / 10;
const ratio3 = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;

/** CPU seconds used by the children this process has reaped (Linux /proc), else undefined. */
async function childCpuSeconds(): Promise<number | undefined> {
  try {
    const stat = await readFile('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the name, state is field 3: cutime and cstime (16, 17) sit at 13 and 14.
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return undefined;
  }
}

interface Timed {
  ms: number;
  cpuSec?: number;
  stdout: string;
}

/** Runs a program to its end; wall time and the CPU its process tree used. */
async function timed(file: string, args: string[], cwd = work): Promise<Timed> {
  const cpu0 = await childCpuSeconds();
  const t0 = performance.now();
  const stdout = await new Promise<string>((done, fail) => {
    const child = spawn(file, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.once('error', fail);
    child.once('close', (code) => (code === 0 ? done(out) : fail(new Error(`${file} exited ${code}: ${err.slice(-800)}`))));
  });
  const ms = performance.now() - t0;
  const cpu1 = await childCpuSeconds();
  return { ms, cpuSec: cpu0 !== undefined && cpu1 !== undefined ? cpu1 - cpu0 : undefined, stdout };
}

interface RunEvent {
  type: string;
  nodeId?: string;
  durationMs?: number;
  message?: string;
  status?: string;
}

const eventsOf = (stdout: string): RunEvent[] =>
  stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as RunEvent);

/** `adloom run --json --no-cache` of a graph, in its own folder. */
async function adloomRun(graph: string, dir: string) {
  await mkdir(dir, { recursive: true });
  const run = await timed(process.execPath, [adloom, 'run', graph, '--no-cache', '--json', '--out', join(dir, 'runs')], dir);
  const events = eventsOf(run.stdout);
  const finished = events.find((e) => e.type === 'run.finished');
  if (finished?.status !== 'succeeded') throw new Error(`${graph} did not succeed: ${JSON.stringify(finished)}`);
  const video = events.find((e) => e.type === 'node.finished' && e.nodeId === 'video');
  return { ...run, events, videoMs: video?.durationMs ?? Number.NaN };
}

/** The encoder's floor for one clip: the same frames, fitted once, looped, no motion, same x264 settings. */
function floorArgs(image: string, frames: number, params: VideoParams, output: string): string[] {
  const { width, height, fps } = params;
  return [
    ...['-hide_banner', '-nostdin', '-y', '-loglevel', 'error'],
    ...['-framerate', String(fps), '-i', image],
    '-vf',
    `scale=${width}:${height}:force_original_aspect_ratio=increase,crop=${width}:${height},setsar=1,format=yuv420p,loop=loop=${frames - 1}:size=1:start=0,setpts=N/(${fps}*TB)`,
    ...['-c:v', 'libx264', '-preset', params.encoderPreset, '-crf', String(params.crf), '-pix_fmt', 'yuv420p'],
    ...['-f', 'mp4', output],
  ];
}

interface VideoParams {
  width: number;
  height: number;
  fps: number;
  duration: number;
  encoderPreset: string;
  crf: number;
  raw: Record<string, unknown>;
}

try {
  const graph = JSON.parse(await readFile(example, 'utf8'));
  const raw = graph.nodes.video.params as Record<string, unknown>;
  // The example's video node: 9:16 at the node's defaults unless the example says otherwise.
  const params: VideoParams = {
    width: 1080,
    height: 1920,
    fps: 30,
    duration: Number(raw.duration ?? 15),
    encoderPreset: String(raw.encoderPreset ?? 'veryfast'),
    crf: Number(raw.crf ?? 20),
    raw,
  };
  const frames = Math.round(params.duration * params.fps);
  log(
    `${availableParallelism()} cores, load ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}; tiktok-launch, whole run`,
  );
  const whole = await adloomRun(example, join(work, 'tiktok'));
  // The six pictures the video step encoded: the first input of each logged ffmpeg command.
  const images = whole.events
    .filter((e) => e.type === 'node.log' && e.nodeId === 'video' && /ffmpeg /.test(e.message ?? ''))
    .map((e) => /-i (\S+\.png) /.exec(e.message ?? '')?.[1])
    .filter((path): path is string => Boolean(path));
  if (images.length === 0) throw new Error('the video step logged no ffmpeg command');

  const floors: number[] = [];
  const floorCpu: number[] = [];
  for (const [index, image] of images.entries()) {
    const dir = join(work, `clip-${index + 1}`);
    await mkdir(dir, { recursive: true });
    const clipGraph = {
      adloom: 1,
      name: `bench: clip ${index + 1}`,
      nodes: {
        picture: { type: 'input.image', params: { name: 'picture', default: 'picture.png' } },
        video: { type: 'video.assemble', params: { ...raw, variantCaption: false } },
      },
      edges: [{ from: 'picture.image', to: 'video.images' }],
    };
    await copyFile(image, join(dir, 'picture.png'));
    // The bed the example names, beside the clip's graph as beside the example's: a clip pays
    // for its sound as the step does.
    if (typeof raw.audioFile === 'string') {
      await mkdir(dirname(join(dir, raw.audioFile)), { recursive: true });
      await copyFile(resolve(dirname(example), raw.audioFile), join(dir, raw.audioFile));
    }
    const graphFile = join(dir, 'clip.adloom.json');
    await writeFile(graphFile, JSON.stringify(clipGraph));
    const nodeRuns: Awaited<ReturnType<typeof adloomRun>>[] = [];
    const floorRuns: Timed[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const order = (index + round) % 2 === 0 ? ['node', 'floor'] : ['floor', 'node'];
      for (const which of order) {
        log(`clip ${index + 1}/${images.length} round ${round + 1}/${ROUNDS}: ${which}`);
        if (which === 'node') nodeRuns.push(await adloomRun(graphFile, join(dir, `node-${round}`)));
        else floorRuns.push(await timed('ffmpeg', floorArgs(image, frames, params, join(dir, `floor-${round}.mp4`))));
      }
    }
    const best = <T extends { ms: number }>(runs: T[]) => runs.reduce((a, b) => (b.ms < a.ms ? b : a));
    const node = best(nodeRuns);
    const floor = best(floorRuns);
    floors.push(floor.ms);
    if (floor.cpuSec !== undefined) floorCpu.push(floor.cpuSec);
    console.log(
      JSON.stringify({
        bench: 'video.assemble one 15 s 1080x1920 clip vs the encoder floor',
        clip: index + 1,
        adloomRunMs: round1(node.ms),
        videoNodeMs: round1(node.videoMs),
        floorMs: round1(floor.ms),
        ratio: ratio3(node.ms, floor.ms),
        nodeOnlyRatio: ratio3(node.videoMs, floor.ms),
        ...(node.cpuSec !== undefined && floor.cpuSec !== undefined
          ? {
              adloomRunCpuSec: round1(node.cpuSec),
              floorCpuSec: round1(floor.cpuSec),
              cpuRatio: ratio3(node.cpuSec, floor.cpuSec),
            }
          : {}),
        target: CLIP_TARGET,
        met: node.ms / floor.ms <= CLIP_TARGET,
      }),
    );
  }
  const sumFloors = floors.reduce((a, b) => a + b, 0);
  console.log(
    JSON.stringify({
      bench: 'tiktok-launch video step (six clips) vs the sum of their floors',
      summary: true,
      videoStepMs: round1(whole.videoMs),
      sumOfFloorsMs: round1(sumFloors),
      ratio: ratio3(whole.videoMs, sumFloors),
      wholeRunMs: round1(whole.ms),
      ...(whole.cpuSec !== undefined && floorCpu.length
        ? { wholeRunCpuSec: round1(whole.cpuSec), sumOfFloorsCpuSec: round1(floorCpu.reduce((a, b) => a + b, 0)) }
        : {}),
      cores: availableParallelism(),
      loadAverage: loadavg().map((n) => Math.round(n * 100) / 100),
    }),
  );
} finally {
  await rm(work, { recursive: true, force: true });
}
