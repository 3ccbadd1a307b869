import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { RunResult } from '@adloom/engine';
import { applyGraphOps, type Catalog, type GraphFile, loadGraphText } from '@adloom/graph';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtInRegistry } from '../test/built-in-registry.ts';
import type { GraphRunner } from './assistant-tools.ts';
import { offlineModel } from './offline-model.ts';
import { judgeBudget } from './outside-calls.ts';
import { runTurn, type TurnOptions } from './turn.ts';

let catalog: Catalog;
let landing: GraphFile;

beforeAll(async () => {
  catalog = (await builtInRegistry()).catalog();
  const text = await readFile(resolve(import.meta.dirname, '../../../examples/landing-ab.adloom.json'), 'utf8');
  landing = loadGraphText(text).graph as GraphFile;
});

/** The landing example with its copy written by openai (2 copies, about $0.0009) and its images offline. */
function copyOnOpenAI(): GraphFile {
  const result = applyGraphOps(landing, [{ op: 'setParams', id: 'copy', params: { provider: 'openai' } }], catalog);
  if (!result.ok) throw new Error(result.refusal.message);
  return result.graph;
}

/** A turn that asks to run the graph, recording whether the host ran it and what the person was asked. */
async function runIt(graph: GraphFile, options: Partial<TurnOptions> & { approve?: boolean } = {}) {
  const runs: GraphFile[] = [];
  const asked: string[] = [];
  const run: GraphRunner = async (g) => {
    runs.push(g);
    return { runId: 'r1', status: 'succeeded', outDir: '/runs/r1', outputs: new Map(), nodes: new Map() } satisfies RunResult;
  };
  const turn = await runTurn({
    message: 'run it',
    graph,
    catalog,
    model: offlineModel(),
    run,
    confirmOutsideCalls: async (_calls, question) => {
      asked.push(question);
      return options.approve ?? true;
    },
    ...options,
  });
  return { turn, runs, asked };
}

describe('the cost budget of a turn', () => {
  it('refuses a run estimated over the budget without running or asking, and says so in the turn', async () => {
    const { turn, runs, asked } = await runIt(copyOnOpenAI(), { costBudgetUsd: 0.0001 });
    expect(runs).toEqual([]);
    expect(asked).toEqual([]);
    expect(turn.message).toContain("not run: the estimated cost, about $0.0009, is over this turn's budget of $0.0001");
    // The model saw the refusal as the run's result.
    const result = turn.messages.find((m) => m.role === 'tool' && m.name === 'run_graph');
    expect(result?.content).toMatch(/^not run: the estimated cost/);
    expect(result?.content).toContain(
      '• node "copy" (llm.adCopy): OpenAI gpt-4o-mini, 2 requests each time it runs, about $0.0009',
    );
  });

  it('counts a price not known in advance as over the budget', async () => {
    const turn = await runTurn({
      message: 'switch to openai and run it',
      graph: landing,
      catalog,
      model: offlineModel(),
      costBudgetUsd: 5,
      preapprovedUpToBudget: true,
      run: async () => {
        throw new Error('must not run');
      },
    });
    expect(turn.message).toContain(
      `not run: the cost of "hero" (openai) is not known in advance, so it counts as over this turn's budget of $5.0000`,
    );
    expect(turn.lastRun).toBeUndefined();
  });

  it('still asks before a run under the budget, and runs only when the person says yes', async () => {
    const declined = await runIt(copyOnOpenAI(), { costBudgetUsd: 0.01, approve: false });
    expect(declined.asked[0]).toMatch(/^This run would call outside providers, which may cost money/);
    expect(declined.runs).toEqual([]);
    const approved = await runIt(copyOnOpenAI(), { costBudgetUsd: 0.01, approve: true });
    expect(approved.asked).toHaveLength(1);
    expect(approved.runs).toHaveLength(1);
  });

  it('runs without asking when the caller approved spending up to the budget', async () => {
    const { runs, asked, turn } = await runIt(copyOnOpenAI(), { costBudgetUsd: 0.01, preapprovedUpToBudget: true });
    expect(asked).toEqual([]);
    expect(runs).toHaveLength(1);
    expect(turn.lastRun?.runId).toBe('r1');
  });

  it('a budget of 0 (the default) asks about every outside call, approved in advance or not', async () => {
    const { runs, asked } = await runIt(copyOnOpenAI(), { preapprovedUpToBudget: true, approve: false });
    expect(asked).toHaveLength(1);
    expect(runs).toEqual([]);
  });

  it('a run on offline providers only needs no budget and no question', async () => {
    const { runs, asked } = await runIt(landing, { costBudgetUsd: 0.0001 });
    expect(asked).toEqual([]);
    expect(runs).toHaveLength(1);
  });

  it('judges the estimate: known prices add up, a budget that is not a positive number refuses nothing', () => {
    const calls = [
      { nodeId: 'a', type: 'llm.adCopy', provider: 'openai', requests: 1, estimatedUsd: 0.002 },
      { nodeId: 'b', type: 'llm.adCopy', provider: 'openai', requests: 1, estimatedUsd: 0.003 },
    ];
    expect(judgeBudget(calls, 0.005)).toEqual({ totalUsd: 0.005 });
    expect(judgeBudget(calls, 0.004).refusal).toContain('about $0.0050');
    expect(judgeBudget(calls, Number.NaN).refusal).toBeUndefined();
    expect(judgeBudget(calls, -1).refusal).toBeUndefined();
  });
});
