import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, open, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { VideoFacts } from './video-check.ts';

/** How long one probe may take and how to stop it. */
export interface ProbeOptions {
  signal?: AbortSignal;
  /** Default 30 s: ffprobe reads only headers, so a probe that takes longer is stuck. */
  timeoutMs?: number;
  /** Where FFPROBE_PATH, FFMPEG_PATH and PATH are read (default: this process's). */
  env?: NodeJS.ProcessEnv;
}

// ffprobe's JSON for one file is a few kilobytes; a file crafted to print more is not read on.
const MAX_OUTPUT = 1024 * 1024;

const INSTALL_HINT =
  'install ffmpeg (Debian/Ubuntu: sudo apt install ffmpeg; macOS: brew install ffmpeg; Windows: winget install Gyan.FFmpeg) or set FFPROBE_PATH';

interface ProbeJson {
  format?: { duration?: string; bit_rate?: string; format_name?: string; size?: string };
  streams?: {
    codec_type?: string;
    codec_name?: string;
    width?: number;
    height?: number;
    pix_fmt?: string;
    r_frame_rate?: string;
    avg_frame_rate?: string;
    duration?: string;
  }[];
}

/** ffprobe as the video nodes find it: FFPROBE_PATH, then beside FFMPEG_PATH, then PATH. */
async function ffprobeProgram(env: NodeJS.ProcessEnv): Promise<string> {
  if (env.FFPROBE_PATH) return env.FFPROBE_PATH;
  if (env.FFMPEG_PATH) {
    const beside = join(dirname(env.FFMPEG_PATH), process.platform === 'win32' ? 'ffprobe.exe' : 'ffprobe');
    const found = await access(beside, constants.X_OK).then(
      () => true,
      () => false,
    );
    if (found) return beside;
  }
  return 'ffprobe';
}

/** ffprobe's JSON for a file, from an argument array (never a shell), bounded in size and time. */
async function runFfprobe(path: string, options: ProbeOptions): Promise<ProbeJson> {
  const program = await ffprobeProgram(options.env ?? process.env);
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 30_000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  signal.throwIfAborted();
  const args = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', path];
  const text = await new Promise<string>((done, fail) => {
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true, env: options.env });
    let out = '';
    let err = '';
    const stop = () => child.kill('SIGKILL');
    signal.addEventListener('abort', stop, { once: true });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (out.length > MAX_OUTPUT) stop();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      if (err.length < 4096) err += chunk;
    });
    child.once('error', (error: NodeJS.ErrnoException) => {
      signal.removeEventListener('abort', stop);
      fail(
        error.code === 'ENOENT'
          ? new Error(`ffprobe was not found (${program}): ${INSTALL_HINT}`)
          : new Error(`could not start ffprobe at ${program}: ${error.message}`),
      );
    });
    child.once('close', (code) => {
      signal.removeEventListener('abort', stop);
      if (options.signal?.aborted) fail(options.signal.reason);
      else if (timeout.aborted) fail(new Error(`ffprobe took longer than ${(options.timeoutMs ?? 30_000) / 1000} s on ${path}`));
      else if (out.length > MAX_OUTPUT) fail(new Error(`ffprobe printed more than ${MAX_OUTPUT} bytes about ${path}`));
      else if (code === 0) done(out);
      else
        fail(new Error(`ffprobe could not read ${path}: ${err.trim().split('\n').slice(-3).join(' ') || `exit code ${code}`}`));
    });
  });
  try {
    return JSON.parse(text) as ProbeJson;
  } catch {
    throw new Error(`ffprobe's answer about ${path} is not JSON`);
  }
}

/** Whether an MP4/MOV's index (moov) comes before its media (mdat), read from the top-level boxes. */
export async function indexBeforeMedia(path: string): Promise<boolean | undefined> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const header = Buffer.alloc(16);
    for (let offset = 0; offset + 8 <= size; ) {
      await handle.read(header, 0, 16, offset);
      let box = header.readUInt32BE(0);
      const type = header.toString('latin1', 4, 8);
      if (type === 'moov') return true;
      if (type === 'mdat') return false;
      if (box === 1) box = Number(header.readBigUInt64BE(8));
      if (box < 8) return undefined;
      offset += box;
    }
    return undefined;
  } finally {
    await handle.close();
  }
}

function rate(text: string | undefined): number {
  const [num, den] = (text ?? '0/1').split('/').map(Number);
  return den ? (num ?? 0) / den : 0;
}

/**
 * What the preflight judges about a video file, read with ffprobe: size, length, bitrate,
 * container, codecs, pixel format, frame rate, audio track and whether the index comes first.
 * Node only (it spawns ffprobe); `adloom check` and the `ad.preflight` node both use it.
 */
export async function probeVideo(path: string, options: ProbeOptions = {}): Promise<VideoFacts> {
  const file = resolve(path);
  const [info, indexFirst, { size: bytes }] = await Promise.all([runFfprobe(file, options), indexBeforeMedia(file), stat(file)]);
  const streams = info.streams ?? [];
  const video = streams.find((s) => s.codec_type === 'video');
  const audio = streams.find((s) => s.codec_type === 'audio');
  const durationSec = Number(info.format?.duration ?? video?.duration ?? 0) || 0;
  const bitRate = Number(info.format?.bit_rate ?? 0) || (durationSec ? (bytes * 8) / durationSec : 0);
  return {
    width: video?.width ?? 0,
    height: video?.height ?? 0,
    durationSec,
    bitrateKbps: bitRate / 1000,
    bytes,
    container: info.format?.format_name ?? '',
    videoCodec: video?.codec_name ?? 'none',
    pixelFormat: video?.pix_fmt ?? 'unknown',
    frameRate: rate(video?.avg_frame_rate),
    constantFrameRate: rate(video?.r_frame_rate) === rate(video?.avg_frame_rate),
    ...(audio?.codec_name ? { audioCodec: audio.codec_name } : {}),
    indexBeforeMedia: indexFirst,
  };
}
