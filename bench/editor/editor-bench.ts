import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { startBenchPages } from './bench-pages.ts';

const { values } = parseArgs({
  options: { nodes: { type: 'string', default: '1000' }, rounds: { type: 'string', default: '3' } },
});
const N = Number(values.nodes);
const ROUNDS = Number(values.rounds);
const PAN_MS = 5000;
const pages = await startBenchPages({ nodes: N, minify: true });
const { browser } = pages;

interface Sample {
  page: 'editor' | 'bare';
  readyMs: number;
  /** When the frame after ready began: the browser has drawn the nodes. */
  paintedMs: number;
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
  await page.waitForFunction(() => (window as unknown as { __painted?: unknown }).__painted, null, { timeout: 120_000 });
  const ready = await page.evaluate(() => {
    const w = window as unknown as { __ready: { ms: number; rendered: number }; __painted: number };
    return { ...w.__ready, painted: w.__painted };
  });
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
    paintedMs: Math.round(ready.painted),
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
    await context.addInitScript(pages.readyProbe);
    const page = await context.newPage();
    const url = pages.urlOf(kind);
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
for (const key of ['readyMs', 'paintedMs', 'frameMedian', 'frameP95', 'workMedian', 'workP95'] as const) {
  const e = median('editor', key);
  const b = median('bare', key);
  summary[key] = { editor: e, bare: b, ratio: +(e / b).toFixed(2) };
}
console.log(JSON.stringify(summary));

await pages.close();
