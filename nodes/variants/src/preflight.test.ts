import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyOf, failureOf, graphOf, makeWorkDir, run, writePng } from '../test/kit.ts';

interface Report {
  ok: boolean;
  counts: { pass: number; warn: number; fail: number };
  findings: {
    status: string;
    subject: string;
    rule: string;
    message: string;
    value?: unknown;
    limit?: unknown;
    source: { url?: string };
  }[];
}

async function preflight(
  workDir: string,
  copies: Record<string, unknown>[],
  params: Record<string, unknown> = {},
  image?: { width: number; height: number },
) {
  const nodes: Parameters<typeof graphOf>[0] = {
    copies: ['test.copies', { copies }],
    check: ['ad.preflight', params],
  };
  const edges = ['copies.copies -> check.copies'];
  if (image) {
    nodes.photo = [
      'input.image',
      { name: 'photo', default: await writePng(join(workDir, 'p.png'), '#cc2200', image.width, image.height) },
    ];
    edges.push('photo.image -> check.images');
  }
  const result = await run(graphOf(nodes, edges), workDir);
  return { result, report: result.outputs.get('check')?.report as Report };
}

describe('ad.preflight', () => {
  it("judges each copy by its platform's own rules, naming the rule, the number, the limit and the source", async () => {
    const workDir = await makeWorkDir();
    const tiktok = { ...copyOf('Grip wet rock', 'tiktok'), primaryText: 'Grip wet rock 🔥 #trail' };
    const { report } = await preflight(workDir, [copyOf('Light', 'google'), tiktok]);
    expect(report.ok).toBe(false);
    const failed = report.findings.filter((f) => f.status === 'fail').map((f) => [f.subject, f.rule]);
    expect(failed).toEqual([
      ['copy 2 primaryText', 'tiktok.adText.emoji'],
      ['copy 2 primaryText', 'tiktok.adText.characters'],
    ]);
    const length = report.findings.find((f) => f.subject === 'copy 1 headline');
    expect(length).toMatchObject({ status: 'pass', rule: 'google.rsaHeadline.length', value: 5, limit: 30 });
    expect(length?.source.url).toBe('https://support.google.com/google-ads/answer/7684791');
  });

  it('[variants.N1] judges a TikTok display name of 20 and passes it, fails 21; ten CJK characters count 20, eleven 22', async () => {
    const workDir = await makeWorkDir();
    const verdicts: [string, unknown, string | undefined][] = [];
    for (const name of ['a'.repeat(20), 'b'.repeat(21), '跑'.repeat(10), '跑'.repeat(11)]) {
      const { report } = await preflight(workDir, [copyOf('Grip wet rock', 'tiktok')], { displayName: name });
      const found = report.findings.find((f) => f.rule === 'tiktok.displayName.length');
      verdicts.push([found?.subject ?? '', found?.value, found?.status]);
      expect(found?.limit).toBe(20);
      expect(found?.source.url).toBe('https://ads.tiktok.com/help/article/global-app-bundle-video-ad-specifications?lang=en');
    }
    expect(verdicts).toEqual([
      ['display name', 20, 'pass'],
      ['display name', 21, 'fail'],
      ['display name', 20, 'pass'],
      ['display name', 22, 'fail'],
    ]);
    // Only TikTok has a display name: a Meta preflight does not judge one.
    const { report } = await preflight(workDir, [copyOf('Light', 'meta')], { displayName: 'b'.repeat(21) });
    expect(report.findings.some((f) => f.rule.startsWith('tiktok.displayName'))).toBe(false);
  });

  it('judges an image against the chosen platform, and fails the node when asked', async () => {
    const workDir = await makeWorkDir();
    const fine = await preflight(workDir, [copyOf('Light', 'google')], { platform: 'google' }, { width: 300, height: 250 });
    expect(fine.report.ok).toBe(true);
    expect(fine.report.findings.find((f) => f.rule === 'google-display-300x250.bytes')?.status).toBe('pass');

    const odd = await preflight(
      workDir,
      [copyOf('Light', 'google')],
      { platform: 'google', onFail: 'fail' },
      { width: 301, height: 250 },
    );
    const error = failureOf(odd.result, 'check');
    expect(error.param).toBe('onFail');
    expect(error.message).toMatch(/^1 check failed: image 1: 301×250 \(ratio 1\.204\) fits no google image placement/);
  });
});

/** Encodes a 6 s 540×960 test video with ffmpeg: bitrate held at 800 kbps so only the rule under test differs. */
function encode(path: string, { audio = true, pixelFormat = 'yuv420p', faststart = true } = {}): Promise<string> {
  const args = ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=orange:s=540x960:r=10'];
  if (audio) args.push('-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000');
  args.push('-t', '6', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', pixelFormat);
  args.push('-b:v', '800k', '-minrate', '800k', '-maxrate', '800k', '-bufsize', '800k', '-x264-params', 'nal-hrd=cbr');
  if (audio) args.push('-c:a', 'aac', '-shortest');
  if (faststart) args.push('-movflags', '+faststart');
  args.push(path);
  return new Promise((done, fail) => {
    const child = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => (code === 0 ? done(path) : fail(new Error(err))));
  });
}

describe('ad.preflight on videos', () => {
  it('probes each video as adloom check does: no audio, yuv444p and the index after the media are caught', async () => {
    const workDir = await makeWorkDir();
    const [good, silent, yuv444, late] = await Promise.all([
      encode(join(workDir, 'good.mp4')),
      encode(join(workDir, 'silent.mp4'), { audio: false }),
      encode(join(workDir, 'yuv444.mp4'), { pixelFormat: 'yuv444p' }),
      encode(join(workDir, 'late.mp4'), { faststart: false }),
    ]);
    const nodes: Parameters<typeof graphOf>[0] = { check: ['ad.preflight', { platform: 'meta' }] };
    const edges: string[] = [];
    for (const [id, path] of Object.entries({ good, silent, yuv444, late })) {
      nodes[id] = ['test.videoFile', { path }];
      edges.push(`${id}.video -> check.videos`);
    }
    const result = await run(graphOf(nodes, edges), workDir);
    const report = result.outputs.get('check')?.report as Report;
    const verdict = (video: number, rule: string) =>
      report.findings.find((f) => f.subject === `video ${video}` && f.rule === rule);
    // Meta takes H.264 with AAC audio: video 2 has no audio track at all.
    expect(verdict(1, 'meta-reels-stories.audioCodec')).toMatchObject({ status: 'pass', value: 'aac' });
    expect(verdict(2, 'meta-reels-stories.audioCodec')).toMatchObject({ status: 'fail', value: 'none', limit: 'aac' });
    expect(verdict(1, 'meta-reels-stories.videoCodec')).toMatchObject({ status: 'pass', value: 'h264' });
    expect(verdict(1, 'playback.pixelFormat')).toMatchObject({ status: 'pass', value: 'yuv420p' });
    expect(verdict(3, 'playback.pixelFormat')).toMatchObject({ status: 'warn', value: 'yuv444p' });
    expect(verdict(1, 'playback.indexBeforeMedia')?.status).toBe('pass');
    expect(verdict(4, 'playback.indexBeforeMedia')?.status).toBe('warn');
    expect(verdict(1, 'meta-reels-stories.duration')).toMatchObject({ status: 'pass', value: 6 });
    expect(report.ok).toBe(false);
    expect(report.findings.filter((f) => f.status === 'fail').map((f) => [f.subject, f.rule])).toEqual([
      ['video 2', 'meta-reels-stories.audioCodec'],
    ]);
  }, 120_000);

  it("judges each caption a video recorded against the platform's safe zone, naming the caption and its time", async () => {
    const workDir = await makeWorkDir();
    const path = await encode(join(workDir, 'captioned.mp4'));
    // At 540×960 TikTok keeps text above y 740 (its 440 px at 1920) and within x 30–465.
    const caption = (y: number, startSec: number, endSec: number) => ({
      text: 'Grip wet rock',
      startSec,
      endSec,
      box: { x: 40, y, width: 400, height: 60 },
    });
    const nodes: Parameters<typeof graphOf>[0] = {
      video: ['test.videoFile', { path, meta: { captions: [caption(600, 0, 3), caption(720, 3, 6)] } }],
      check: ['ad.preflight', { platform: 'tiktok' }],
    };
    const result = await run(graphOf(nodes, ['video.video -> check.videos']), workDir);
    const report = result.outputs.get('check')?.report as Report;
    const zones = report.findings.filter((f) => f.rule === 'tiktok-9x16.safeZone');
    expect(zones.map((f) => [f.subject, f.status, f.value, f.limit])).toEqual([
      ['video 1 caption 1', 'pass', '40,600,400x60', '30,75–465,740'],
      ['video 1 caption 2', 'fail', '40,720,400x60', '30,75–465,740'],
    ]);
    expect(zones[1]?.message).toContain('caption 2 at 3.0–6.0 s x 40–440, y 720–780');
    expect(zones[1]?.source.url).toBe('https://ads.tiktok.com/help/article/video-ads-specifications');
  }, 120_000);
});
