import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type NodeRegistry, type RunResult, runGraph } from '@adloom/engine';
import type { GraphFile } from '@adloom/graph';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtInRegistry } from '../test/built-in-registry.ts';
import { offlineModel } from './offline-model.ts';
import { summarizeRun } from './run-summary.ts';
import { runTurn } from './turn.ts';

let registry: NodeRegistry;
let run: RunResult;

// Two offline copies and a 200x120 picture, judged by TikTok's rules: the picture fits no placement.
const graph: GraphFile = {
  adloom: 1,
  name: 'Preflight',
  nodes: {
    brief: { type: 'input.text', params: { name: 'brief', default: 'FoldPack kayak' } },
    copy: { type: 'llm.adCopy', params: { platform: 'tiktok', count: 2 } },
    images: { type: 'image.generate', params: { count: 1, aspect: '16:9', width: 200, height: 120 } },
    check: { type: 'ad.preflight', params: { platform: 'tiktok' } },
  },
  edges: [
    { from: 'brief.text', to: 'copy.brief' },
    { from: 'brief.text', to: 'images.prompt' },
    { from: 'copy.copies', to: 'check.copies' },
    { from: 'images.images', to: 'check.images' },
  ],
};

beforeAll(async () => {
  registry = await builtInRegistry();
  run = await runGraph(graph, { registry, workDir: await mkdtemp(join(tmpdir(), 'adloom-summary-')), cache: false });
});

describe('read_results', () => {
  it('names each preflight finding that fails with its rule, number and limit, beside the image facts', () => {
    expect(run.status).toBe('succeeded');
    const text = summarizeRun(run);
    expect(text).toContain('images: succeeded; images = 1 item: image image/png 200x120 by offline');
    expect(text).toMatch(/check: succeeded; report = preflight fail: \d+ pass, 0 warn, 1 fail/);
    expect(text).toContain('fail tiktok.image.aspect image 1: 200×120 (limit 1080×1920, 640×640, 1920×1080)');
  });

  it('"why did the last run fail" on a run whose preflight failed answers with the findings', async () => {
    const turn = await runTurn({
      message: 'why did the last run fail?',
      graph,
      catalog: registry.catalog(),
      model: offlineModel(),
      lastRun: run,
    });
    expect(turn.status).toBe('done');
    expect(turn.message).toContain('The last run succeeded, but its preflight found what a platform would refuse');
    expect(turn.message).toContain('fail tiktok.image.aspect image 1: 200×120');
    expect(turn.ops).toEqual([]);
  });
});
