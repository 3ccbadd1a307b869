import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeRegistry, type RunOptions, type RunResult, runGraph } from '@adloom/engine';
import { type GraphFile, graphFrom } from '@adloom/graph';
import { afterEach } from 'vitest';
import { pack } from '../src/index.ts';

const made: string[] = [];

/** A fresh folder per test, removed after it. */
export async function makeWorkDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'adloom-core-'));
  made.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A graph from `{ id: [type, params] }` and `'a.out -> b.in'` edges. */
export const graphOf = (nodes: Parameters<typeof graphFrom>[0], edges: string[] = []): GraphFile =>
  graphFrom(nodes, edges, 'core test');

export interface NodeOutcome {
  status: string;
  error?: { message: string; param?: string; port?: string };
  outputs?: Record<string, unknown>;
}

/** Runs a graph with the core pack in a fresh folder, and reads back what its manifest says. */
export async function runCore(
  graph: GraphFile,
  options: Partial<RunOptions> = {},
): Promise<RunResult & { manifest: { status: string; nodes: Record<string, NodeOutcome> } }> {
  const result = await runGraph(graph, {
    registry: new NodeRegistry([pack]),
    workDir: options.workDir ?? (await makeWorkDir()),
    ...options,
  });
  const manifest = JSON.parse(await readFile(join(result.outDir, 'manifest.json'), 'utf8'));
  return { ...result, manifest };
}
