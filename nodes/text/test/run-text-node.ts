import { NodeRegistry, type RunEvent, type RunOptions, type RunResult } from '@adloom/engine';
import { runGraphInTest } from '@adloom/engine/testing';
import type { GraphFile } from '@adloom/graph';
import { pack as corePack } from '@adloom/nodes-core';
import { pack as textPack } from '../src/index.ts';

export interface TextNodeRun {
  result: RunResult;
  events: RunEvent[];
  /** Everything the run reported and wrote, as text: to check that no secret leaked into it. */
  everything: string;
  // biome-ignore lint/suspicious/noExplicitAny: the manifest is read as plain JSON
  manifest: any;
}

/**
 * Runs `input.text → <type>` through the real engine: the text feeds the node's `inputPort`,
 * the node is called "copy" (or "gen"), and retries are quick so tests stay fast.
 */
export async function runTextNode(options: {
  type: 'llm.adCopy' | 'llm.generate';
  params: Record<string, unknown>;
  text: string;
  env: Record<string, string | undefined>;
  system?: string;
  run?: Partial<RunOptions>;
}): Promise<TextNodeRun> {
  const nodeId = options.type === 'llm.adCopy' ? 'copy' : 'gen';
  const inputPort = options.type === 'llm.adCopy' ? 'brief' : 'prompt';
  const graph: GraphFile = {
    adloom: 1,
    name: 'text node test',
    nodes: {
      source: { type: 'input.text', params: { name: 'source', default: options.text } },
      ...(options.system !== undefined
        ? { rules: { type: 'input.text', params: { name: 'rules', default: options.system } } }
        : {}),
      [nodeId]: { type: options.type, params: options.params },
    },
    edges: [
      { from: 'source.text', to: `${nodeId}.${inputPort}` },
      ...(options.system !== undefined ? [{ from: 'rules.text', to: `${nodeId}.system` }] : []),
    ],
  };
  const run = await runGraphInTest(graph, {
    registry: new NodeRegistry([corePack, textPack]),
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    providers: { env: options.env },
    ...options.run,
  });
  return {
    result: run,
    events: run.events,
    manifest: run.manifest,
    everything: `${JSON.stringify(run.events)}\n${run.manifestText}\n${JSON.stringify([...run.nodes.values()])}`,
  };
}
