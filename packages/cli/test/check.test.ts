import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const bin = join(root, 'packages/cli/bin/adloom.js');
const node = join(root, 'node_modules/.bin/node');

function adloom(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(node, [bin, ...args], { env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr })));
}

function ffmpeg(args: string[]): Promise<void> {
  const child = spawn('ffmpeg', ['-v', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  return new Promise((done, fail) => child.on('close', (code) => (code === 0 ? done() : fail(new Error(err)))));
}

interface Finding {
  status: string;
  rule: string;
  subject: string;
  value?: unknown;
  limit?: unknown;
  source: { url?: string; read: string };
}
interface Item {
  subject: string;
  platform: string;
  status: string;
  findings: Finding[];
}

/** A run folder made by hand: the files, and a manifest listing them and the copies. */
async function runFolder(files: { file: string; kind: string; mime: string }[], copies: Record<string, string>[] = []) {
  const dir = await mkdtemp(join(tmpdir(), 'adloom-check-'));
  const manifest = {
    adloomManifest: 1,
    runId: 'hand-made',
    graph: { name: 'hand made', hash: '0' },
    status: 'succeeded',
    nodes: { copy: { status: 'succeeded', outputs: { copies } } },
    artifacts: files.map((f) => ({ ...f, node: 'made', port: 'out', sha256: '0', bytes: 0, lineage: {}, lineageKey: '' })),
  };
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

async function check(dir: string, platform: string) {
  const result = await adloom(['check', dir, '--platform', platform, '--json']);
  const report = JSON.parse(result.stdout) as { ok: boolean; items: Item[] };
  const rule = (subject: string, id: string) =>
    report.items.flatMap((i) => i.findings).find((f) => f.subject.startsWith(subject) && f.rule === id);
  return { ...result, report, rule };
}

let media: string;
beforeAll(async () => {
  media = await mkdtemp(join(tmpdir(), 'adloom-check-media-'));
  // 10 fps so 59.9 s and 60.1 s are whole frames; small and fast to encode.
  const video = (seconds: number, name: string, extra: string[], pixelFormat = 'yuv420p') =>
    ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'color=c=orange:s=540x960:r=10',
      ...extra,
      '-t',
      String(seconds),
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      // Constant bitrate with filler, so the 516 kbps floor is met even by a flat colour.
      ...['-b:v', '800k', '-minrate', '800k', '-maxrate', '800k', '-bufsize', '800k', '-x264-params', 'nal-hrd=cbr'],
      '-pix_fmt',
      pixelFormat,
      join(media, name),
    ]);
  const tone = ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-c:a', 'aac', '-shortest'];
  await Promise.all([
    video(59.9, 'short.mp4', ['-movflags', '+faststart']),
    video(60.1, 'long.mp4', ['-movflags', '+faststart']),
    // 6 s each, differing from a good one in one way: chroma kept whole, or the index written last.
    video(6, 'good.mp4', [...tone, '-movflags', '+faststart']),
    video(6, 'yuv444.mp4', [...tone, '-movflags', '+faststart'], 'yuv444p'),
    video(6, 'late-index.mp4', tone),
  ]);
  const jpeg = await sharp({ create: { width: 300, height: 250, channels: 3, background: '#ff6600' } })
    .jpeg()
    .toBuffer();
  // Bytes after the JPEG's end marker are ignored by decoders: exact file sizes for the 150 KB rule.
  for (const size of [153_600, 153_601]) {
    await writeFile(join(media, `banner-${size}.jpg`), Buffer.concat([jpeg, Buffer.alloc(size - jpeg.length)]));
  }
  await sharp({ create: { width: 300, height: 251, channels: 3, background: '#ff6600' } })
    .png()
    .toFile(join(media, 'odd.png'));
  // Two minutes of video to encode: on a busy machine that takes longer than a hook's 10 s.
}, 120_000);

const copy = (headline: string) => ({
  headline,
  primaryText: 'Grips wet rock and drains in seconds.',
  description: 'For weekend trail runners.',
  callToAction: 'Shop now',
  platform: 'google',
  provider: 'openai',
});

describe('adloom check on hand-made artifacts', () => {
  it('[cli.P1] passes a 59.9 s TikTok video and fails a 60.1 s one, citing the rule, the number, the limit and the source', async () => {
    const dir = await runFolder([
      { file: 'short.mp4', kind: 'video', mime: 'video/mp4' },
      { file: 'long.mp4', kind: 'video', mime: 'video/mp4' },
    ]);
    for (const f of ['short.mp4', 'long.mp4']) await copyFile(join(media, f), join(dir, f));
    const { code, rule } = await check(dir, 'tiktok');
    expect(code).toBe(1);
    expect(rule('short.mp4', 'tiktok-in-feed.duration')).toMatchObject({ status: 'pass', value: 59.9, limit: '5–60' });
    expect(rule('long.mp4', 'tiktok-in-feed.duration')).toMatchObject({
      status: 'fail',
      value: 60.1,
      limit: '5–60',
      source: { url: 'https://ads.tiktok.com/help/article/video-ads-specifications', read: '2026-12-01' },
    });
    expect(rule('short.mp4', 'tiktok-in-feed.bitrate')?.status).toBe('pass');
    expect(rule('short.mp4', 'playback.indexBeforeMedia')?.status).toBe('pass');

    // Meta wants H.264 with AAC audio: these have no audio track.
    const meta = await check(dir, 'meta');
    expect(meta.rule('short.mp4', 'meta-reels-stories.audioCodec')).toMatchObject({ status: 'fail', value: 'none' });
    expect(meta.rule('short.mp4', 'meta-reels-stories.videoCodec')?.status).toBe('pass');
  });

  it('[cli.P2] passes a 153,600 byte Google banner and fails a 153,601 byte one; an odd size fits no placement', async () => {
    const dir = await runFolder([
      { file: 'banner-153600.jpg', kind: 'image', mime: 'image/jpeg' },
      { file: 'banner-153601.jpg', kind: 'image', mime: 'image/jpeg' },
      { file: 'odd.png', kind: 'image', mime: 'image/png' },
    ]);
    for (const f of ['banner-153600.jpg', 'banner-153601.jpg', 'odd.png']) await copyFile(join(media, f), join(dir, f));
    const { code, rule, stdout } = await check(dir, 'google');
    expect(code, stdout).toBe(1);
    expect(rule('banner-153600.jpg', 'google-display-300x250.bytes')).toMatchObject({ status: 'pass', value: 153_600 });
    expect(rule('banner-153601.jpg', 'google-display-300x250.bytes')).toMatchObject({
      status: 'fail',
      value: 153_601,
      limit: 153_600,
      source: { url: 'https://support.google.com/adwords/answer/1722096' },
    });
    expect(rule('odd.png', 'google.image.aspect')?.status).toBe('fail');
  });

  it('[cli.P3] judges a Google headline of 30 and of 31, with and without CJK, as Google counts them', async () => {
    const dir = await runFolder(
      [],
      [copy('a'.repeat(30)), copy('b'.repeat(31)), copy('防'.repeat(15)), copy(`${'防'.repeat(15)}x`)],
    );
    const { code, report } = await check(dir, 'google');
    expect(code).toBe(1);
    const verdicts = report.items.map((i) => [
      i.subject,
      i.findings.find((f) => f.rule === 'google.rsaHeadline.length' && f.subject.endsWith('headline'))?.status,
    ]);
    expect(verdicts).toEqual([
      ['copy 1', 'pass'],
      ['copy 2', 'fail'],
      ['copy 3', 'pass'],
      ['copy 4', 'fail'],
    ]);
  });

  it('[cli.P4] fails text drawn into the bottom 440 px of a TikTok 9:16 image, where the caption and button sit', async () => {
    const dir = await runFolder([
      { file: 'low.png', kind: 'image', mime: 'image/png' },
      { file: 'high.png', kind: 'image', mime: 'image/png' },
    ]);
    for (const f of ['low.png', 'high.png']) {
      await sharp({ create: { width: 1080, height: 1920, channels: 3, background: '#335577' } })
        .png()
        .toFile(join(dir, f));
    }
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
    const drawn = (file: string, y: number) => ({
      file,
      kind: 'image',
      meta: { preset: 'tiktok-9x16', overlay: { headlineBox: { x: 100, y, width: 600, height: 200 } } },
    });
    manifest.nodes.overlay = { status: 'succeeded', outputs: { image: [drawn('low.png', 1500), drawn('high.png', 900)] } };
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
    const { code, rule } = await check(dir, 'tiktok');
    expect(code).toBe(1);
    expect(rule('low.png', 'tiktok-9x16.safeZone')).toMatchObject({ status: 'fail', limit: '60,150–930,1480' });
    expect(rule('high.png', 'tiktok-9x16.safeZone')?.status).toBe('pass');
  });

  it('[cli.P5] probes each video: yuv444p and an index after the media warn, a good one passes; each names its value', async () => {
    const files = ['good.mp4', 'yuv444.mp4', 'late-index.mp4'];
    const dir = await runFolder(files.map((file) => ({ file, kind: 'video', mime: 'video/mp4' })));
    for (const f of files) await copyFile(join(media, f), join(dir, f));
    const { rule } = await check(dir, 'tiktok');
    expect(rule('good.mp4', 'playback.pixelFormat')).toMatchObject({ status: 'pass', value: 'yuv420p' });
    expect(rule('yuv444.mp4', 'playback.pixelFormat')).toMatchObject({ status: 'warn', value: 'yuv444p', limit: 'yuv420p' });
    expect(rule('good.mp4', 'playback.indexBeforeMedia')?.status).toBe('pass');
    expect(rule('late-index.mp4', 'playback.indexBeforeMedia')?.status).toBe('warn');
    expect(rule('good.mp4', 'tiktok-in-feed.audio')).toBeUndefined();
    const meta = await check(dir, 'meta');
    expect(meta.rule('good.mp4', 'meta-reels-stories.audioCodec')).toMatchObject({ status: 'pass', value: 'aac' });
  });

  it("[cli.P6] fails a video caption recorded in TikTok's bottom 440 px, naming the caption, its time and the limit", async () => {
    const dir = await runFolder([{ file: 'captioned.mp4', kind: 'video', mime: 'video/mp4' }]);
    // 540×960: TikTok keeps text in x 30–465, y 75–740.
    await ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'color=c=orange:s=540x960:r=10',
      '-t',
      '6',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-pix_fmt',
      'yuv420p',
      join(dir, 'captioned.mp4'),
    ]);
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
    const caption = (y: number, startSec: number, endSec: number) => ({
      text: 'Shop now',
      startSec,
      endSec,
      lines: ['Shop now'],
      box: { x: 100, y, width: 300, height: 60 },
    });
    manifest.nodes.video = {
      status: 'succeeded',
      outputs: { video: { file: 'captioned.mp4', kind: 'video', meta: { captions: [caption(600, 0, 3), caption(700, 3, 6)] } } },
    };
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
    const { code, report } = await check(dir, 'tiktok');
    expect(code).toBe(1);
    const zones = report.items.flatMap((i) => i.findings).filter((f) => f.rule === 'tiktok-9x16.safeZone');
    expect(zones.map((f) => [f.subject, f.status, f.value, f.limit])).toEqual([
      ['captioned.mp4 caption 1', 'pass', '100,600,300x60', '30,75–465,740'],
      ['captioned.mp4 caption 2', 'fail', '100,700,300x60', '30,75–465,740'],
    ]);
    expect((zones[1] as Finding & { message: string }).message).toContain('caption 2 at 3.0–6.0 s x 100–400, y 700–760');
    // Meta Reels keeps the bottom 35% clear: both are in it there.
    const reels = await check(dir, 'meta');
    const reelsZones = reels.report.items.flatMap((i) => i.findings).filter((f) => f.rule === 'reels-9x16.safeZone');
    expect(reelsZones.map((f) => f.status)).toEqual(['fail', 'fail']);
  });

  it('[cli.P7] judges the TikTok display name the export gives its rows: 20 passes, 21 fails, ten CJK count 20', async () => {
    const verdicts: unknown[] = [];
    for (const name of ['a'.repeat(20), 'b'.repeat(21), '跑'.repeat(10), '跑'.repeat(11)]) {
      const dir = await runFolder([]);
      const variants = { adloomVariants: 1, variants: [{ id: 'c1-i1', platform: 'tiktok', displayName: name }] };
      await writeFile(join(dir, 'variants.json'), JSON.stringify(variants));
      const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
      manifest.artifacts.push({
        file: 'variants.json',
        node: 'export',
        port: 'manifest',
        kind: 'file',
        mime: 'application/json',
      });
      manifest.nodes.export = {
        status: 'succeeded',
        outputs: { manifest: { file: 'variants.json', kind: 'file', meta: { name: 'variants.json' } } },
      };
      await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
      const { rule } = await check(dir, 'tiktok');
      const found = rule('variants.json display name', 'tiktok.displayName.length');
      verdicts.push([found?.status, found?.value, found?.limit]);
    }
    expect(verdicts).toEqual([
      ['pass', 20, 20],
      ['fail', 21, 20],
      ['pass', 20, 20],
      ['fail', 22, 20],
    ]);
  });

  it('prints each file and platform with its verdict, failing rules with their source, and a summary', async () => {
    const dir = await runFolder([], [copy('b'.repeat(31))]);
    const { code, stdout } = await adloom(['check', dir]);
    expect(code).toBe(1);
    expect(stdout).toContain('FAIL  google  copy 1');
    expect(stdout).toContain('FAIL google.rsaHeadline.length: headline: 31 characters, limit 30');
    expect(stdout).toContain('source: https://support.google.com/google-ads/answer/7684791 (read 2026-12-01)');
    expect(stdout).toMatch(/1 checked: 0 pass, 0 warn, 1 fail/);
  });

  it('exits 2 naming the problem for a missing folder, a folder without a manifest and an unknown platform', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'adloom-check-empty-'));
    const missing = await adloom(['check', join(empty, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('is not a folder');
    const bare = await adloom(['check', empty]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('is not a run folder: it has no manifest.json');
    const platform = await adloom(['check', empty, '--platform', 'myspace']);
    expect(platform.code).toBe(2);
    expect(platform.stderr).toContain('--platform "myspace" is not one of tiktok, meta, google');
    expect((await adloom(['check'])).code).toBe(2);
  });

  it('refuses a manifest that names a file outside the run folder', async () => {
    const dir = await runFolder([{ file: '../../etc/passwd', kind: 'image', mime: 'image/png' }]);
    const { code, stderr } = await adloom(['check', dir]);
    expect(code).toBe(2);
    expect(stderr).toContain('names a file outside the run folder');
  });
});
