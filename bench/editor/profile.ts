import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { startBenchPages } from './bench-pages.ts';
import { type LoadSample, loadOnce, loadReport, timelineOf } from './load-path.ts';
import { kindOf, mainThreadEvents, startTracing, stopTracing, summarize, type TraceEvent } from './trace.ts';

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '1000' },
    page: { type: 'string', default: 'both' },
    top: { type: 'string', default: '25' },
    // pan: the load and the pan and zoom path under the JS profiler, unminified for function names;
    // load: navigation to ready as the bench loads it (minified, no profiler), over several rounds.
    mode: { type: 'string', default: 'pan' },
    rounds: { type: 'string', default: '3' },
  },
});
const N = Number(values.nodes);
const TOP = Number(values.top);
const FRAMES = 300;
const isLoadMode = values.mode === 'load';
const pages = await startBenchPages({ nodes: N, minify: isLoadMode });
const { browser } = pages;

/** The main thread's long tasks (over 16 ms of CPU): when, how long, and what ran in them. */
function longTasks(events: TraceEvent[]): string[] {
  const list = mainThreadEvents(events);
  const start = list.reduce((least, e) => Math.min(least, e.ts), Number.POSITIVE_INFINITY);
  let lastEnd = -1;
  // Outermost tasks only: a RunTask holds a ThreadControllerImpl::RunTask of the same work.
  const tasks = list
    .filter((e) => kindOf(e.name) === 'task')
    .sort((a, b) => a.ts - b.ts)
    .filter((e) => {
      if (e.ts < lastEnd) return false;
      lastEnd = e.ts + (e.dur ?? 0);
      return (e.tdur ?? 0) > 16_000;
    });
  return tasks.map((task) => {
    const end = task.ts + (task.dur ?? 0);
    const inside = list.filter((e) => e !== task && e.ts >= task.ts && e.ts < end && kindOf(e.name) !== 'task');
    const parts = new Map<string, number>();
    for (const e of inside) {
      if ((e.tdur ?? 0) < 2000) continue;
      const label = e.name === 'FunctionCall' ? `call:${e.args?.data?.functionName || '?'}` : e.name;
      parts.set(label, Math.max(parts.get(label) ?? 0, e.tdur ?? 0));
    }
    const what = [...parts.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([label, us]) => `${label} ${(us / 1000).toFixed(0)}`)
      .join(', ');
    return `${((task.ts - start) / 1000).toFixed(0).padStart(6)} ms  ${((task.tdur ?? 0) / 1000).toFixed(0).padStart(4)} ms cpu  ${what}`;
  });
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: (ProfileNode & { children?: number[] })[];
  samples?: number[];
  timeDeltas?: number[];
}

/** Each profile node's own time, in µs. */
function selfTimes(profile: CpuProfile): Map<number, number> {
  const self = new Map<number, number>();
  (profile.samples ?? []).forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas?.[i] ?? 0));
  });
  return self;
}

/** Total (self and callees) time of the named functions in a CPU profile, in ms. */
function inclusive(profile: CpuProfile, names: string[]): string {
  const self = selfTimes(profile);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const memo = new Map<number, number>();
  const total = (id: number): number => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id);
    const sum = (self.get(id) ?? 0) + (node?.children ?? []).reduce((acc, child) => acc + total(child), 0);
    memo.set(id, sum);
    return sum;
  };
  // Counts a function once per stack: not again under a call of itself.
  const out = new Map<string, number>();
  const walk = (id: number, open: Set<string>) => {
    const node = byId.get(id);
    if (!node) return;
    const name = node.callFrame.functionName;
    const isNamed = names.includes(name) && !open.has(name);
    if (isNamed) out.set(name, (out.get(name) ?? 0) + total(id));
    const next = isNamed ? new Set([...open, name]) : open;
    for (const child of node.children ?? []) walk(child, next);
  };
  walk(profile.nodes[0]?.id ?? 1, new Set());
  return names.map((name) => `${name} ${((out.get(name) ?? 0) / 1000).toFixed(0)}`).join(', ');
}

const WATCH = (
  process.env.WATCH ??
  'validateGraph,parseGraph,sync,performWorkOnRoot,renderRootSync,commitRoot,flushPassiveEffects,updateDimensions,updateNodeInternals,adoptUserNodes,updateConnectionLookup,json,JSON.parse'
).split(',');

/** The functions with the most self time in a CPU profile, in ms. */
function topFunctions(profile: CpuProfile): string[] {
  const self = selfTimes(profile);
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.split('/').pop() ?? '';
    const key = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + (self.get(node.id) ?? 0));
  }
  return [...byFunction.entries()]
    .filter(([key]) => !key.startsWith('(idle)') && !key.startsWith('(program)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP)
    .map(([key, us]) => `${(us / 1000).toFixed(1).padStart(7)} ms  ${key}`);
}

/**
 * The bench's pan and zoom path, stepped by frame rather than by clock (FRAMES frames at a
 * nominal 60 a second), so both pages draw the same views however busy the machine is.
 */
async function panAndZoom(page: Page, kind: 'editor' | 'bare'): Promise<number> {
  return page.evaluate(
    ({ frames, kind }) =>
      new Promise<number>((done) => {
        const w = window as unknown as {
          rf?: { setViewport(v: object): void };
          adloomEditor?: { reactFlow: { setViewport(v: object): void } };
        };
        const flow = kind === 'editor' ? w.adloomEditor?.reactFlow : w.rf;
        let frame = 0;
        const step = () => {
          const k = frame / 60;
          flow?.setViewport({
            x: -1500 + Math.sin(k) * 1400,
            y: -900 + Math.cos(k * 0.7) * 800,
            zoom: 0.55 + 0.3 * Math.sin(k * 1.3),
          });
          if (++frame < frames) requestAnimationFrame(step);
          else setTimeout(() => done(frames), 50);
        };
        requestAnimationFrame(step);
      }),
    { frames: FRAMES, kind },
  );
}

const browserSession = await browser.newBrowserCDPSession();
const kinds = values.page === 'both' ? (['bare', 'editor'] as const) : [values.page as 'editor' | 'bare'];

/** Loads each page `--rounds` times, in turn, and prints the medians and the median round's timeline. */
async function profileLoads(): Promise<void> {
  const samples = new Map<string, LoadSample[]>(kinds.map((kind) => [kind, []]));
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const kind of kinds) {
      samples.get(kind)?.push(await loadOnce(browser, browserSession, pages.urlOf(kind), pages.readyProbe, kind));
    }
  }
  for (const [kind, list] of samples) {
    console.log(JSON.stringify({ page: kind, nodes: N, rounds: list.length, ...loadReport(list) }));
    const byReady = [...list].sort((a, b) => a.times.ready - b.times.ready);
    const typical = byReady[Math.floor(byReady.length / 2)] as LoadSample;
    console.log(`— ${kind}: the median round, ms since navigation\n${timelineOf(typical).join('\n')}`);
  }
}

if (isLoadMode) {
  await profileLoads();
  await pages.close();
  process.exit(0);
}

for (const kind of kinds) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addInitScript(pages.readyProbe);
  const page = await context.newPage();
  const session = await context.newCDPSession(page);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 200 });
  await session.send('Profiler.start');
  await startTracing(browserSession);
  const url = pages.urlOf(kind);
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { __ready?: unknown }).__ready, null, { timeout: 180_000 });
  const loadTrace = await stopTracing(browserSession);
  const loadProfile = (await session.send('Profiler.stop')).profile;
  const ready = await page.evaluate(() => (window as unknown as { __ready: { ms: number } }).__ready.ms);
  const elements = await page.evaluate(() => ({
    nodes: document.querySelectorAll('.react-flow__nodes *').length,
    edges: document.querySelectorAll('.react-flow__edges *').length,
    page: document.querySelectorAll('*').length,
  }));
  console.log(JSON.stringify({ page: kind, elements }));
  await page.waitForTimeout(1000);
  await session.send('Profiler.start');
  await startTracing(browserSession);
  const frames = await panAndZoom(page, kind);
  const panTrace = await stopTracing(browserSession);
  const panProfile = (await session.send('Profiler.stop')).profile;
  const load = summarize(loadTrace);
  const pan = summarize(panTrace);
  const perFrame = Object.fromEntries(Object.entries(pan).map(([k, v]) => [k, +(v / frames).toFixed(2)]));
  console.log(JSON.stringify({ page: kind, nodes: N, readyMs: Math.round(ready), loadCpuMs: load }));
  console.log(JSON.stringify({ page: kind, nodes: N, frames, panCpuMsPerFrame: perFrame }));
  console.log(`— ${kind}: load, long tasks\n${longTasks(loadTrace).join('\n')}`);
  console.log(`— ${kind}: load, inclusive ms: ${inclusive(loadProfile, WATCH)}`);
  console.log(`— ${kind}: pan, inclusive ms: ${inclusive(panProfile, WATCH)}`);
  console.log(`— ${kind}: load, top self time\n${topFunctions(loadProfile).join('\n')}`);
  console.log(`— ${kind}: pan and zoom, top self time\n${topFunctions(panProfile).join('\n')}`);
  await context.close();
}

await pages.close();
