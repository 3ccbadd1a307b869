import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyOf, failureOf, graphOf, makeWorkDir, run, writePng } from '../test/kit.ts';
import { trafficWeights } from './traffic-weights.ts';
import type { Experiment, Variant } from './variant.ts';

const sum = (weights: number[]) => weights.reduce((a, b) => a + b, 0);

/** Headlines × CTAs into a split with the given params. */
function headlineSplit(headlines: string[], ctas: string[], params: Record<string, unknown> = {}) {
  return graphOf(
    {
      heads: ['test.texts', { texts: headlines }],
      ctas: ['test.texts', { texts: ctas }],
      split: ['variants.split', params],
    },
    ['heads.texts -> split.headlines', 'ctas.texts -> split.ctas'],
  );
}

async function splitOf(graph: ReturnType<typeof graphOf>) {
  const result = await run(graph, await makeWorkDir());
  const outputs = result.outputs.get('split');
  return { result, variants: outputs?.variants as Variant[], experiment: outputs?.experiment as Experiment };
}

describe('variants.split', () => {
  it('makes every combination of copies and images with ids from their levels, even weights and the first as control', async () => {
    const workDir = await makeWorkDir();
    const graph = graphOf(
      {
        copies: ['test.copies', { copies: [copyOf('Run far'), copyOf('Run fast')] }],
        red: ['input.image', { name: 'red', default: await writePng(join(workDir, 'red.png'), '#cc2200') }],
        blue: ['input.image', { name: 'blue', default: await writePng(join(workDir, 'blue.png'), '#0033cc') }],
        split: ['variants.split', { hypothesis: 'Speed beats distance' }],
      },
      ['copies.copies -> split.copies', 'red.image -> split.images', 'blue.image -> split.images'],
    );
    const result = await run(graph, workDir);
    expect(result.status).toBe('succeeded');
    const variants = result.outputs.get('split')?.variants as Variant[];
    expect(variants.map((v) => v.id)).toEqual(['c1-i1', 'c1-i2', 'c2-i1', 'c2-i2']);
    expect(variants.map((v) => v.index)).toEqual([0, 1, 2, 3]);
    expect(variants[2]?.levels).toEqual({ copy: 'c2', image: 'i1' });
    expect(variants[2]?.copy?.headline).toBe('Run fast');
    expect(variants[2]?.image?.sha256).toBe(variants[0]?.image?.sha256);
    expect(variants[1]?.image?.sha256).not.toBe(variants[0]?.image?.sha256);
    expect(variants.map((v) => v.weight)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(variants.map((v) => v.control)).toEqual([true, false, false, false]);
    const experiment = result.outputs.get('split')?.experiment as Experiment;
    expect(experiment).toMatchObject({ design: 'cartesian', hypothesis: 'Speed beats distance', control: 'c1-i1' });
    expect(experiment.id).toMatch(/^exp-[0-9a-f]{12}$/);
    expect(experiment.factors.map((f) => [f.name, f.levels.map((l) => l.id)])).toEqual([
      ['copy', ['c1', 'c2']],
      ['image', ['i1', 'i2']],
    ]);
  });

  it('gives the same ids and experiment id for the same levels, and a new experiment id when a level changes', async () => {
    const first = await splitOf(headlineSplit(['Fast', 'Light'], ['Shop now', 'Try it']));
    const again = await splitOf(headlineSplit(['Fast', 'Light'], ['Shop now', 'Try it']));
    const changed = await splitOf(headlineSplit(['Fast', 'Lighter'], ['Shop now', 'Try it']));
    expect(first.variants.map((v) => v.id)).toEqual(['h1-a1', 'h1-a2', 'h2-a1', 'h2-a2']);
    expect(again.variants).toEqual(first.variants);
    expect(again.experiment.id).toBe(first.experiment.id);
    expect(changed.variants.map((v) => v.id)).toEqual(first.variants.map((v) => v.id));
    expect(changed.experiment.id).not.toBe(first.experiment.id);
    const named = await splitOf(headlineSplit(['Fast'], ['Go'], { experimentId: 'spring-26' }));
    expect(named.experiment.id).toBe('spring-26');
  });

  it('zips levels by position, holding a one-level factor in every variant', async () => {
    const { variants } = await splitOf(headlineSplit(['A', 'B', 'C'], ['Go'], { design: 'zip' }));
    expect(variants.map((v) => v.id)).toEqual(['h1-a1', 'h2-a1', 'h3-a1']);
    expect(variants.map((v) => [v.headline, v.cta])).toEqual([
      ['A', 'Go'],
      ['B', 'Go'],
      ['C', 'Go'],
    ]);
    const uneven = await splitOf(headlineSplit(['A', 'B', 'C'], ['Go', 'Buy'], { design: 'zip' }));
    expect(failureOf(uneven.result, 'split')).toMatchObject({ port: 'ctas' });
    expect(failureOf(uneven.result, 'split').message).toContain('"headlines" has 3, "ctas" has 2');
  });

  it('samples a seeded subset of the cartesian product: the cap, distinct ids, the same draw for the same seed', async () => {
    const heads = ['A', 'B', 'C', 'D'];
    const ctas = ['W', 'X', 'Y', 'Z'];
    const all = (await splitOf(headlineSplit(heads, ctas))).variants.map((v) => v.id);
    expect(all).toHaveLength(16);
    const draw = async (seed: number) =>
      (await splitOf(headlineSplit(heads, ctas, { design: 'sample', maxVariants: 5, seed }))).variants;
    const a = await draw(7);
    expect(a).toHaveLength(5);
    expect(new Set(a.map((v) => v.id)).size).toBe(5);
    for (const v of a) expect(all).toContain(v.id);
    // Listed in cartesian order, indexed and weighted afresh.
    expect([...a.map((v) => v.id)].sort((x, y) => all.indexOf(x) - all.indexOf(y))).toEqual(a.map((v) => v.id));
    expect(a.map((v) => v.index)).toEqual([0, 1, 2, 3, 4]);
    expect(sum(a.map((v) => v.weight))).toBe(1);
    expect(await draw(7)).toEqual(a);
    const others = await Promise.all([1, 2, 3].map(draw));
    expect(others.some((o) => o.map((v) => v.id).join() !== a.map((v) => v.id).join())).toBe(true);
    // A cap above the product takes all of it.
    const everything = await splitOf(headlineSplit(heads, ctas, { design: 'sample', maxVariants: 50 }));
    expect(everything.variants.map((v) => v.id)).toEqual(all);
  });

  it('refuses a cartesian product above maxVariants, pointing at sample', async () => {
    const { result } = await splitOf(headlineSplit(['A', 'B', 'C', 'D'], ['W', 'X', 'Y', 'Z'], { maxVariants: 10 }));
    const error = failureOf(result, 'split');
    expect(error.param).toBe('maxVariants');
    expect(error.message).toContain('makes 16 variants, more than maxVariants (10)');
    expect(error.message).toContain('"sample"');
  });

  it('takes given weights as fractions or percentages and refuses wrong ones, naming the param', async () => {
    const percent = await splitOf(headlineSplit(['A', 'B', 'C'], ['Go'], { weights: [50, 30, 20] }));
    expect(percent.variants.map((v) => v.weight)).toEqual([0.5, 0.3, 0.2]);
    expect(sum(percent.variants.map((v) => v.weight))).toBe(1);
    const fractions = await splitOf(headlineSplit(['A', 'B', 'C'], ['Go'], { weights: [0.1, 0.2, 0.7] }));
    expect(fractions.variants.map((v) => v.weight)).toEqual([0.1, 0.2, 0.7]);
    expect(sum(fractions.variants.map((v) => v.weight))).toBe(1);

    const cases: [number[], string][] = [
      [[0.5, 0.5], 'has 2 weights for 3 variants'],
      [[0.5, 0.6, -0.1], 'weight 3 is -0.1'],
      [[0.3, 0.3, 0.3], 'add up to 0.9; they must add up to 1 (or to 100'],
    ];
    for (const [weights, words] of cases) {
      const { result } = await splitOf(headlineSplit(['A', 'B', 'C'], ['Go'], { weights }));
      const error = failureOf(result, 'split');
      expect(error.param).toBe('weights');
      expect(error.message).toContain(words);
    }
    const starved = await splitOf(headlineSplit(['A', 'B'], ['Go'], { weights: [0, 1] }));
    expect(failureOf(starved.result, 'split').message).toContain('control variant "h1-a1" gets no traffic');
  });

  it('[variants.W1] weights add up to exactly 1 for any number of variants', () => {
    for (let n = 1; n <= 60; n++) {
      const weights = trafficWeights(n);
      expect(sum(weights), `${n} variants`).toBe(1);
      for (const w of weights) expect(Math.abs(w - 1 / n)).toBeLessThanOrEqual(1e-6);
    }
    expect(
      sum(
        trafficWeights(
          3,
          [1, 1, 1].map((w) => w / 3),
        ),
      ),
    ).toBe(1);
    expect(sum(trafficWeights(7, [10, 15, 15, 15, 15, 15, 15]))).toBe(1);
  });

  it('marks the control named by id or by index, and names the param when it matches no variant', async () => {
    const byId = await splitOf(headlineSplit(['A', 'B'], ['X', 'Y'], { control: 'h2-a1' }));
    expect(byId.variants.filter((v) => v.control).map((v) => v.id)).toEqual(['h2-a1']);
    expect(byId.experiment.control).toBe('h2-a1');
    const byIndex = await splitOf(headlineSplit(['A', 'B'], ['X', 'Y'], { control: 3 }));
    expect(byIndex.variants.filter((v) => v.control).map((v) => v.id)).toEqual(['h2-a2']);
    const unknown = await splitOf(headlineSplit(['A', 'B'], ['X', 'Y'], { control: 'h9-a1' }));
    expect(failureOf(unknown.result, 'split')).toEqual({
      param: 'control',
      message: 'control "h9-a1" is not one of the variants: h1-a1, h1-a2, h2-a1, h2-a2',
    });
  });

  it('says what to connect when no factor is connected, and which factor came empty', async () => {
    const none = await run(graphOf({ split: ['variants.split'] }), await makeWorkDir());
    expect(failureOf(none, 'split').message).toContain('connect at least one factor to split: copies, headlines, images');
    const empty = await run(
      graphOf({ heads: ['test.texts', { texts: [] }], split: ['variants.split'] }, ['heads.texts -> split.headlines']),
      await makeWorkDir(),
    );
    expect(failureOf(empty, 'split')).toMatchObject({
      port: 'headlines',
      message: '"headlines" is connected but got no headlines',
    });
  });

  it('hands each variant to nodes mapped over the list, whose artifacts carry the variant lineage', async () => {
    const graph = headlineSplit(['A', 'B', 'C'], ['Go']);
    graph.nodes.finish = { type: 'test.finish' };
    graph.nodes.unpack = { type: 'variants.unpack' };
    graph.edges.push({ from: 'split.variants', to: 'finish.variant' }, { from: 'split.variants', to: 'unpack.variant' });
    const result = await run(graph, await makeWorkDir());
    expect(result.status).toBe('succeeded');
    expect(result.outputs.get('unpack')?.id).toEqual(['h1-a1', 'h2-a1', 'h3-a1']);
    const finished = result.manifest.artifacts.filter((a) => a.node === 'finish');
    expect(finished.map((a) => a.lineage)).toEqual([{ split: 0 }, { split: 1 }, { split: 2 }]);
    expect(finished.map((a) => a.lineageKey)).toEqual(['split[0]', 'split[1]', 'split[2]']);
  });
});
