import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

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
async function runExample(name: string, args: string[] = []) {
  const cwd = await mkdtemp(join(tmpdir(), `adloom-${name}-`));
  const child = spawn(
    join(root, 'node_modules/.bin/node'),
    [join(root, 'packages/cli/bin/adloom.js'), 'run', example(name), ...args],
    {
      cwd,
      env: { ...process.env, NO_COLOR: '1' },
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
async function checkRun(dir: string) {
  const child = spawn(join(root, 'node_modules/.bin/node'), [join(root, 'packages/cli/bin/adloom.js'), 'check', dir, '--json'], {
    env: { ...process.env, NO_COLOR: '1' },
  });
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stdout += d));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  const report = JSON.parse(stdout) as {
    platforms: string[];
    items: { subject: string; platform: string; status: string; findings: { status: string; rule: string; message: string }[] }[];
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
  });
});
