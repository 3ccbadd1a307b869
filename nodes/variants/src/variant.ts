import { type ArtifactRef, type CopyInput, copyInputSchema, isArtifactRef, NodeError } from '@adloom/sdk';
import { z } from 'zod';

/** Ad copy as a variant carries it: the value on a `copy` port. */
export type Copy = CopyInput;

export type FactorName = 'copy' | 'headline' | 'image' | 'video' | 'cta' | 'extra';

/** One arm of an A/B test: the value on a `variant` port. */
export interface Variant {
  /** Level ids joined in factor order: `c2-i1`. */
  id: string;
  /** Position in the split's list, from 0. */
  index: number;
  /** Share of traffic; a split's weights add up to exactly 1. */
  weight: number;
  control: boolean;
  /** Which level of each factor this variant has: `{ copy: 'c2', image: 'i1' }`. */
  levels: Partial<Record<FactorName, string>>;
  copy?: Copy;
  headline?: string;
  cta?: string;
  image?: ArtifactRef;
  video?: ArtifactRef;
  extra?: Record<string, unknown>;
}

export type Design = 'cartesian' | 'zip' | 'sample';

/** A factor's levels as the split numbered them: `i1` is the first image it was given. */
export interface Factor {
  name: FactorName;
  /** The split's input the levels came from. */
  port: string;
  levels: { id: string; value: unknown }[];
}

/** What a split decided, beyond the variants themselves: `variants.export` writes it down. */
export interface Experiment {
  id: string;
  hypothesis?: string;
  design: Design;
  seed: number;
  factors: Factor[];
  variantIds: string[];
  control: string;
}

/**
 * The factors a split takes, in the order their level ids join into a variant id (`c2-h1-i1`).
 * Prefixes are fixed so an id reads the same in every experiment.
 */
export const FACTORS = [
  { name: 'copy', port: 'copies', prefix: 'c', type: 'copy', label: 'copies' },
  { name: 'headline', port: 'headlines', prefix: 'h', type: 'text', label: 'headlines' },
  { name: 'image', port: 'images', prefix: 'i', type: 'image', label: 'images' },
  { name: 'video', port: 'videos', prefix: 'v', type: 'video', label: 'videos' },
  { name: 'cta', port: 'ctas', prefix: 'a', type: 'text', label: 'calls to action' },
  { name: 'extra', port: 'extras', prefix: 'x', type: 'json', label: 'extras' },
] as const satisfies readonly { name: FactorName; port: string; prefix: string; type: string; label: string }[];

export const copySchema = copyInputSchema;

const artifactSchema = z.custom<ArtifactRef>((value) => isArtifactRef(value), 'not a stored file (an artifact reference)');

export const variantSchema = z.looseObject({
  id: z.string().min(1),
  index: z.number().int().min(0),
  weight: z.number().min(0).max(1),
  control: z.boolean(),
  levels: z.record(z.string(), z.string()),
  copy: copySchema.optional(),
  headline: z.string().optional(),
  cta: z.string().optional(),
  image: artifactSchema.optional(),
  video: artifactSchema.optional(),
  extra: z.record(z.string(), z.unknown()).optional(),
});

/** The headline a variant shows: its headline level, else its copy's. */
export function headlineOf(variant: Variant): string | undefined {
  return variant.headline ?? variant.copy?.headline;
}

/** The call to action a variant shows: its CTA level, else its copy's. */
export function ctaOf(variant: Variant): string | undefined {
  return variant.cta ?? variant.copy?.callToAction;
}

/** The variant's copy with its own headline and CTA levels laid over it, as the ad shows it. */
export function effectiveCopy(variant: Variant): Copy | undefined {
  if (!variant.copy) return undefined;
  return {
    ...variant.copy,
    headline: headlineOf(variant) ?? variant.copy.headline,
    callToAction: ctaOf(variant) ?? variant.copy.callToAction,
  };
}

/** A value on a `variant` port, checked; anything else is the input's fault, said in words. */
export function readVariant(value: unknown, port: string, position?: number): Variant {
  const parsed = variantSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue?.path.length ? ` (${issue.path.join('.')}: ${issue.message})` : '';
    const which = position === undefined ? `"${port}"` : `item ${position + 1} of "${port}"`;
    throw new NodeError(`${which} is not a variant from variants.split${at}`, { port });
  }
  return parsed.data as Variant;
}
