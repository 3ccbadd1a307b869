/**
 * The editor against bare React Flow on the same generated graph (BENCHMARKS.md, "Editor"),
 * side by side in one run of headless Chromium: time from navigation to every rendered node
 * measured, then 5 s of programmatic pan and zoom — frame interval and main-thread work per
 * frame (from a rAF callback to the next task). Prints a JSON line per page load and a summary
 * of medians with the editor/bare ratios.
 *
 *   npm run bench:editor --  [--nodes 1000] [--rounds 3]
 */
import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { serializeGraph } from '@adloom/graph';
import { chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { benchGraph } from './bench-graph.ts';

const { values } = parseArgs({
  options: { nodes: { type: 'string', default: '1000' }, rounds: { type: 'string', default: '3' } },
});
const N = Number(values.nodes);
const ROUNDS = Number(values.rounds);
const PAN_MS = 5000;
const here = import.meta.dirname;
const editorRoot = resolve(here, '../../apps/editor');
const repoRoot = resolve(here, '../..');

// Production builds of React on both sides, whatever the calling shell set.
process.env.NODE_ENV = 'production';
const work = mkdtempSync(join(tmpdir(), 'adloom-editor-bench-'));
const bareDir = join(work, 'bare-dist');
process.stderr.write('… building the editor and the bare page\n');
await build({ root: editorRoot, configFile: join(editorRoot, 'vite.config.ts'), logLevel: 'warn' });
await build({
  root: join(here, 'bare'),
  configFile: false,
  base: './',
  logLevel: 'warn',
  plugins: [(await import('@vitejs/plugin-react')).default()],
  build: { outDir: bareDir, emptyOutDir: true, chunkSizeWarningLimit: 5000 },
});
writeFileSync(join(work, 'bench.adloom.json'), serializeGraph(benchGraph(N)));

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
const bare = createServer((req, res) => {
  const path = join(bareDir, new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/$/, '/index.html'));
  try {
    statSync(path);
  } catch {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
  createReadStream(path).pipe(res);
});
await new Promise<void>((ready) => bare.listen(0, '127.0.0.1', () => ready()));
const barePort = (bare.address() as { port: number }).port;

const serve = spawn(
  process.execPath,
  [join(repoRoot, 'packages/cli/bin/adloom.js'), 'serve', '--port', '0', '--workspace', work],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const editorUrl = await new Promise<string>((done) => {
  let out = '';
  serve.stdout?.on('data', (chunk: Buffer) => {
    out += chunk;
    const match = /(http:\/\/\S+)/.exec(out);
    if (match) done(match[1] as string);
  });
});

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});

/** Records when all N nodes are rendered (the graph fits the view) and measured (no longer hidden). */
const READY_PROBE = `
  (() => {
    const check = () => {
      const nodes = document.querySelectorAll('.react-flow__node');
      if (nodes.length >= ${N} && [...nodes].every((n) => n.style.visibility !== 'hidden')) {
        window.__ready = { ms: performance.now(), rendered: nodes.length };
        return;
      }
      requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })();
`;

interface Sample {
  page: 'editor' | 'bare';
  readyMs: number;
  rendered: number;
  frameMedian: number;
  frameP95: number;
  workMedian: number;
  workP95: number;
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};

async function measure(page: Page, kind: 'editor' | 'bare'): Promise<Sample> {
  await page.waitForFunction(() => (window as unknown as { __ready?: unknown }).__ready, null, { timeout: 120_000 });
  const ready = await page.evaluate(() => (window as unknown as { __ready: { ms: number; rendered: number } }).__ready);
  await page.waitForTimeout(500);
  const result = await page.evaluate(
    ({ ms, kind }) =>
      new Promise<{ frames: number[]; work: number[] }>((done) => {
        const w = window as unknown as {
          rf?: { setViewport(v: object): void };
          adloomEditor?: { reactFlow: { setViewport(v: object): void } };
        };
        const flow = kind === 'editor' ? w.adloomEditor?.reactFlow : w.rf;
        const frames: number[] = [];
        const work: number[] = [];
        const start = performance.now();
        let last = start;
        const frame = () => {
          const now = performance.now();
          frames.push(now - last);
          last = now;
          const k = (now - start) / 1000;
          flow?.setViewport({
            x: -1500 + Math.sin(k) * 1400,
            y: -900 + Math.cos(k * 0.7) * 800,
            zoom: 0.55 + 0.3 * Math.sin(k * 1.3),
          });
          const t0 = performance.now();
          const channel = new MessageChannel();
          channel.port1.onmessage = () => work.push(performance.now() - t0);
          channel.port2.postMessage(0);
          if (now - start < ms) requestAnimationFrame(frame);
          else setTimeout(() => done({ frames: frames.slice(1), work }), 50);
        };
        requestAnimationFrame(frame);
      }),
    { ms: PAN_MS, kind },
  );
  return {
    page: kind,
    readyMs: Math.round(ready.ms),
    rendered: ready.rendered,
    frameMedian: +quantile(result.frames, 0.5).toFixed(1),
    frameP95: +quantile(result.frames, 0.95).toFixed(1),
    workMedian: +quantile(result.work, 0.5).toFixed(1),
    workP95: +quantile(result.work, 0.95).toFixed(1),
  };
}

const samples: Sample[] = [];
for (let round = 0; round < ROUNDS; round++) {
  for (const kind of ['bare', 'editor'] as const) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addInitScript(READY_PROBE);
    const page = await context.newPage();
    const url = kind === 'bare' ? `http://127.0.0.1:${barePort}/?n=${N}` : `${editorUrl}?open=bench.adloom.json`;
    await page.goto(url);
    const sample = await measure(page, kind);
    samples.push(sample);
    console.log(JSON.stringify({ bench: 'editor', nodes: N, round, ...sample }));
    await context.close();
  }
}

const median = (kind: 'editor' | 'bare', key: keyof Omit<Sample, 'page'>) =>
  quantile(
    samples.filter((s) => s.page === kind).map((s) => s[key] as number),
    0.5,
  );
const summary: Record<string, unknown> = { bench: 'editor-summary', nodes: N, rounds: ROUNDS };
for (const key of ['readyMs', 'frameMedian', 'frameP95', 'workMedian', 'workP95'] as const) {
  const e = median('editor', key);
  const b = median('bare', key);
  summary[key] = { editor: e, bare: b, ratio: +(e / b).toFixed(2) };
}
console.log(JSON.stringify(summary));

await browser.close();
serve.kill();
bare.close();
rmSync(work, { recursive: true, force: true });
