import { execFile } from 'node:child_process';
import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { defineNode, NodeRegistry, type RunEvent, type RunOptions } from '@adloom/engine';
import { runGraphInTest, type TestRun } from '@adloom/engine/testing';
import type { GraphFile } from '@adloom/graph';
import { pack as corePack } from '@adloom/nodes-core';
import sharp from 'sharp';
import { z } from 'zod';
import { pack as videoPack } from '../src/index.ts';

const run = promisify(execFile);

export { graphOf, makeWorkDir } from '@adloom/engine/testing';

/** Solid colours for test variants, by index. */
export const VARIANT_COLORS = ['#d03030', '#3050d0', '#30a040'] as const;

/** `test.audio` / `test.video`: a file from disk as an artifact of that kind (its `path` param). */
function fileNode(kind: 'audio' | 'video', mime: string) {
  return defineNode({
    type: `test.${kind}`,
    version: 1,
    title: `${kind === 'audio' ? 'Audio' : 'Video'} file`,
    category: 'Test',
    description: `A ${kind} file from disk as a ${kind} artifact.`,
    outputs: [{ name: kind, type: kind }],
    params: z.object({ path: z.string() }),
    async run({ params, artifacts }) {
      return { [kind]: await artifacts.importFile(params.path, { kind, mime }) };
    },
  });
}

/** Nodes that stand in for other packs: an audio file input and a variants split. */
const testPack = {
  name: 'video-test',
  nodes: [
    fileNode('audio', 'audio/wav'),
    fileNode('video', 'video/mp4'),
    defineNode({
      type: 'test.variants',
      version: 1,
      title: 'Variants',
      category: 'Test',
      description: 'Variants shaped like the variants pack makes them.',
      outputs: [{ name: 'variants', type: 'variant', list: true }],
      params: z.object({ count: z.number().default(2) }),
      run({ params }) {
        const variants = Array.from({ length: params.count }, (_, i) => ({
          id: `c${i + 1}-i1`,
          index: i,
          weight: 1 / params.count,
          control: i === 0,
          levels: { copy: `c${i + 1}`, image: 'i1' },
          copy: { headline: `Headline ${i + 1}`, primaryText: 'Body', callToAction: 'Shop now', platform: 'tiktok' },
        }));
        return { variants };
      },
    }),
    defineNode({
      type: 'test.variantImage',
      version: 1,
      title: 'Image for a variant',
      category: 'Test',
      description: 'A solid image in the colour of the variant it is given.',
      inputs: [{ name: 'variant', type: 'variant' }],
      outputs: [{ name: 'image', type: 'image' }],
      params: z.object({}),
      async run({ inputs, artifacts }) {
        const index = (inputs.variant as { index: number }).index;
        const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: VARIANT_COLORS[index] as string } })
          .png()
          .toBuffer();
        return { image: await artifacts.write(png, { kind: 'image', mime: 'image/png', width: 64, height: 64 }) };
      },
    }),
    defineNode({
      type: 'test.withImage',
      version: 1,
      title: 'Variant with its image',
      category: 'Test',
      description: 'Puts an image on a variant, as the variants pack does for an image factor.',
      inputs: [
        { name: 'variant', type: 'variant' },
        { name: 'image', type: 'image' },
      ],
      outputs: [{ name: 'variant', type: 'variant' }],
      params: z.object({}),
      run({ inputs }) {
        return { variant: { ...(inputs.variant as object), image: inputs.image } };
      },
    }),
  ],
};

export function makeRegistry(): NodeRegistry {
  return new NodeRegistry([corePack, videoPack, testPack]);
}

/** Runs a graph in `workDir` with the core, video and stand-in packs, and keeps its events. */
export function runTestGraph(graph: GraphFile, workDir: string, options: Partial<RunOptions> = {}): Promise<TestRun> {
  return runGraphInTest(graph, { registry: makeRegistry(), workDir, ...options });
}

/** The messages a node logged. */
export function logsOf(events: RunEvent[], nodeId: string): string[] {
  return events.flatMap((e) => (e.type === 'node.log' && e.nodeId === nodeId ? [e.message] : []));
}

/** A PNG: a solid colour, or a diagonal gradient with a few shapes so motion and cuts show. */
export async function makeImage(
  dir: string,
  name: string,
  options: { width: number; height: number; color?: string; dot?: { x: number; y: number; size: number }; shift?: number },
): Promise<string> {
  const { width, height } = options;
  const path = join(dir, name);
  const background = options.color ?? '#202020';
  const shift = 0.1 * (options.shift ?? 0);
  const shapes = options.dot
    ? `<rect x="${options.dot.x}" y="${options.dot.y}" width="${options.dot.size}" height="${options.dot.size}" fill="#ffffff"/>`
    : options.color
      ? ''
      : `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#f4a"/><stop offset="1" stop-color="#3af"/></linearGradient></defs>
         <rect width="${width}" height="${height}" fill="url(#g)"/>
         <circle cx="${width * (0.3 + shift)}" cy="${height * 0.3}" r="${Math.min(width, height) * 0.12}" fill="#fff"/>
         <rect x="${width * 0.55}" y="${height * 0.6}" width="${width * 0.3}" height="${height * 0.2}" fill="#222"/>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="${width}" height="${height}" fill="${background}"/>${shapes}</svg>`;
  await sharp(Buffer.from(svg)).png().toFile(path);
  return path;
}

/** A sine test tone from ffmpeg's lavfi source, at an amplitude well below -14 LUFS. */
export async function makeTone(dir: string, seconds: number, frequency = 440): Promise<string> {
  const path = join(dir, `tone-${frequency}.wav`);
  await run('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=${frequency}:sample_rate=48000:duration=${seconds}`,
    '-af',
    'volume=0.25',
    path,
  ]);
  return path;
}

/**
 * A small H.264 clip made by ffmpeg, with a tone, silence or no sound. Clips of one size are
 * encoded with the same settings, so their video streams can be joined by copying.
 */
export async function makeClip(
  dir: string,
  name: string,
  options: { seconds: number; audio: 'tone' | 'silence' | 'none'; sampleRate?: number; channels?: number },
): Promise<string> {
  const path = join(dir, name);
  const { seconds, sampleRate = 48000, channels = 2 } = options;
  const audio =
    options.audio === 'tone'
      ? ['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=${sampleRate}:duration=${seconds}`]
      : options.audio === 'silence'
        ? ['-f', 'lavfi', '-i', `anullsrc=r=${sampleRate}:cl=${channels === 1 ? 'mono' : 'stereo'}`]
        : [];
  await run('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...['-f', 'lavfi', '-i', `testsrc2=size=160x284:rate=30:duration=${seconds}`],
    ...audio,
    ...['-map', '0:v', ...(audio.length ? ['-map', '1:a', '-ac', String(channels), '-c:a', 'aac', '-shortest'] : [])],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '60', '-f', 'mp4', path],
  ]);
  return path;
}

/** The hash of each packet of a file's video stream, read without decoding (`-c copy` into framemd5). */
export async function videoPacketHashes(path: string): Promise<string[]> {
  const { stdout } = await run('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-i',
    path,
    '-map',
    '0:v',
    '-c',
    'copy',
    '-f',
    'framemd5',
    '-',
  ]);
  return stdout
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split(',').at(-1)?.trim() ?? '');
}

/** Mean volume in dB of a file's sound from `start` for `seconds` (ffmpeg's volumedetect). */
export async function meanVolume(path: string, start: number, seconds: number): Promise<number> {
  const { stderr } = await run('ffmpeg', [
    ...['-hide_banner', '-nostats', '-ss', String(start), '-t', String(seconds), '-i', path],
    ...['-map', '0:a', '-af', 'volumedetect', '-f', 'null', '-'],
  ]);
  const match = /mean_volume:\s+(-?[\d.]+|-inf) dB/.exec(stderr);
  if (!match) throw new Error(`no volume in ffmpeg's output:\n${stderr.slice(-500)}`);
  return match[1] === '-inf' ? Number.NEGATIVE_INFINITY : Number(match[1]);
}

/** Start and duration (seconds) of each packet of a file's first audio stream. */
export async function audioPackets(path: string): Promise<{ pts: number; duration: number }[]> {
  const { stdout } = await run('ffprobe', [
    ...['-v', 'error', '-select_streams', 'a:0', '-show_entries', 'packet=pts_time,duration_time', '-of', 'csv=p=0', path],
  ]);
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [pts, duration] = line.split(',').map(Number);
      return { pts: pts as number, duration: duration as number };
    });
}

interface ProbedStream {
  codec_type: string;
  codec_name: string;
  width?: number;
  height?: number;
  pix_fmt?: string;
  duration?: string;
  sample_rate?: string;
  channels?: number;
  r_frame_rate?: string;
}

export async function ffprobe(path: string): Promise<{ format: { duration: string }; streams: ProbedStream[] }> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', path]);
  return JSON.parse(stdout);
}

/** Integrated loudness (EBU R128) of a file's audio, in LUFS. */
export async function integratedLoudness(path: string): Promise<number> {
  const { stderr } = await run('ffmpeg', [
    '-hide_banner',
    '-nostats',
    '-i',
    path,
    '-map',
    '0:a',
    '-af',
    'ebur128',
    '-f',
    'null',
    '-',
  ]);
  const summary = stderr.slice(stderr.lastIndexOf('Summary:'));
  const match = /I:\s+(-?[\d.]+) LUFS/.exec(summary);
  if (!match) throw new Error(`no loudness in ffmpeg's output:\n${stderr.slice(-500)}`);
  return Number(match[1]);
}

/** Top-level MP4 box types in file order (`ftyp`, `moov`, `mdat`, …). */
export async function topLevelBoxes(path: string): Promise<string[]> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const boxes: string[] = [];
    const header = Buffer.alloc(16);
    for (let offset = 0; offset < size; ) {
      await file.read(header, 0, 16, offset);
      let length = header.readUInt32BE(0);
      const type = header.toString('latin1', 4, 8);
      if (length === 1) length = Number(header.readBigUInt64BE(8));
      else if (length === 0) length = size - offset;
      boxes.push(type);
      offset += length;
    }
    return boxes;
  } finally {
    await file.close();
  }
}

/** Every file under a folder, relative to it. */
export async function listFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
  } catch {
    return [];
  }
}

/** Pids of running ffmpeg processes whose command line mentions `needle`. */
export async function ffmpegProcessesMentioning(needle: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const file = await open(`/proc/${entry}/cmdline`, 'r');
      const text = (await file.readFile()).toString('utf8');
      await file.close();
      const args = text.split('\0');
      if (args[0]?.endsWith('ffmpeg') && text.includes(needle)) pids.push(Number(entry));
    } catch {
      // gone already
    }
  }
  return pids;
}

/** Decodes a video's frames as 8-bit grey, one Buffer per frame. */
export async function greyFrames(path: string, width: number, height: number): Promise<Buffer[]> {
  const { stdout } = await run(
    'ffmpeg',
    ['-hide_banner', '-loglevel', 'error', '-i', path, '-f', 'rawvideo', '-pix_fmt', 'gray', '-'],
    {
      encoding: 'buffer',
      maxBuffer: 1024 * 1024 * 1024,
    },
  );
  const frame = width * height;
  const frames: Buffer[] = [];
  for (let offset = 0; offset + frame <= stdout.length; offset += frame) frames.push(stdout.subarray(offset, offset + frame));
  return frames;
}

/** Decodes a video's frames as they are stored (8-bit 4:2:0): each frame's Y, U and V planes. */
export async function yuvFrames(path: string, width: number, height: number): Promise<{ y: Buffer; u: Buffer; v: Buffer }[]> {
  const { stdout } = await run(
    'ffmpeg',
    ['-hide_banner', '-loglevel', 'error', '-i', path, '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-'],
    { encoding: 'buffer', maxBuffer: 1024 * 1024 * 1024 },
  );
  const [luma, chroma] = [width * height, (width / 2) * (height / 2)];
  const frames: { y: Buffer; u: Buffer; v: Buffer }[] = [];
  for (let at = 0; at + luma + 2 * chroma <= stdout.length; at += luma + 2 * chroma) {
    frames.push({
      y: stdout.subarray(at, at + luma),
      u: stdout.subarray(at + luma, at + luma + chroma),
      v: stdout.subarray(at + luma + chroma, at + luma + 2 * chroma),
    });
  }
  return frames;
}

export function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
