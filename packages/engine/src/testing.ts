/**
 * `@adloom/engine/testing`: what a node pack's tests need to run its nodes through the real
 * engine: a fresh folder per test, graphs written briefly, and a run whose events and
 * manifest come back with its result. Meant for vitest, which it registers its clean-up with.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type GraphFile, graphFrom } from '@adloom/graph';
import { afterEach } from 'vitest';
import type { NodeFailure, RunEvent } from './events.ts';
import type { ManifestArtifact } from './run-folder.ts';
import { type RunOptions, type RunResult, runGraph } from './run-graph.ts';

const made: string[] = [];

afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fresh folder for one test (its cache, artifacts and runs), removed after the test. */
export async function makeWorkDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'adloom-test-'));
  made.push(dir);
  return dir;
}

/** A graph from `{ id: [type, params] }` and `'a.out -> b.in'` edges. */
export const graphOf = (nodes: Parameters<typeof graphFrom>[0], edges: string[] = [], name = 'test graph'): GraphFile =>
  graphFrom(nodes, edges, name);

/** What a test reads of one node in the manifest. */
export interface NodeOutcome {
  status: string;
  cached?: boolean;
  attempts?: number;
  error?: NodeFailure;
  outputs?: Record<string, unknown>;
}

/** The parts of `manifest.json` tests read. */
export interface TestManifest {
  runId: string;
  status: string;
  nodes: Record<string, NodeOutcome>;
  artifacts: ManifestArtifact[];
  // biome-ignore lint/suspicious/noExplicitAny: the rest of the manifest, read as plain JSON
  [key: string]: any;
}

/** A finished test run: the engine's result, every event it sent, and its manifest. */
export interface TestRun extends RunResult {
  events: RunEvent[];
  manifest: TestManifest;
  /** The manifest as written, for checks on everything a run left (no secret in it). */
  manifestText: string;
  /** The messages a node logged. */
  logs(nodeId: string): string[];
}

/**
 * Runs a graph through the real engine in `workDir` (default: a fresh folder), without a
 * cache unless the options give one, and keeps its events and manifest.
 */
export async function runGraphInTest(
  graph: GraphFile,
  options: Omit<RunOptions, 'workDir'> & { workDir?: string },
): Promise<TestRun> {
  const events: RunEvent[] = [];
  const result = await runGraph(graph, {
    cache: false,
    ...options,
    workDir: options.workDir ?? (await makeWorkDir()),
    onEvent: (event) => {
      events.push(event);
      options.onEvent?.(event);
    },
  });
  const manifestText = await readFile(join(result.outDir, 'manifest.json'), 'utf8');
  return {
    ...result,
    events,
    manifest: JSON.parse(manifestText) as TestManifest,
    manifestText,
    logs: (nodeId) => events.flatMap((e) => (e.type === 'node.log' && e.nodeId === nodeId ? [e.message] : [])),
  };
}

/** The error a node reported; throws, saying what happened instead, when it did not fail. */
export function failureOf(run: { manifest: TestManifest }, nodeId: string): NodeFailure {
  const node = run.manifest.nodes[nodeId];
  if (node?.status !== 'failed') throw new Error(`expected "${nodeId}" to fail, it ${node?.status}`);
  return node.error as NodeFailure;
}
