/**
 * The media benchmark: `node bench/media/run.ts` (`--rounds N`, default 3).
 *
 * `video.assemble` of 6 images (1024x1536) with 6 captions and a music bed into a 15 s
 * 1080x1920 video, run through `runGraph`, against the same ffmpeg commands run by hand: the
 * loudness-measuring pass and the encode, built by the node's own exported functions
 * (`assembleSpecFor`, `loudnessCommandFor`, `buildAssembleCommand`) so both time identical
 * work; the node's logged command line is checked against the hand-run one. Rounds alternate
 * which goes first; prints one JSON line per run, then the medians and their ratio
 * (target: node / direct ≤ 1.05).
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ArtifactRef, NodeRegistry, type RunEvent, runGraph } from '@adloom/engine';
import type { GraphFile } from '@adloom/graph';
import { pack as corePack } from '@adloom/nodes-core';
import {
  assembleSpecFor,
  buildAssembleCommand,
  formatCommandLine,
  GLOBAL_ARGS,
  loadFfmpeg,
  loudnessCommandFor,
  parseLoudnessReport,
  videoAssemble,
  pack as videoPack,
  writeCommandFiles,
} from '@adloom/nodes-video';
import sharp from 'sharp';

const roundsArg = process.argv.indexOf('--rounds');
const ROUNDS = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 3;
const TARGET_RATIO = 1.05;
const CAPTIONS = [
  'Trail shoes that grip',
  "Rain? Mud? Rocks? Don't care.",
  '30% lighter: 240 g a shoe',
  'Vibram® soles, 5 mm lugs',
  'Free returns for 100 days',
  'Shop now 👟',
];

/**
 * CPU seconds used so far by this process and the children it has reaped (Linux: from
 * /proc/self/stat), or undefined elsewhere. On a shared machine wall time swings with the
 * neighbours' load; CPU time mostly does not, so it is printed beside it as a cross-check.
 */
async function cpuSeconds(): Promise<number | undefined> {
  try {
    const stat = await readFile('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command name: state is field 3, so utime..cstime (14..17) sit at 11..14 here.
    const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
    return ticks / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}
const CLOCK_TICKS = 100;

const root = await mkdtemp(join(tmpdir(), 'adloom-bench-media-'));
const log = (message: string) => process.stderr.write(`… ${message}\n`);

/** Runs ffmpeg as a person would: the same global flags, no progress pipe, output ignored. */
function runDirect(ffmpeg: string, args: string[], cwd?: string, logLevel = 'error'): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpeg, [...GLOBAL_ARGS, '-loglevel', logLevel, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve(stderr) : reject(new Error(`ffmpeg exited ${code}: ${stderr.slice(-800)}`)),
    );
  });
}

async function makeInputs(): Promise<{ images: string[]; bed: string }> {
  const dir = join(root, 'inputs');
  await mkdir(dir, { recursive: true });
  const images = await Promise.all(
    Array.from({ length: 6 }, async (_, i) => {
      const path = join(dir, `shot-${i + 1}.png`);
      const hue = i * 60;
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1024" height="1536">
        <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stop-color="hsl(${hue},70%,60%)"/><stop offset="1" stop-color="hsl(${hue + 40},70%,30%)"/>
        </linearGradient></defs>
        <rect width="1024" height="1536" fill="url(#g)"/>
        <circle cx="${300 + i * 70}" cy="500" r="220" fill="hsl(${hue + 180},60%,70%)"/>
        <rect x="180" y="900" width="660" height="360" rx="40" fill="#1b1b1b"/>
      </svg>`;
      await sharp(Buffer.from(svg)).png().toFile(path);
      return path;
    }),
  );
  const bed = join(dir, 'bed.wav');
  await runDirect((await loadFfmpeg()).ffmpeg, [
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=220:sample_rate=48000:duration=20',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=330:sample_rate=48000:duration=20',
    '-filter_complex',
    'amix=inputs=2,volume=0.3',
    bed,
  ]);
  return { images, bed };
}

const PARAMS = { format: '9:16', duration: 15 } as const;

function graphFor(images: string[], bed: string): GraphFile {
  const nodes: GraphFile['nodes'] = {};
  const edges: GraphFile['edges'] = [];
  images.forEach((path, i) => {
    nodes[`img${i + 1}`] = { type: 'input.image', params: { name: `img${i + 1}`, default: path } };
    edges.push({ from: `img${i + 1}.image`, to: 'assemble.images' });
  });
  CAPTIONS.forEach((text, i) => {
    nodes[`cap${i + 1}`] = { type: 'input.text', params: { name: `cap${i + 1}`, default: text } };
    edges.push({ from: `cap${i + 1}.text`, to: 'assemble.captions' });
  });
  nodes.assemble = { type: 'video.assemble', params: { ...PARAMS, audioFile: bed } };
  return { adloom: 1, name: 'bench: assemble 6 images', nodes, edges };
}

interface NodeRun {
  nodeMs: number;
  cpuSec?: number;
  runMs: number;
  command: string;
  images: string[];
  video: ArtifactRef;
}

async function timeNode(graph: GraphFile, round: number): Promise<NodeRun> {
  const workDir = join(root, `node-${round}`);
  const events: RunEvent[] = [];
  const cpu0 = await cpuSeconds();
  const t0 = performance.now();
  const result = await runGraph(graph, {
    registry: new NodeRegistry([corePack, videoPack]),
    workDir,
    cache: false,
    onEvent: (event) => events.push(event),
  });
  const runMs = performance.now() - t0;
  const cpu1 = await cpuSeconds();
  if (result.status !== 'succeeded') throw new Error(`the graph failed: ${JSON.stringify(result.nodes.get('assemble')?.error)}`);
  const finished = events.find((e) => e.type === 'node.finished' && e.nodeId === 'assemble');
  const command = events.filter((e) => e.type === 'node.log' && e.nodeId === 'assemble').at(-1);
  const images = Array.from({ length: 6 }, (_, i) => (result.outputs.get(`img${i + 1}`) as { image: ArtifactRef }).image.path);
  return {
    nodeMs: finished?.type === 'node.finished' ? finished.durationMs : Number.NaN,
    cpuSec: cpu0 !== undefined && cpu1 !== undefined ? cpu1 - cpu0 : undefined,
    runMs,
    command: command?.type === 'node.log' ? command.message : '',
    images,
    video: result.outputs.get('assemble')?.video as ArtifactRef,
  };
}

/** The node's two ffmpeg passes, built by its own functions from the same params and files. */
async function timeDirect(images: string[], bed: string, round: number) {
  const tools = await loadFfmpeg();
  const dir = join(root, `direct-${round}`);
  await mkdir(dir, { recursive: true });
  const params = videoAssemble.params.parse({ ...PARAMS, audioFile: bed });
  const spec = assembleSpecFor(
    params,
    { images, captions: CAPTIONS, audio: bed },
    { output: join(dir, 'out.mp4'), poster: join(dir, 'poster.png') },
  );
  const cpu0 = await cpuSeconds();
  const t0 = performance.now();
  const measuring = loudnessCommandFor(spec);
  if (measuring && spec.audio)
    spec.audio.measured = parseLoudnessReport(await runDirect(tools.ffmpeg, measuring.args, undefined, 'info'));
  const command = buildAssembleCommand(spec);
  await writeCommandFiles(dir, command.files);
  const t1 = performance.now();
  await runDirect(tools.ffmpeg, command.args, dir);
  const t2 = performance.now();
  const cpu1 = await cpuSeconds();
  const cpuSec = cpu0 !== undefined && cpu1 !== undefined ? cpu1 - cpu0 : undefined;
  return {
    directMs: t2 - t0,
    encodeMs: t2 - t1,
    cpuSec,
    command: formatCommandLine(tools.ffmpeg, command.args),
    output: spec.output,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * The command with the paths that must differ made alike: each run's work folder (the store
 * the images sit in) and the outputs (store temp files vs a bench folder).
 */
const comparable = (command: string) =>
  command
    .replaceAll(/\/(?:node|direct)-[^/\s]+\//g, '/WORK/')
    .replace(/ \S+\.mp4 /, ' OUT.mp4 ')
    .replace(/ \S+\.png$/, ' POSTER.png');

try {
  const tools = await loadFfmpeg();
  log(`ffmpeg ${tools.version}, ${availableParallelism()} cores; making inputs`);
  const { images, bed } = await makeInputs();
  const graph = graphFor(images, bed);
  log('warm-up run');
  // Its store keeps the images the hand-run commands read: the very files the node reads.
  const storedImages = (await timeNode(graph, -1)).images;
  const nodeRuns: number[] = [];
  const graphRuns: number[] = [];
  const directRuns: number[] = [];
  const nodeCpu: number[] = [];
  const directCpu: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which goes first, so a warmer disk cache or a busier machine falls on both.
    const order = round % 2 === 0 ? ['node', 'direct'] : ['direct', 'node'];
    let node: NodeRun | undefined;
    let direct: Awaited<ReturnType<typeof timeDirect>> | undefined;
    for (const which of order) {
      log(`round ${round + 1}/${ROUNDS}: ${which}`);
      if (which === 'node') node = await timeNode(graph, round);
      else direct = await timeDirect(storedImages, bed, round);
    }
    if (!node || !direct) throw new Error('a round did not run both');
    const identicalCommand = comparable(node.command) === comparable(direct.command);
    const [nodeBytes, directBytes] = [node.video.bytes, (await stat(direct.output)).size];
    nodeRuns.push(node.nodeMs);
    graphRuns.push(node.runMs);
    directRuns.push(direct.directMs);
    if (node.cpuSec !== undefined && direct.cpuSec !== undefined) {
      nodeCpu.push(node.cpuSec);
      directCpu.push(direct.cpuSec);
    }
    console.log(
      JSON.stringify({
        bench: 'video.assemble 6 images → 15 s 1080x1920',
        round: round + 1,
        nodeMs: round1(node.nodeMs),
        runGraphMs: round1(node.runMs),
        directMs: round1(direct.directMs),
        directEncodeMs: round1(direct.encodeMs),
        ratio: Math.round((node.nodeMs / direct.directMs) * 1000) / 1000,
        ...(node.cpuSec !== undefined && direct.cpuSec !== undefined
          ? {
              nodeCpuSec: round1(node.cpuSec),
              directCpuSec: round1(direct.cpuSec),
              cpuRatio: Math.round((node.cpuSec / direct.cpuSec) * 1000) / 1000,
            }
          : {}),
        identicalCommand,
        sameSize: nodeBytes === directBytes,
      }),
    );
    if (!identicalCommand) log(`the commands differ:\nnode:   ${node.command}\ndirect: ${direct.command}`);
    await rm(join(root, `node-${round}`), { recursive: true, force: true });
    await rm(join(root, `direct-${round}`), { recursive: true, force: true });
  }
  const ratio = median(nodeRuns) / median(directRuns);
  const pairRatio = median(nodeRuns.map((ms, i) => ms / (directRuns[i] as number)));
  console.log(
    JSON.stringify({
      bench: 'video.assemble 6 images → 15 s 1080x1920',
      summary: true,
      rounds: ROUNDS,
      medianNodeMs: round1(median(nodeRuns)),
      medianRunGraphMs: round1(median(graphRuns)),
      medianDirectMs: round1(median(directRuns)),
      ratio: Math.round(ratio * 1000) / 1000,
      medianRoundRatio: Math.round(pairRatio * 1000) / 1000,
      runGraphRatio: Math.round((median(graphRuns) / median(directRuns)) * 1000) / 1000,
      ...(nodeCpu.length ? { cpuRatio: Math.round((median(nodeCpu) / median(directCpu)) * 1000) / 1000 } : {}),
      target: TARGET_RATIO,
      met: ratio <= TARGET_RATIO,
      // Load from elsewhere on the machine skews wall times; compare with the cores.
      loadAverage: loadavg().map((n) => Math.round(n * 100) / 100),
    }),
  );
} finally {
  await rm(root, { recursive: true, force: true });
}
