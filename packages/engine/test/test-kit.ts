import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { GraphFile } from '@adloom/graph';
import { z } from 'zod';
import {
  defineNode,
  NodeError,
  NodeRegistry,
  type RunEvent,
  type RunOptions,
  type RunResult,
  runGraph,
  TransientError,
} from '../src/index.ts';

export { graphOf, makeWorkDir } from '../src/testing.ts';

/** Resolves after `ms`, or rejects as soon as `signal` aborts. */
export function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/**
 * Node types for engine tests, with a shared log of what ran. Each test makes its own kit, so
 * counts start from zero.
 */
export function makeTestKit() {
  /** `nodeId` or `nodeId@lineageKey` of every real run, in start order. */
  const calls: string[] = [];
  const inputsSeen = new Map<string, unknown[]>();
  const running = { now: 0, max: 0, byProvider: new Map<string, { now: number; max: number }>() };
  let randomCount = 0;
  const flakyAttempts = new Map<string, number>();
  const flakyTimes = new Map<string, number[]>();

  const record = (nodeId: string, lineageKey: string, inputs: unknown) => {
    const name = lineageKey ? `${nodeId}@${lineageKey}` : nodeId;
    calls.push(name);
    const seen = inputsSeen.get(nodeId) ?? [];
    seen.push(inputs);
    inputsSeen.set(nodeId, seen);
  };

  const value = defineNode({
    type: 'test.value',
    version: 1,
    title: 'Value',
    category: 'Test',
    description: 'Outputs its `value` param.',
    outputs: [{ name: 'out', type: 'json' }],
    params: z.object({ value: z.unknown() }),
    run({ nodeId, params, lineageKey }) {
      record(nodeId, lineageKey, {});
      return { out: params.value };
    },
  });

  const counter = defineNode({
    type: 'test.counter',
    version: 1,
    title: 'Counter',
    category: 'Test',
    description: 'Records each call and passes its input on, tagged with its own id.',
    inputs: [{ name: 'in', type: 'json', optional: true }],
    outputs: [{ name: 'out', type: 'json' }],
    params: z.object({ tag: z.string().default('') }),
    run({ nodeId, params, inputs, lineageKey }) {
      record(nodeId, lineageKey, inputs);
      const input = inputs.in;
      return { out: input === undefined ? `${nodeId}${params.tag}` : `${String(input)}>${nodeId}${params.tag}` };
    },
  });

  const step = defineNode({
    type: 'test.step',
    version: 1,
    title: 'Step',
    category: 'Test',
    description: 'Adds one to its input (zero when unconnected): a chain counts its own length.',
    inputs: [{ name: 'in', type: 'json', optional: true }],
    outputs: [{ name: 'out', type: 'number' }],
    params: z.object({}),
    run({ inputs }) {
      return { out: ((inputs.in as number | undefined) ?? 0) + 1 };
    },
  });

  const delay = defineNode({
    type: 'test.delay',
    version: 1,
    title: 'Delay',
    category: 'Test',
    description: 'Waits `ms`, honouring its signal unless told not to; counts how many run at once.',
    inputs: [{ name: 'in', type: 'json', optional: true }],
    outputs: [{ name: 'out', type: 'json' }],
    params: z.object({ ms: z.number(), provider: z.string().optional(), ignoreSignal: z.boolean().default(false) }),
    provider: (params) => params.provider,
    deterministic: false,
    async run({ nodeId, params, signal, lineageKey, inputs, progress }) {
      record(nodeId, lineageKey, inputs);
      const provider = params.provider ?? '';
      const perProvider = running.byProvider.get(provider) ?? { now: 0, max: 0 };
      running.byProvider.set(provider, perProvider);
      running.max = Math.max(running.max, ++running.now);
      perProvider.max = Math.max(perProvider.max, ++perProvider.now);
      try {
        await wait(params.ms, params.ignoreSignal ? undefined : signal);
      } finally {
        running.now--;
        perProvider.now--;
      }
      progress(1, 'waited');
      return { out: nodeId };
    },
  });

  const flaky = defineNode({
    type: 'test.flaky',
    version: 1,
    title: 'Flaky',
    category: 'Test',
    description: 'Throws a TransientError `failures` times, then succeeds.',
    outputs: [{ name: 'out', type: 'json' }],
    params: z.object({ failures: z.number(), retryAfterMs: z.number().optional() }),
    maxAttempts: 3,
    run({ nodeId, params }) {
      const attempt = (flakyAttempts.get(nodeId) ?? 0) + 1;
      flakyAttempts.set(nodeId, attempt);
      const times = flakyTimes.get(nodeId) ?? [];
      times.push(performance.now());
      flakyTimes.set(nodeId, times);
      if (attempt <= params.failures) {
        throw new TransientError(`the provider is busy (429) on attempt ${attempt}`, { retryAfterMs: params.retryAfterMs });
      }
      return { out: `ok after ${attempt}` };
    },
  });

  const fail = defineNode({
    type: 'test.fail',
    version: 1,
    title: 'Fail',
    category: 'Test',
    description: 'Fails with a NodeError naming a param.',
    inputs: [{ name: 'in', type: 'json', optional: true }],
    outputs: [{ name: 'out', type: 'json' }],
    params: z.object({ message: z.string().default('the brief is empty') }),
    run({ nodeId, params, lineageKey, inputs }) {
      record(nodeId, lineageKey, inputs);
      throw new NodeError(params.message, { param: 'message' });
    },
  });

  const list = defineNode({
    type: 'test.list',
    version: 1,
    title: 'List',
    category: 'Test',
    description: 'Outputs its `items` param as a list.',
    outputs: [{ name: 'items', type: 'json', list: true }],
    params: z.object({ items: z.array(z.unknown()) }),
    run({ nodeId, params, lineageKey }) {
      record(nodeId, lineageKey, {});
      return { items: params.items };
    },
  });

  const split = defineNode({
    type: 'test.split',
    version: 1,
    title: 'Split',
    category: 'Test',
    description: 'Makes a list of two from one value.',
    inputs: [{ name: 'in', type: 'json' }],
    outputs: [{ name: 'parts', type: 'json', list: true }],
    params: z.object({}),
    run({ nodeId, inputs, lineageKey }) {
      record(nodeId, lineageKey, inputs);
      return { parts: [`${String(inputs.in)}-a`, `${String(inputs.in)}-b`] };
    },
  });

  const pair = defineNode({
    type: 'test.pair',
    version: 1,
    title: 'Pair',
    category: 'Test',
    description: 'Joins two single inputs.',
    inputs: [
      { name: 'a', type: 'json' },
      { name: 'b', type: 'json' },
    ],
    outputs: [{ name: 'out', type: 'json' }],
    params: z.object({}),
    run({ nodeId, inputs, lineageKey }) {
      record(nodeId, lineageKey, inputs);
      return { out: `${String(inputs.a)}+${String(inputs.b)}` };
    },
  });

  const collect = defineNode({
    type: 'test.collect',
    version: 1,
    title: 'Collect',
    category: 'Test',
    description: 'Takes a whole list.',
    inputs: [{ name: 'items', type: 'json', list: true }],
    outputs: [{ name: 'out', type: 'json' }],
    params: z.object({}),
    run({ nodeId, inputs, lineageKey }) {
      record(nodeId, lineageKey, inputs);
      return { out: inputs.items };
    },
  });

  const file = defineNode({
    type: 'test.file',
    version: 1,
    title: 'File',
    category: 'Test',
    description: 'Stores its text (or its input) as a text artifact.',
    inputs: [{ name: 'in', type: 'json', optional: true }],
    outputs: [{ name: 'file', type: 'file' }],
    params: z.object({ text: z.string().default('') }),
    async run({ nodeId, params, inputs, artifacts, lineageKey }) {
      record(nodeId, lineageKey, inputs);
      const text = inputs.in === undefined ? params.text : `${params.text}${String(inputs.in)}`;
      return { file: await artifacts.write(new TextEncoder().encode(text), { kind: 'file', mime: 'text/plain' }) };
    },
  });

  const pending = defineNode({
    type: 'test.pending',
    version: 1,
    title: 'Pending',
    category: 'Test',
    description: 'Writes half a file through createPending, then waits `ms` for more.',
    outputs: [{ name: 'file', type: 'file' }],
    params: z.object({ ms: z.number(), ignoreSignal: z.boolean().default(false) }),
    async run({ nodeId, params, artifacts, signal, lineageKey, progress }) {
      record(nodeId, lineageKey, {});
      const file = await artifacts.createPending('mp4');
      await writeFile(file.path, 'half a video');
      progress(0.5, 'half written');
      await wait(params.ms, params.ignoreSignal ? undefined : signal);
      return { file: await file.commit({ kind: 'video', mime: 'video/mp4' }) };
    },
  });

  const random = defineNode({
    type: 'test.random',
    version: 1,
    title: 'Random',
    category: 'Test',
    description: 'A different value every run.',
    outputs: [{ name: 'out', type: 'json' }],
    params: z.object({}),
    deterministic: false,
    run({ nodeId, lineageKey }) {
      record(nodeId, lineageKey, {});
      return { out: ++randomCount };
    },
  });

  const registry = new NodeRegistry([
    { name: 'test', nodes: [value, counter, step, delay, flaky, fail, list, split, pair, collect, file, pending, random] },
  ]);

  /** Runs a graph in `workDir`, collecting its events. */
  const run = async (
    graph: GraphFile,
    workDir: string,
    options: Partial<RunOptions> = {},
  ): Promise<RunResult & { events: RunEvent[]; manifest: Manifest }> => {
    const events: RunEvent[] = [];
    const result = await runGraph(graph, {
      registry,
      workDir,
      ...options,
      onEvent: (event) => {
        events.push(event);
        options.onEvent?.(event);
      },
    });
    return { ...result, events, manifest: await readManifest(result.outDir) };
  };

  return { registry, calls, inputsSeen, running, flakyAttempts, flakyTimes, run };
}

/** The parts of manifest.json the tests read. */
export interface Manifest {
  adloomManifest: number;
  runId: string;
  status: string;
  graph: { name: string; hash: string };
  inputs: Record<string, unknown>;
  nodes: Record<
    string,
    {
      status: string;
      cached?: boolean;
      attempts?: number;
      error?: { message: string; param?: string };
      outputs?: Record<string, unknown>;
    }
  >;
  artifacts: {
    file: string;
    node: string;
    port: string;
    sha256: string;
    bytes: number;
    lineage: Record<string, number>;
    lineageKey: string;
  }[];
}

export async function readManifest(outDir: string): Promise<Manifest> {
  return JSON.parse(await readFile(join(outDir, 'manifest.json'), 'utf8')) as Manifest;
}

/** Every file under `dir`, relative to it, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries
      .filter((e) => e.isFile())
      .map((e) => relative(dir, join(e.parentPath, e.name)))
      .sort();
  } catch {
    return [];
  }
}

/** The events of one type, narrowed. */
export function eventsOf<T extends RunEvent['type']>(events: RunEvent[], type: T): Extract<RunEvent, { type: T }>[] {
  return events.filter((e): e is Extract<RunEvent, { type: T }> => e.type === type);
}
