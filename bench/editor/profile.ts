import { parseArgs } from 'node:util';
import type { CDPSession, Page } from 'playwright-core';
import { startBenchPages } from './bench-pages.ts';

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '1000' },
    page: { type: 'string', default: 'both' },
    top: { type: 'string', default: '25' },
  },
});
const N = Number(values.nodes);
const TOP = Number(values.top);
const FRAMES = 300;
const pages = await startBenchPages({ nodes: N, minify: false });
const { browser } = pages;

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { functionName?: string; url?: string } };
}

/** Groups trace event names into the kinds of work DevTools' summary shows. */
function kindOf(name: string): string | null {
  if (
    /^(FunctionCall|EvaluateScript|v8\.run|V8\.|TimerFire|FireAnimationFrame|EventDispatch|RunMicrotasks|v8\.callFunction)/.test(
      name,
    )
  )
    return 'script';
  if (/compile|Compile|ParseHTML|v8\.parseOnBackground/.test(name)) return 'parse/compile';
  if (/^(MinorGC|MajorGC|V8\.GC|BlinkGC)/.test(name)) return 'gc';
  if (/^(UpdateLayoutTree|RecalculateStyles|ScheduleStyleRecalculation|ParseAuthorStyleSheet)/.test(name)) return 'style';
  if (/^(Layout|UpdateLayerTree|ResizeObserver|IntersectionObserver)/.test(name)) return 'layout';
  if (/^(Paint|PrePaint|Layerize|UpdateLayer|CompositeLayers|Commit|RasterTask|PaintImage|Decode)/.test(name)) return 'paint';
  if (name === 'ThreadControllerImpl::RunTask' || name === 'RunTask') return 'task';
  return null;
}

async function startTracing(session: CDPSession) {
  await session.send('Tracing.start', {
    transferMode: 'ReturnAsStream',
    traceConfig: {
      includedCategories: [
        'devtools.timeline',
        'disabled-by-default-devtools.timeline',
        'v8',
        'v8.execute',
        'blink',
        'toplevel',
        'disabled-by-default-v8.compile',
      ],
    },
  });
}

async function stopTracing(session: CDPSession): Promise<TraceEvent[]> {
  const done = new Promise<string>((resolveStream) =>
    session.once('Tracing.tracingComplete', (event) => resolveStream(event.stream as string)),
  );
  await session.send('Tracing.end');
  const stream = await done;
  let text = '';
  for (;;) {
    const chunk = await session.send('IO.read', { handle: stream });
    text += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString() : chunk.data;
    if (chunk.eof) break;
  }
  await session.send('IO.close', { handle: stream });
  const parsed = JSON.parse(text) as { traceEvents: TraceEvent[] } | TraceEvent[];
  return Array.isArray(parsed) ? parsed : parsed.traceEvents;
}

/** The complete events of the busiest renderer main thread (the page's: others sit idle). */
function mainThreadEvents(events: TraceEvent[]): TraceEvent[] {
  const mains = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (!mains.has(key) || e.ph !== 'X' || e.tdur === undefined) continue;
    const list = byThread.get(key) ?? [];
    list.push(e);
    byThread.set(key, list);
  }
  let busiest: TraceEvent[] = [];
  let busiestTime = -1;
  for (const list of byThread.values()) {
    const total = list.filter((e) => kindOf(e.name) === 'task').reduce((sum, e) => sum + (e.tdur ?? 0), 0);
    if (total > busiestTime) {
      busiestTime = total;
      busiest = list;
    }
  }
  return busiest;
}

/** Self CPU time (ms) per kind of work on the page's main thread. */
function summarize(events: TraceEvent[]): Record<string, number> {
  const busiest = mainThreadEvents(events);
  busiest.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const totals: Record<string, number> = {};
  const stack: { end: number; kind: string; self: number }[] = [];
  const close = (until: number) => {
    while (stack.length && (stack[stack.length - 1] as { end: number }).end <= until) {
      const top = stack.pop() as { kind: string; self: number };
      totals[top.kind] = (totals[top.kind] ?? 0) + top.self;
    }
  };
  for (const e of busiest) {
    close(e.ts);
    const kind = kindOf(e.name) ?? stack[stack.length - 1]?.kind ?? 'other';
    const parent = stack[stack.length - 1];
    if (parent) parent.self -= e.tdur ?? 0;
    stack.push({ end: e.ts + (e.dur ?? 0), kind, self: e.tdur ?? 0 });
  }
  close(Number.POSITIVE_INFINITY);
  const rounded: Record<string, number> = {};
  let all = 0;
  for (const [kind, us] of Object.entries(totals)) {
    rounded[kind] = Math.round(us / 100) / 10;
    all += us;
  }
  rounded.total = Math.round(all / 100) / 10;
  return rounded;
}

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
