import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeVideo } from './probe.ts';

let dir: string;
let video: string;

function ffmpeg(args: string[]): Promise<void> {
  const child = spawn('ffmpeg', ['-v', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  return new Promise((done, fail) => child.on('close', (code) => (code === 0 ? done() : fail(new Error(err)))));
}

/** A stand-in ffprobe: a shell script, to see what the probe does when ffprobe misbehaves. */
async function fakeFfprobe(name: string, body: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
  return path;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'adloom-probe-'));
  video = join(dir, 'clip.mp4');
  await ffmpeg([
    ...['-f', 'lavfi', '-i', 'color=c=orange:s=320x240:r=25', '-f', 'lavfi', '-i', 'sine=frequency=440'],
    ...['-t', '2', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-movflags', '+faststart'],
    video,
  ]);
}, 60_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('probeVideo', () => {
  it('reads what preflight judges: size, length, codecs, pixel format, frame rate, audio and the index first', async () => {
    const facts = await probeVideo(video);
    expect(facts).toMatchObject({
      width: 320,
      height: 240,
      videoCodec: 'h264',
      pixelFormat: 'yuv420p',
      frameRate: 25,
      constantFrameRate: true,
      audioCodec: 'aac',
      indexBeforeMedia: true,
    });
    expect(facts.durationSec).toBeCloseTo(2, 1);
    expect(facts.container).toContain('mp4');
    expect(facts.bytes).toBeGreaterThan(0);
  });

  it('says how to get ffprobe when FFPROBE_PATH names none', async () => {
    const env = { ...process.env, FFPROBE_PATH: join(dir, 'no-such-ffprobe') };
    await expect(probeVideo(video, { env })).rejects.toThrow(/ffprobe was not found .*no-such-ffprobe.*set FFPROBE_PATH/);
  });

  it('stops an ffprobe that hangs at the timeout, and one that prints without end at 1 MiB', async () => {
    const hang = await fakeFfprobe('hang', 'exec sleep 30');
    await expect(probeVideo(video, { env: { ...process.env, FFPROBE_PATH: hang }, timeoutMs: 300 })).rejects.toThrow(
      /ffprobe took longer than 0.3 s/,
    );
    const flood = await fakeFfprobe('flood', 'exec yes');
    await expect(probeVideo(video, { env: { ...process.env, FFPROBE_PATH: flood } })).rejects.toThrow(
      /printed more than 1048576 bytes/,
    );
  });

  it('gives up when the run is cancelled, with the cancel as the reason', async () => {
    const hang = await fakeFfprobe('hang-cancel', 'exec sleep 30');
    const controller = new AbortController();
    const probing = probeVideo(video, { env: { ...process.env, FFPROBE_PATH: hang }, signal: controller.signal });
    // Once ffprobe has started: the probe kills it rather than waiting the 30 s out.
    setTimeout(() => controller.abort(new Error('run cancelled')), 200);
    await expect(probing).rejects.toThrow('run cancelled');
    await expect(probeVideo(video, { signal: controller.signal })).rejects.toThrow('run cancelled');
  });
});
