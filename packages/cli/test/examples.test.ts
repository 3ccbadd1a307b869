import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { integratedLoudness } from '@adloom/nodes-video/test/kit';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const example = (name: string) => join(root, 'examples', `${name}.adloom.json`);

interface Artifact {
  file: string;
  node: string;
  mime: string;
  width?: number;
  height?: number;
  durationSec?: number;
  provider?: string;
  lineageKey: string;
}

/** Runs `adloom run` in a fresh folder; resolves with the exit code and the run's manifest. */
async function runExample(name: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const cwd = await mkdtemp(join(tmpdir(), `adloom-${name}-`));
  const child = spawn(
    join(root, 'node_modules/.bin/node'),
    [join(root, 'packages/cli/bin/adloom.js'), 'run', example(name), ...args],
    {
      cwd,
      env: { ...process.env, NO_COLOR: '1', ...env },
    },
  );
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  const [runId] = await readdir(join(cwd, 'runs'));
  const dir = join(cwd, 'runs', runId as string);
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as {
    status: string;
    artifacts: Artifact[];
    nodes: Record<string, { status: string; outputs?: Record<string, unknown> }>;
  };
  return { code, output, dir, manifest, of: (node: string) => manifest.artifacts.filter((a) => a.node === node) };
}

/** `adloom check` on a run folder: every finished file and copy against the platforms' specs. */
async function checkRun(dir: string, args: string[] = []) {
  const child = spawn(
    join(root, 'node_modules/.bin/node'),
    [join(root, 'packages/cli/bin/adloom.js'), 'check', dir, '--json', ...args],
    {
      env: { ...process.env, NO_COLOR: '1' },
    },
  );
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stdout += d));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  const report = JSON.parse(stdout) as {
    platforms: string[];
    items: {
      subject: string;
      platform: string;
      status: string;
      findings: { status: string; rule: string; subject: string; message: string; value?: unknown }[];
    }[];
  };
  const failures = report.items.flatMap((i) =>
    i.findings.filter((f) => f.status === 'fail').map((f) => `${i.subject}: ${f.rule} ${f.message}`),
  );
  return { code, report, failures };
}

describe('the examples run offline on a fresh machine', () => {
  it('display set: every Google display size and Meta 1:1 and 4:5, as JPEGs within the display budget', async () => {
    const run = await runExample('display-set');
    expect(run.code, run.output).toBe(0);
    const exported = run.of('export');
    const sizes = await Promise.all(
      exported.map(async (a) => {
        const meta = await sharp(join(run.dir, a.file)).metadata();
        return `${meta.width}x${meta.height} ${meta.format}`;
      }),
    );
    expect(sizes.sort()).toEqual(
      [
        '300x250',
        '336x280',
        '728x90',
        '300x600',
        '160x600',
        '320x50',
        '970x250',
        '1200x628',
        '1200x1200',
        '1080x1080',
        '1080x1350',
      ]
        .map((s) => `${s} jpeg`)
        .sort(),
    );
    for (const a of exported.filter((a) => /google-(300|336|728|160|320|970)x/.test(a.file))) {
      expect((await stat(join(run.dir, a.file))).size, a.file).toBeLessThanOrEqual(150_000);
    }
    expect(run.of('hero')[0]?.provider).toBe('offline');

    const check = await checkRun(run.dir);
    expect(check.failures).toEqual([]);
    expect(check.code).toBe(0);
    expect(check.report.platforms).toEqual(['meta', 'google']);
    expect(check.report.items.filter((i) => i.subject.startsWith('export/'))).toHaveLength(11);
  });

  it('landing page A/B: two self-contained pages whose button carries its variant, and the test export', async () => {
    const run = await runExample('landing-ab');
    expect(run.code, run.output).toBe(0);
    const pages = run.of('page');
    expect(pages).toHaveLength(2);
    const ids: string[] = [];
    for (const page of pages) {
      const html = await readFile(join(run.dir, page.file), 'utf8');
      const content = /utm_content=([\w-]+)/.exec(html)?.[1] as string;
      ids.push(content);
      expect(html).toContain('https://example.com/trailblazer?');
      // Nothing is loaded from another host: the only absolute URL is the button's.
      const urls = [...html.matchAll(/(?:src|href)="(https?:[^"]+)"/g)].map((m) => m[1]);
      expect(urls.every((url) => url?.startsWith('https://example.com/trailblazer'))).toBe(true);
    }
    expect(new Set(ids).size).toBe(2);
    const variants = JSON.parse(await readFile(join(run.dir, 'export/variants.json'), 'utf8'));
    expect(variants.variants.map((v: { id: string }) => v.id).sort()).toEqual(ids.sort());
    expect(variants.variants.reduce((sum: number, v: { weight: number }) => sum + v.weight, 0)).toBe(1);
    // A Meta test: no Google search-ad file.
    expect(run.of('export').map((a) => a.file)).not.toContainEqual(expect.stringContaining('google-ads-rsa'));

    const check = await checkRun(run.dir);
    expect(check.failures).toEqual([]);
    expect(check.code).toBe(0);
    expect(check.report.items.filter((i) => i.subject.endsWith('.html')).map((i) => i.status)).toEqual(['pass', 'pass']);
  });

  it('TikTok launch: 6 variants, each a finished 9:16 image and a video of the planned length', async () => {
    // The same graph at TikTok's smallest size and shortest length, so the test stays quick on 2 cores.
    const run = await runExample('tiktok-launch', [
      '--set',
      'video.duration=5',
      '--set',
      'video.width=540',
      '--set',
      'video.height=960',
    ]);
    expect(run.code, run.output).toBe(0);
    const finished = run.of('overlay');
    expect(finished).toHaveLength(6);
    expect(finished.every((a) => a.width === 1080 && a.height === 1920)).toBe(true);
    const videos = run.of('video').filter((a) => a.mime === 'video/mp4');
    expect(videos).toHaveLength(6);
    expect(videos.every((v) => Math.abs((v.durationSec ?? 0) - 5) < 0.1 && v.width === 540 && v.height === 960)).toBe(true);
    // Each video knows its variant: lineage through the split.
    expect(new Set(videos.map((v) => v.lineageKey)).size).toBe(6);
    expect(videos.every((v) => v.lineageKey.startsWith('split['))).toBe(true);
    const variants = JSON.parse(await readFile(join(run.dir, 'export/variants.json'), 'utf8'));
    expect(variants.variants).toHaveLength(6);
    // A TikTok campaign gets no Google search-ad file (and so no RSA row tagged utm_source=tiktok).
    expect(run.of('export').map((a) => a.file)).not.toContainEqual(expect.stringContaining('google-ads-rsa'));

    const check = await checkRun(run.dir);
    expect(check.failures).toEqual([]);
    expect(check.code).toBe(0);
    expect(check.report.platforms).toEqual(['tiktok']);
    expect(check.report.items.filter((i) => i.subject.endsWith('.mp4'))).toHaveLength(6);
    // A TikTok ad, not a still: three scenes, three captions (headline, a benefit, the call to
    // action), an end card with the brand and the button, and the music bed at -14 LUFS.
    const made = run.manifest.nodes.video?.outputs?.video as { meta: { images: number } }[];
    expect(made.map((v) => v.meta.images)).toEqual([3, 3, 3, 3, 3, 3]);
    expect(run.output).toContain('3 images → 5.00 s at 540x960 30 fps, fade 0.50 s, 3 captions, audio bed');
    // The log says where the bed lands (the peak ceiling may stop it a little short of -14), and
    // a fresh measure of a finished video agrees.
    const lands = /normalising to (-?[\d.]+) LUFS/.exec(run.output)?.[1];
    expect(Math.abs(Number(lands) - -14), run.output).toBeLessThanOrEqual(1);
    const first = videos[0] as Artifact;
    expect(Math.abs((await integratedLoudness(join(run.dir, first.file))) - Number(lands))).toBeLessThan(0.3);
    const endcards = run.manifest.nodes.endcard?.outputs?.image as { meta: { overlay: { headline: string; cta: string } } }[];
    expect(endcards.every((e) => e.meta.overlay.headline === 'Trailblazer 2' && e.meta.overlay.cta)).toBe(true);
    const audio = check.report.items.flatMap((i) => i.findings).filter((f) => f.rule === 'tiktok-in-feed.audio');
    expect(audio).toEqual([]);
    // Every caption of every video was judged against TikTok's safe zone where libass drew it.
    const findings = check.report.items.flatMap((i) => i.findings);
    const captions = findings.filter((f) => f.rule === 'tiktok-9x16.safeZone' && / caption \d+$/.test(f.subject));
    expect(captions.filter((f) => f.subject.startsWith('video/video-'))).toHaveLength(18);
    // The brand is the name the ads show as: 13 of TikTok's 20 characters.
    const names = findings.filter((f) => f.rule === 'tiktok.displayName.length');
    expect(names.map((f) => [f.status, f.value])).toEqual([['pass', 13]]);
    // The same creatives for Meta Reels: text clear of its UI too. This test renders at TikTok's
    // minimum 540×960, under Meta's 600 px minimum width, so only the size rules may fail here.
    const reels = await checkRun(run.dir, ['--platform', 'meta']);
    expect(reels.failures.filter((f) => !f.includes('.minSize '))).toEqual([]);
  }, 300_000);
});

/**
 * An OpenAI-compatible server that ignores length limits, as real models often do: every copy
 * has a 48-character headline, 130 characters of ad text with an emoji and a hashtag, and a
 * call to action that is on no platform's list; images come back at the size asked for, grainy.
 */
async function startCarelessModel() {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    res.writeHead(200, { 'content-type': 'application/json' });
    if (req.url?.endsWith('/images/generations')) {
      const [width, height] = String(body.size ?? '1024x1024')
        .split('x')
        .map(Number) as [number, number];
      // Grain like a photo's: a flat colour would encode to a video below TikTok's bitrate floor.
      const png = await sharp({
        create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } },
      })
        .png()
        .toBuffer();
      res.end(
        JSON.stringify({ created: 1, data: Array.from({ length: body.n ?? 1 }, () => ({ b64_json: png.toString('base64') })) }),
      );
      return;
    }
    const count = Number(/Write (\d+) distinct/.exec(body.messages?.[0]?.content ?? '')?.[1] ?? 3);
    const copies = Array.from({ length: count }, (_, i) => ({
      headline: `Trailblazer 2: the trail shoe that grips rock ${i + 1}`,
      primaryText: `Trailblazer 2 trail running shoes grip wet rock, weigh only 240 g and drain in seconds, so you never slip again 🔥 #trailrun ${i + 1}`,
      description: `Made for weekend trail runners who hate slipping on wet rock, mud and roots, every single weekend ${i + 1}`,
      callToAction: 'Grab your Trailblazer 2 pair today',
    }));
    const content = JSON.stringify({ copies });
    res.end(
      JSON.stringify({
        id: 'chatcmpl-careless',
        object: 'chat.completion',
        created: 1,
        model: 'careless-1',
        choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop', logprobs: null }],
        usage: { prompt_tokens: 100, completion_tokens: 200, total_tokens: 300 },
      }),
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    env: { OPENAI_API_KEY: 'sk-test-careless', OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1` },
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

describe('the examples with a real provider whose answers ignore every limit', () => {
  let model: Awaited<ReturnType<typeof startCarelessModel>>;
  beforeAll(async () => {
    model = await startCarelessModel();
  });
  afterAll(() => model.close());

  it('TikTok launch succeeds with every field within its limit and passes adloom check', async () => {
    const run = await runExample(
      'tiktok-launch',
      [
        ...['--set', 'copy.provider=openai', '--set', 'images.provider=openai'],
        ...['--set', 'video.duration=5', '--set', 'video.width=540', '--set', 'video.height=960'],
      ],
      model.env,
    );
    expect(run.code, run.output).toBe(0);
    const copies = run.manifest.nodes.copy?.outputs?.copies as {
      primaryText: string;
      callToAction: string;
      adjusted?: string[];
    }[];
    expect(copies).toHaveLength(3);
    for (const copy of copies) {
      expect(copy.adjusted).toEqual(['headline', 'primaryText', 'description', 'callToAction']);
      expect(copy.primaryText).not.toMatch(/[#🔥]/u);
      expect(copy.callToAction).toBe('Shop now');
    }
    expect(run.of('images')[0]?.provider).toBe('openai');
    const check = await checkRun(run.dir);
    expect(check.failures).toEqual([]);
    expect(check.code).toBe(0);
  }, 300_000);

  it('Landing page A/B succeeds with Meta copy that fits and passes adloom check', async () => {
    const run = await runExample('landing-ab', ['--set', 'copy.provider=openai', '--set', 'hero.provider=openai'], model.env);
    expect(run.code, run.output).toBe(0);
    const check = await checkRun(run.dir);
    expect(check.failures).toEqual([]);
    expect(check.code).toBe(0);
    // Meta's lengths are recommendations: within them, nothing even warns.
    expect(check.report.items.filter((i) => i.subject.startsWith('copy')).map((i) => i.status)).toEqual(['pass', 'pass']);
  });
});
