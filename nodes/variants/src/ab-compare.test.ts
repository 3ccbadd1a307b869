import { describe, expect, it } from 'vitest';
import { failureOf, graphOf, makeWorkDir, run } from '../test/kit.ts';
import { normalCdf, normalQuantile, twoProportionZTest, wilsonInterval } from './proportion-stats.ts';

interface Report {
  metric: string;
  control: string;
  best: string | null;
  variants: {
    variant: string;
    control: boolean;
    successes: number;
    trials: number;
    rate: number | null;
    ci: { low: number; high: number } | null;
    vsControl?: { z: number; pValue: number; difference: number; relativeLift: number | null };
  }[];
  verdict: { best: string; control: string; z: number; pValue: number; threshold: number; beatsControl: boolean } | null;
  warnings: string[];
}

async function compare(params: Record<string, unknown>, extra: { file?: string } = {}) {
  const nodes: Parameters<typeof graphOf>[0] = { compare: ['ab.compare', params] };
  const edges: string[] = [];
  if (extra.file !== undefined) {
    nodes.results = ['test.csvFile', { text: extra.file }];
    edges.push('results.file -> compare.results');
  }
  const result = await run(graphOf(nodes, edges), await makeWorkDir());
  const out = result.outputs.get('compare') as { report: Report; summary: string } | undefined;
  return { result, report: out?.report as Report, summary: out?.summary as string };
}

describe('proportion statistics', () => {
  it('match the normal table: Φ(1.96) = 0.975, the 97.5% quantile is 1.959964', () => {
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 7);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(-2.5758293035489)).toBeCloseTo(0.005, 7);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantile(0.005)).toBeCloseTo(-2.5758293035489, 8);
  });

  it('z-test and Wilson interval agree with a hand computation', () => {
    // 130/1000 vs 100/1000: pooled p = 230/2000 = 0.115,
    // se = sqrt(0.115 × 0.885 × (1/1000 + 1/1000)) = 0.0142671, z = 0.03 / se = 2.10274,
    // two-sided p = erfc(z / √2) = 0.035488.
    const { z, pValue } = twoProportionZTest({ successes: 130, trials: 1000 }, { successes: 100, trials: 1000 });
    expect(z).toBeCloseTo(0.03 / Math.sqrt(0.115 * 0.885 * 0.002), 10);
    expect(z).toBeCloseTo(2.10274, 5);
    expect(pValue).toBeCloseTo(0.035488, 5);
    // Wilson 95% for 100/1000: centre (0.1 + z²/2000) / (1 + z²/1000), half-width as in Wilson (1927).
    const ci = wilsonInterval(100, 1000, 0.05);
    expect(ci.low).toBeCloseTo(0.0829094, 6);
    expect(ci.high).toBeCloseTo(0.120152, 6);
  });
});

describe('ab.compare', () => {
  it('reports conversion rates with intervals and says the best beats the control (hand-computed case)', async () => {
    const csv = 'Variant,Impressions,Clicks,Conversions\nc1-i1,20000,1000,100\nc2-i1,20000,1000,130\nc1-i2,20000,1000,95\n';
    const { report, summary } = await compare({ csv, metric: 'cvr', correction: 'none' });
    expect(report.control).toBe('c1-i1');
    expect(report.best).toBe('c2-i1');
    expect(report.variants.map((v) => [v.variant, v.control, v.successes, v.trials, v.rate])).toEqual([
      ['c1-i1', true, 100, 1000, 0.1],
      ['c2-i1', false, 130, 1000, 0.13],
      ['c1-i2', false, 95, 1000, 0.095],
    ]);
    expect(report.variants[0]?.ci?.low).toBeCloseTo(0.0829094, 6);
    expect(report.verdict).toMatchObject({ best: 'c2-i1', control: 'c1-i1', threshold: 0.05, beatsControl: true });
    expect(report.verdict?.z).toBeCloseTo(2.10274, 5);
    expect(report.verdict?.pValue).toBeCloseTo(0.035488, 5);
    expect(report.variants[1]?.vsControl?.relativeLift).toBeCloseTo(0.3, 10);
    expect(summary).toContain('c2-i1: CVR 13.00% (95% CI 11.06%–15.23%), 130 of 1000 clicks');
    expect(summary).toContain('c2-i1 beats the control c1-i1: CVR 13.00% vs 10.00%, z = 2.10, p = 0.0355 < 0.05.');
    expect(report.warnings).toEqual(['no control given: the first row, "c1-i1", is taken as the control']);
  });

  it('with Bonferroni over two challengers, the same data no longer clears the bar', async () => {
    const csv = 'variant,impressions,clicks,conversions\nc1-i1,20000,1000,100\nc2-i1,20000,1000,130\nc1-i2,20000,1000,95\n';
    const { report, summary } = await compare({ csv, metric: 'cvr', control: 'c1-i1' });
    expect(report.verdict).toMatchObject({ best: 'c2-i1', threshold: 0.025, beatsControl: false });
    expect(summary).toContain('No variant beats the control c1-i1 yet');
  });

  it('reads a results file with other header spellings, sums repeated rows, and compares click-through', async () => {
    // 310/10000 vs 250/10000: z = 2.57172, p = 0.010119.
    const file = 'VARIANT ID;Impr;CLICKS\r\nb;4000;110\r\na;10000;250\r\nb;6000;200\r\n';
    const { report } = await compare({ metric: 'ctr', control: 'a' }, { file });
    expect(report.variants.map((v) => [v.variant, v.successes, v.trials])).toEqual([
      ['b', 310, 10000],
      ['a', 250, 10000],
    ]);
    expect(report.verdict?.z).toBeCloseTo(2.57172, 5);
    expect(report.verdict?.pValue).toBeCloseTo(0.010119, 5);
    expect(report.verdict?.beatsControl).toBe(true);
  });

  it('names what is missing: the results, a column, a sane count', async () => {
    const none = await compare({});
    expect(failureOf(none.result, 'compare')).toMatchObject({ param: 'csv' });
    const noConversions = await compare({ csv: 'variant,clicks\na,10\nb,12\n', metric: 'cvr' });
    expect(failureOf(noConversions.result, 'compare').message).toBe(
      'the results CSV has no "conversions" column, which conversion rate needs; its columns are: variant, clicks',
    );
    const tooMany = await compare({ csv: 'variant,impressions,clicks\na,10,20\nb,10,2\n' });
    expect(failureOf(tooMany.result, 'compare').message).toBe('variant "a" has more clicks (20) than impressions (10)');
  });
});
