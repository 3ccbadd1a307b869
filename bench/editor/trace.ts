/** Chromium traces of a bench page: recording one over CDP, and the page's main-thread CPU by kind of work. */
import type { CDPSession } from 'playwright-core';

export interface TraceEvent {
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
export function kindOf(name: string): string | null {
  // Compile and GC first: V8 names them V8.CompileCode, V8.GCScavenger…, inside script.
  if (/compile|Compile|ParseHTML|v8\.parseOnBackground/.test(name)) return 'parse/compile';
  if (/^(MinorGC|MajorGC|V8\.GC|BlinkGC)/.test(name)) return 'gc';
  if (
    /^(FunctionCall|EvaluateScript|v8\.run|v8\.evaluateModule|V8\.|TimerFire|FireAnimationFrame|EventDispatch|RunMicrotasks|v8\.callFunction)/.test(
      name,
    )
  )
    return 'script';
  if (/^(UpdateLayoutTree|RecalculateStyles|ScheduleStyleRecalculation|ParseAuthorStyleSheet)/.test(name)) return 'style';
  if (/^(Layout|UpdateLayerTree|ResizeObserver|IntersectionObserver)/.test(name)) return 'layout';
  if (/^(Paint|PrePaint|Layerize|UpdateLayer|CompositeLayers|Commit|RasterTask|PaintImage|Decode)/.test(name)) return 'paint';
  if (name === 'ThreadControllerImpl::RunTask' || name === 'RunTask') return 'task';
  return null;
}

export async function startTracing(session: CDPSession) {
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
        'blink.user_timing',
      ],
    },
  });
}

export async function stopTracing(session: CDPSession): Promise<TraceEvent[]> {
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
export function mainThreadEvents(events: TraceEvent[]): TraceEvent[] {
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

/** A piece of main-thread CPU: when its event began, its kind of work, its own time (µs, callees taken out). */
export interface CpuSlice {
  ts: number;
  kind: string;
  selfUs: number;
}

/** The page main thread's CPU as slices of self time, each of the kind of its nearest named event. */
export function cpuSlices(events: TraceEvent[]): CpuSlice[] {
  const busiest = mainThreadEvents(events);
  busiest.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const slices: CpuSlice[] = [];
  const stack: { end: number; slice: CpuSlice }[] = [];
  for (const e of busiest) {
    while (stack.length && (stack[stack.length - 1] as { end: number }).end <= e.ts) stack.pop();
    const parent = stack[stack.length - 1];
    const kind = kindOf(e.name) ?? parent?.slice.kind ?? 'other';
    if (parent) parent.slice.selfUs -= e.tdur ?? 0;
    const slice = { ts: e.ts, kind, selfUs: e.tdur ?? 0 };
    slices.push(slice);
    stack.push({ end: e.ts + (e.dur ?? 0), slice });
  }
  return slices;
}

/** Self CPU time (ms) per kind, and their total, of the slices that began in [from, to). */
export function totalsByKind(
  slices: CpuSlice[],
  from = Number.NEGATIVE_INFINITY,
  to = Number.POSITIVE_INFINITY,
): Record<string, number> {
  const totals: Record<string, number> = {};
  let all = 0;
  for (const slice of slices) {
    if (slice.ts < from || slice.ts >= to) continue;
    totals[slice.kind] = (totals[slice.kind] ?? 0) + slice.selfUs;
    all += slice.selfUs;
  }
  const rounded: Record<string, number> = {};
  for (const [kind, us] of Object.entries(totals)) rounded[kind] = Math.round(us / 100) / 10;
  rounded.total = Math.round(all / 100) / 10;
  return rounded;
}

/** Self CPU time (ms) per kind of work on the page's main thread. */
export function summarize(events: TraceEvent[]): Record<string, number> {
  return totalsByKind(cpuSlices(events));
}
