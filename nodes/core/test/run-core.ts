import { NodeRegistry, type RunOptions } from '@adloom/engine';
import { runGraphInTest, type TestRun } from '@adloom/engine/testing';
import type { GraphFile } from '@adloom/graph';
import { pack } from '../src/index.ts';

export { graphOf, makeWorkDir, type NodeOutcome } from '@adloom/engine/testing';

const registry = new NodeRegistry([pack]);

/** Runs a graph with the core pack in a fresh folder, and reads back what its manifest says. */
export function runCore(graph: GraphFile, options: Partial<RunOptions> = {}): Promise<TestRun> {
  return runGraphInTest(graph, { registry, ...options });
}
