/**
 * The load path of a bench page, from navigation to ready (every node measured): what it
 * fetched and when, when React committed, and the main thread's CPU by kind of work in each
 * stretch between those moments, from a Chromium trace.
 */
import type { Browser, CDPSession } from 'playwright-core';
import type { PageKind } from './bench-pages.ts';
import { type CpuSlice, cpuSlices, startTracing, stopTracing, type TraceEvent, totalsByKind } from './trace.ts';

/**
 * Marks the page's time origin in the trace, and records each React commit through the hook
 * React calls for its developer tools (also in production builds).
 */
const LOAD_PROBE = `
  (() => {
    performance.mark('bench-origin');
    const commits = (window.__commits = []);
    window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
      supportsFiber: true,
      renderers: new Map(),
      inject: () => 1,
      onScheduleFiberRoot() {},
      onCommitFiberRoot() { commits.push(performance.now()); },
      onCommitFiberUnmount() {},
      onPostCommitFiberRoot() {},
      checkDCE() {},
    };
  })();
`;

interface Fetched {
  name: string;
  type: string;
  start: number;
  end: number;
  bytes: number;
}

interface PageTimes {
  origin: number;
  ready: number;
  /** When the frame after ready began: the nodes are drawn. */
  painted: number;
  page: number;
  fetched: Fetched[];
  commits: number[];
}

/** One load of a page: its times (ms since navigation) and the main thread's CPU, in trace time. */
export interface LoadSample {
  kind: PageKind;
  times: PageTimes;
  slices: CpuSlice[];
  /** The trace's timestamp (µs) of the page's time origin. */
  zeroTs: number;
}

export async function loadOnce(
  browser: Browser,
  browserSession: CDPSession,
  url: string,
  readyProbe: string,
  kind: PageKind,
): Promise<LoadSample> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addInitScript(LOAD_PROBE);
  await context.addInitScript(readyProbe);
  const page = await context.newPage();
  await startTracing(browserSession);
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { __painted?: unknown }).__painted, null, { timeout: 180_000 });
  const trace: TraceEvent[] = await stopTracing(browserSession);
  const times = await page.evaluate((): PageTimes => {
    const w = window as unknown as { __ready: { ms: number }; __painted: number; __commits: number[] };
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    const fetched = (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((r) => r.responseEnd <= w.__ready.ms)
      .map((r) => ({
        name: new URL(r.name).pathname.replace(/^.*\/(?=api\/)|^.*\/(?!api\/)(?=[^/]*$)/, ''),
        type: r.initiatorType,
        start: r.startTime,
        end: r.responseEnd,
        bytes: r.decodedBodySize,
      }));
    return {
      origin: performance.getEntriesByName('bench-origin')[0]?.startTime ?? 0,
      ready: w.__ready.ms,
      painted: w.__painted,
      page: nav?.responseEnd ?? 0,
      fetched,
      commits: w.__commits.filter((t) => t <= w.__ready.ms),
    };
  });
  await context.close();
  const mark = trace.find((e) => e.name === 'bench-origin');
  if (!mark) throw new Error('the trace has no bench-origin mark: was blink.user_timing traced?');
  return { kind, times, slices: cpuSlices(trace), zeroTs: mark.ts - times.origin * 1000 };
}

/** The stretches of a load the report compares: download, start-up, the host's answers, the graph on screen. */
export function phasesOf(sample: LoadSample): { name: string; from: number; to: number }[] {
  const { times } = sample;
  const assets = times.fetched.filter((f) => f.type === 'script' || f.type === 'link');
  const bundle = Math.max(times.page, ...assets.map((f) => f.end));
  const api = times.fetched.filter((f) => f.type === 'fetch');
  const firstAsk = api.length ? Math.min(...api.map((f) => f.start)) : bundle;
  const documentIn = api.find((f) => f.name === 'api/file')?.end ?? firstAsk;
  return [
    { name: 'page and bundle download', from: 0, to: bundle },
    { name: 'bundle run to first host request', from: bundle, to: firstAsk },
    { name: 'host requests to document received', from: firstAsk, to: documentIn },
    { name: 'document to ready', from: documentIn, to: times.ready },
    { name: 'ready to painted', from: times.ready, to: times.painted },
  ];
}

const at = (sample: LoadSample, ms: number) => sample.zeroTs + ms * 1000;

/** CPU (ms by kind) of the main thread between two page times. */
export function cpuBetween(sample: LoadSample, from: number, to: number): Record<string, number> {
  return totalsByKind(sample.slices, at(sample, from), at(sample, to));
}

const KINDS = ['script', 'parse/compile', 'gc', 'style', 'layout', 'paint', 'task', 'other'];

function kindsText(cpu: Record<string, number>): string {
  return KINDS.filter((k) => cpu[k])
    .map((k) => `${k} ${cpu[k]?.toFixed(0)}`)
    .join(', ');
}

/** A load as lines: each request and commit in order, with the CPU spent since the line before. */
export function timelineOf(sample: LoadSample): string[] {
  const { times } = sample;
  const marks: { ms: number; what: string }[] = [{ ms: times.page, what: 'page received' }];
  for (const f of times.fetched) {
    if (f.type === 'fetch') marks.push({ ms: f.start, what: `${f.name} requested` });
    marks.push({ ms: f.end, what: `${f.name} received${f.bytes ? ` (${(f.bytes / 1024).toFixed(0)} kB)` : ''}` });
  }
  times.commits.forEach((ms, i) => {
    marks.push({ ms, what: `React commit ${i + 1}` });
  });
  marks.push({ ms: times.ready, what: 'ready' }, { ms: times.painted, what: 'painted (the frame after ready)' });
  marks.sort((a, b) => a.ms - b.ms);
  let last = 0;
  return marks.map(({ ms, what }) => {
    const cpu = cpuBetween(sample, last, ms);
    last = ms;
    return `${ms.toFixed(0).padStart(6)} ms  ${what.padEnd(44)} cpu ${String(cpu.total?.toFixed(0)).padStart(4)}  ${kindsText(cpu)}`;
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/** Medians over rounds of one page: CPU by kind to painted (and in all to ready), each phase's wall time and CPU. */
export function loadReport(samples: LoadSample[]) {
  const totals = samples.map((s) => cpuBetween(s, 0, s.times.painted));
  const cpuMs: Record<string, number> = {};
  for (const kind of [...KINDS, 'total']) {
    const values = totals.map((t) => t[kind] ?? 0);
    if (values.some((v) => v)) cpuMs[kind] = median(values);
  }
  const phases = phasesOf(samples[0] as LoadSample).map((phase, i) => {
    const each = samples.map((s) => {
      const p = phasesOf(s)[i] as { from: number; to: number };
      return { wall: p.to - p.from, cpu: cpuBetween(s, p.from, p.to).total ?? 0 };
    });
    return {
      phase: phase.name,
      wallMs: Math.round(median(each.map((e) => e.wall))),
      cpuMs: Math.round(median(each.map((e) => e.cpu))),
    };
  });
  const sizes = Object.fromEntries(
    (samples[0] as LoadSample).times.fetched
      .filter((f) => f.type === 'script' || f.type === 'link')
      .map((f) => [f.name, Math.round(f.bytes / 1024)]),
  );
  const toReady = samples.map((s) => cpuBetween(s, 0, s.times.ready).total ?? 0);
  return {
    readyMs: Math.round(median(samples.map((s) => s.times.ready))),
    paintedMs: Math.round(median(samples.map((s) => s.times.painted))),
    cpuToReadyMs: median(toReady),
    commits: median(samples.map((s) => s.times.commits.length)),
    cpuMs,
    phases,
    assetKb: sizes,
  };
}
