import { type ArtifactRef, defineNode, hashValue, isArtifactRef, NodeError } from '@adloom/sdk';
import { z } from 'zod';
import { trafficWeights, WeightsError } from './traffic-weights.ts';
import { type Copy, copySchema, type Experiment, FACTORS, type Factor, type FactorName, type Variant } from './variant.ts';
import { DesignError, planCombinations } from './variant-design.ts';

const EXPERIMENT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export const splitParams = z.object({
  design: z.enum(['cartesian', 'zip', 'sample']).default('cartesian').describe('How factor levels combine into variants'),
  maxVariants: z.number().int().min(1).max(1000).default(20).describe('Most variants; "sample" draws this many'),
  seed: z.number().int().default(0).describe('Which sample "sample" draws; the same seed draws the same variants'),
  weights: z
    .array(z.number())
    .optional()
    .describe('Traffic share per variant, in order, adding up to 1 (or 100); even when unset'),
  control: z
    .union([z.string(), z.number().int().min(0)])
    .optional()
    .describe('The control variant: its id (c1-i1) or its index from 0; the first when unset'),
  experimentId: z.string().regex(EXPERIMENT_ID, 'use letters, digits, ".", "_" and "-"').optional(),
  hypothesis: z.string().optional().describe('What the test should show, e.g. "a price headline beats a benefit one"'),
});

type SplitParams = z.infer<typeof splitParams>;

/** A factor's levels read from its input, checked and numbered. */
interface FactorInput extends Factor {
  prefix: string;
}

export const variantsSplit = defineNode({
  type: 'variants.split',
  version: 1,
  title: 'Split into variants',
  category: 'Variants',
  description:
    'Combines headlines, copies, images, videos, calls to action and extras into A/B test variants, each with a stable id (c2-i1), a traffic weight and one control.',
  inputs: FACTORS.map((f) => ({
    name: f.port,
    type: f.type,
    list: true,
    optional: true,
    description: `The ${f.label} to test; levels ${f.prefix}1, ${f.prefix}2, … in this order`,
  })),
  outputs: [
    { name: 'variants', type: 'variant', list: true, description: 'One per variant; downstream nodes map over them' },
    { name: 'experiment', type: 'json', description: 'Id, design, seed and factor levels, for variants.export' },
  ],
  params: splitParams,
  paramHints: {
    design: { enumLabels: { cartesian: 'Every combination', zip: 'Pair by position', sample: 'Seeded sample' } },
    hypothesis: { multiline: true },
  },
  run({ inputs, params }) {
    const factors = readFactors(inputs);
    return splitVariants(factors, params);
  },
});

function readFactors(inputs: Record<string, unknown>): FactorInput[] {
  const factors: FactorInput[] = [];
  for (const spec of FACTORS) {
    const given = inputs[spec.port];
    if (given === undefined) continue;
    const items = given as unknown[];
    if (items.length === 0) {
      throw new NodeError(`"${spec.port}" is connected but got no ${spec.label}`, { port: spec.port });
    }
    factors.push({
      name: spec.name,
      port: spec.port,
      prefix: spec.prefix,
      levels: items.map((item, i) => ({ id: `${spec.prefix}${i + 1}`, value: readLevel(spec.name, spec.port, item, i) })),
    });
  }
  if (factors.length === 0) {
    throw new NodeError(
      `connect at least one factor to split: ${FACTORS.map((f) => f.port).join(', ')} (for example two headlines or two images)`,
    );
  }
  return factors;
}

function readLevel(name: FactorName, port: string, item: unknown, i: number): unknown {
  const where = `item ${i + 1} of "${port}"`;
  switch (name) {
    case 'copy': {
      const parsed = copySchema.safeParse(item);
      if (!parsed.success) {
        throw new NodeError(`${where} is not ad copy: it needs a headline, primaryText and callToAction`, { port });
      }
      return parsed.data;
    }
    case 'headline':
    case 'cta': {
      const text =
        typeof item === 'string' ? item : typeof item === 'number' || typeof item === 'boolean' ? String(item) : undefined;
      if (text === undefined) throw new NodeError(`${where} is not text`, { port });
      if (text.trim() === '') throw new NodeError(`${where} is empty`, { port });
      return text;
    }
    case 'image':
    case 'video': {
      if (!isArtifactRef(item) || item.kind !== name)
        throw new NodeError(`${where} is not ${name === 'image' ? 'an image' : 'a video'}`, { port });
      return item;
    }
    case 'extra':
      // Extras travel as an object on the variant; a bare value is kept under `value`.
      return item !== null && typeof item === 'object' && !Array.isArray(item) ? item : { value: item };
  }
}

/** The variants and the experiment record for a set of factors: pure, so the same input gives the same ids. */
export function splitVariants(
  factors: readonly FactorInput[],
  params: SplitParams,
): { variants: Variant[]; experiment: Experiment } {
  let combinations: number[][];
  try {
    combinations = planCombinations(
      factors.map((f) => ({ port: f.port, size: f.levels.length })),
      params,
    );
  } catch (error) {
    if (error instanceof DesignError) throw new NodeError(error.message, { param: error.param, port: error.port });
    throw error;
  }
  let weights: number[];
  try {
    weights = trafficWeights(combinations.length, params.weights);
  } catch (error) {
    if (error instanceof WeightsError) throw new NodeError(`weights ${error.message}`, { param: 'weights' });
    throw error;
  }
  const variants = combinations.map((combination, index): Variant => {
    const variant: Variant = { id: '', index, weight: weights[index] as number, control: false, levels: {} };
    const ids: string[] = [];
    combination.forEach((levelIndex, f) => {
      const factor = factors[f] as FactorInput;
      const level = factor.levels[levelIndex] as { id: string; value: unknown };
      ids.push(level.id);
      variant.levels[factor.name] = level.id;
      setPart(variant, factor.name, level.value);
    });
    variant.id = ids.join('-');
    return variant;
  });
  const control = findControl(variants, params.control);
  control.control = true;
  if (control.weight === 0) {
    throw new NodeError(`the control variant "${control.id}" gets no traffic (weight 0); give it a share`, { param: 'weights' });
  }
  const design = params.design;
  const experimentId =
    params.experimentId ??
    `exp-${hashValue({
      design,
      seed: design === 'sample' ? params.seed : undefined,
      factors: factors.map((f) => [f.name, f.levels.map((l) => l.value)]),
      variants: variants.map((v) => v.id),
    }).slice(0, 12)}`;
  const experiment: Experiment = {
    id: experimentId,
    ...(params.hypothesis ? { hypothesis: params.hypothesis } : {}),
    design,
    seed: params.seed,
    factors: factors.map(({ name, port, levels }) => ({ name, port, levels })),
    variantIds: variants.map((v) => v.id),
    control: control.id,
  };
  return { variants, experiment };
}

function setPart(variant: Variant, name: FactorName, value: unknown): void {
  if (name === 'copy') variant.copy = value as Copy;
  else if (name === 'headline') variant.headline = value as string;
  else if (name === 'cta') variant.cta = value as string;
  else if (name === 'image') variant.image = value as ArtifactRef;
  else if (name === 'video') variant.video = value as ArtifactRef;
  else variant.extra = value as Record<string, unknown>;
}

function findControl(variants: Variant[], wanted: string | number | undefined): Variant {
  if (wanted === undefined) return variants[0] as Variant;
  const found = typeof wanted === 'number' ? variants[wanted] : variants.find((v) => v.id === wanted);
  if (found) return found;
  const ids = variants.map((v) => v.id);
  const listed = ids.length > 12 ? `${ids.slice(0, 12).join(', ')}, …` : ids.join(', ');
  throw new NodeError(
    typeof wanted === 'number'
      ? `control index ${wanted} is past the last variant (${variants.length} variants, indices from 0)`
      : `control "${wanted}" is not one of the variants: ${listed}`,
    { param: 'control' },
  );
}
