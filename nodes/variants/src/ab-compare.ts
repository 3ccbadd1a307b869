import { readFile } from 'node:fs/promises';
import { type ArtifactRef, defineNode, isArtifactRef, NodeError } from '@adloom/sdk';
import { z } from 'zod';
import { twoProportionZTest, wilsonInterval } from './proportion-stats.ts';
import { readVariant } from './variant.ts';

/** The rates ab.compare can judge: each is successes out of trials. */
const METRICS = {
  ctr: { label: 'click-through rate', short: 'CTR', successes: 'clicks', trials: 'impressions' },
  cvr: { label: 'conversion rate', short: 'CVR', successes: 'conversions', trials: 'clicks' },
} as const;
type Metric = keyof typeof METRICS;
type Column = 'variant' | 'impressions' | 'clicks' | 'conversions';

/** Header spellings each column is found by, compared without case, spaces or punctuation. */
const COLUMN_NAMES: Record<Column, string[]> = {
  variant: ['variant', 'variantid', 'utmcontent'],
  impressions: ['impressions', 'impr', 'views'],
  clicks: ['clicks'],
  conversions: ['conversions', 'conv', 'conversion'],
};

export const compareParams = z.object({
  csv: z
    .string()
    .optional()
    .describe('Results as CSV text (variant, impressions, clicks, conversions), used when no file is connected'),
  metric: z.enum(['ctr', 'cvr']).default('ctr').describe('ctr: clicks / impressions; cvr: conversions / clicks'),
  alpha: z.number().gt(0).lt(0.5).default(0.05).describe('Significance level; the intervals are at 1 - alpha (95% for 0.05)'),
  control: z.string().optional().describe('The control variant id; else the one the variants input marks, else the first row'),
  correction: z
    .enum(['bonferroni', 'none'])
    .default('bonferroni')
    .describe('Picking the best of several variants inflates false wins; Bonferroni divides alpha by the comparisons'),
});

type CompareParams = z.infer<typeof compareParams>;

interface Tally {
  variant: string;
  impressions: number;
  clicks: number;
  conversions: number;
}

export const abCompare = defineNode({
  type: 'ab.compare',
  version: 1,
  title: 'Compare A/B results',
  category: 'Variants',
  description:
    "Reads each variant's impressions, clicks and conversions from a CSV, reports its rate with a confidence interval (Wilson) and whether the best variant beats the control (two-proportion z-test).",
  inputs: [
    {
      name: 'results',
      type: 'file',
      optional: true,
      description: 'A CSV with columns variant, impressions, clicks, conversions',
    },
    { name: 'variants', type: 'variant', list: true, optional: true, description: 'The variants, to know the control' },
  ],
  outputs: [
    { name: 'report', type: 'json' },
    { name: 'summary', type: 'text' },
  ],
  params: compareParams,
  paramHints: {
    csv: { multiline: true, placeholder: 'variant,impressions,clicks,conversions\nc1-i1,10000,310,21' },
    metric: { enumLabels: { ctr: 'Click-through rate', cvr: 'Conversion rate' } },
  },
  async run({ inputs, params }) {
    let text: string;
    if (inputs.results !== undefined) {
      if (!isArtifactRef(inputs.results)) throw new NodeError('"results" is not a stored file', { port: 'results' });
      text = await readFile((inputs.results as unknown as ArtifactRef).path, 'utf8');
    } else if (params.csv !== undefined && params.csv.trim() !== '') {
      text = params.csv;
    } else {
      throw new NodeError('no results to compare: connect a CSV file to "results" or paste the CSV into the csv param', {
        param: 'csv',
      });
    }
    const place = inputs.results !== undefined ? { port: 'results' } : { param: 'csv' };
    const tallies = await readResults(text, params.metric, place);
    const variants = inputs.variants as unknown[] | undefined;
    const markedControl = variants?.map((v, i) => readVariant(v, 'variants', i)).find((v) => v.control)?.id;
    return compareResults(tallies, params, markedControl);
  },
});

function normaliseHeader(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Rows of results, summed per variant (a daily export has a row per day). */
export async function readResults(text: string, metric: Metric, place: { port?: string; param?: string }): Promise<Tally[]> {
  // Loaded when results are read: listing the pack's nodes loads no CSV parser.
  const { parse } = await import('csv-parse/sync');
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      trim: true,
      delimiter: [',', ';', '\t'],
      relax_column_count: true,
    });
  } catch (error) {
    throw new NodeError(`the results are not readable CSV: ${(error as Error).message}`, place);
  }
  const [header, ...rows] = records;
  if (!header) throw new NodeError('the results CSV is empty', place);
  const names = header.map(normaliseHeader);
  const { successes, trials } = METRICS[metric];
  const needed: Column[] = ['variant', trials, successes];
  const at = {} as Record<Column, number>;
  for (const column of ['variant', 'impressions', 'clicks', 'conversions'] as const) {
    const index = names.findIndex((name) => COLUMN_NAMES[column].includes(name));
    if (index >= 0) at[column] = index;
    else if (needed.includes(column)) {
      throw new NodeError(
        `the results CSV has no "${column}" column, which ${METRICS[metric].label} needs; its columns are: ${header.join(', ')}`,
        place,
      );
    }
  }
  const tallies = new Map<string, Tally>();
  rows.forEach((row, r) => {
    const variant = row[at.variant]?.trim();
    if (!variant) throw new NodeError(`row ${r + 2} of the results has no variant`, place);
    const count = (column: Column): number => {
      if (at[column] === undefined) return 0;
      const raw = (row[at[column]] ?? '').replace(/[\s,_]/g, '');
      const value = raw === '' ? 0 : Number(raw);
      if (!Number.isInteger(value) || value < 0) {
        throw new NodeError(
          `row ${r + 2} of the results: ${column} "${row[at[column]]}" is not a whole number of 0 or more`,
          place,
        );
      }
      return value;
    };
    const tally = tallies.get(variant) ?? { variant, impressions: 0, clicks: 0, conversions: 0 };
    tally.impressions += count('impressions');
    tally.clicks += count('clicks');
    tally.conversions += count('conversions');
    tallies.set(variant, tally);
  });
  for (const t of tallies.values()) {
    if (t[successes] > t[trials]) {
      throw new NodeError(`variant "${t.variant}" has more ${successes} (${t[successes]}) than ${trials} (${t[trials]})`, place);
    }
  }
  if (tallies.size < 2) throw new NodeError(`the results need at least two variants to compare; found ${tallies.size}`, place);
  return [...tallies.values()];
}

const percent = (rate: number) => `${(rate * 100).toFixed(2)}%`;
const pValueText = (p: number) => (p < 0.0001 ? '< 0.0001' : p.toFixed(4));

/** Rates, intervals and the verdict on the best variant against the control. */
export function compareResults(tallies: Tally[], params: CompareParams, markedControl?: string) {
  const metric = METRICS[params.metric];
  const warnings: string[] = [];
  const controlId = params.control ?? markedControl ?? (tallies[0] as Tally).variant;
  const control = tallies.find((t) => t.variant === controlId);
  if (!control) {
    throw new NodeError(`control "${controlId}" has no row in the results; rows: ${tallies.map((t) => t.variant).join(', ')}`, {
      param: 'control',
    });
  }
  if (!params.control && !markedControl)
    warnings.push(`no control given: the first row, "${controlId}", is taken as the control`);
  const countsOf = (t: Tally) => ({ successes: t[metric.successes], trials: t[metric.trials] });
  if (countsOf(control).trials === 0)
    throw new NodeError(`the control "${controlId}" has no ${metric.trials}`, { param: 'control' });
  const challengers = tallies.filter((t) => t !== control && countsOf(t).trials > 0);
  const comparisons = Math.max(1, challengers.length);
  const threshold = params.correction === 'bonferroni' ? params.alpha / comparisons : params.alpha;

  const rows = tallies.map((t) => {
    const { successes, trials } = countsOf(t);
    const rate = trials > 0 ? successes / trials : null;
    const ci = trials > 0 ? wilsonInterval(successes, trials, params.alpha) : null;
    // The normal approximation behind the z-test wants about 5 successes and 5 failures.
    if (trials > 0 && (successes < 5 || trials - successes < 5)) {
      warnings.push(`"${t.variant}" has ${successes} ${metric.successes} of ${trials}: too few for the z-test to be reliable`);
    }
    if (trials === 0) warnings.push(`"${t.variant}" has no ${metric.trials}; it is left out`);
    const vsControl =
      t !== control && trials > 0
        ? (() => {
            const test = twoProportionZTest({ successes, trials }, countsOf(control));
            const controlRate = countsOf(control).successes / countsOf(control).trials;
            return {
              difference: (rate as number) - controlRate,
              relativeLift: controlRate > 0 ? (rate as number) / controlRate - 1 : null,
              z: test.z,
              pValue: test.pValue,
            };
          })()
        : undefined;
    return { variant: t.variant, control: t === control, ...countsOf(t), rate, ci, ...(vsControl ? { vsControl } : {}) };
  });

  const controlRow = rows.find((r) => r.control) as (typeof rows)[number];
  const best = rows
    .filter((r) => !r.control && r.vsControl)
    .reduce<(typeof rows)[number] | undefined>(
      (top, r) => (!top || (r.rate as number) > (top.rate as number) ? r : top),
      undefined,
    );
  const beatsControl = !!best?.vsControl && best.vsControl.difference > 0 && best.vsControl.pValue < threshold;
  const verdict = best?.vsControl
    ? {
        best: best.variant,
        control: controlId,
        z: best.vsControl.z,
        pValue: best.vsControl.pValue,
        threshold,
        beatsControl,
      }
    : null;

  const line = (r: (typeof rows)[number]) =>
    r.rate === null
      ? `${r.variant}${r.control ? ' (control)' : ''}: no ${metric.trials}`
      : `${r.variant}${r.control ? ' (control)' : ''}: ${metric.short} ${percent(r.rate)} (${Math.round((1 - params.alpha) * 100)}% CI ${percent(r.ci?.low ?? 0)}–${percent(r.ci?.high ?? 1)}), ${r.successes} of ${r.trials} ${metric.trials}`;
  const conclusion = !verdict
    ? 'No variant besides the control has data to compare.'
    : verdict.beatsControl
      ? `${verdict.best} beats the control ${controlId}: ${metric.short} ${percent(best?.rate as number)} vs ${percent(controlRow.rate as number)}, z = ${verdict.z.toFixed(2)}, p = ${pValueText(verdict.pValue)} < ${Number(threshold.toPrecision(3))}.`
      : `No variant beats the control ${controlId} yet: the best, ${verdict.best}, has ${metric.short} ${percent(best?.rate as number)} vs ${percent(controlRow.rate as number)}, z = ${verdict.z.toFixed(2)}, p = ${pValueText(verdict.pValue)} (needs p < ${Number(threshold.toPrecision(3))}${verdict.z > 0 ? '' : ' and a higher rate'}).`;
  const summary = [...rows.map(line), conclusion, ...warnings.map((w) => `Note: ${w}`)].join('\n');

  const report = {
    metric: params.metric,
    metricLabel: metric.label,
    alpha: params.alpha,
    confidence: 1 - params.alpha,
    correction: params.correction,
    control: controlId,
    variants: rows,
    best: best?.variant ?? null,
    verdict,
    warnings,
  };
  return { report, summary };
}
