import { defineNode, NodeError } from '@adloom/sdk';
import { z } from 'zod';
import { ctaOf, effectiveCopy, headlineOf, readVariant } from './variant.ts';

const PARTS = ['copy', 'headline', 'cta', 'image', 'video', 'extra'] as const;
type Part = (typeof PARTS)[number];

export const variantsUnpack = defineNode({
  type: 'variants.unpack',
  version: 1,
  title: 'Unpack variant',
  category: 'Variants',
  description:
    "Takes one variant apart so a pipeline can finish its assets: its copy, headline, call to action, image, video and id. Connect a list of variants and it runs once per variant, so everything downstream keeps the variant's lineage.",
  inputs: [{ name: 'variant', type: 'variant' }],
  outputs: [
    { name: 'copy', type: 'copy', description: 'The copy with the variant’s headline and CTA levels laid over it' },
    { name: 'headline', type: 'text' },
    { name: 'cta', type: 'text' },
    { name: 'image', type: 'image' },
    { name: 'video', type: 'video' },
    { name: 'extra', type: 'json' },
    { name: 'id', type: 'text', description: 'The variant id, e.g. c2-i1' },
  ],
  params: z.object({
    require: z
      .array(z.enum(PARTS))
      .default([])
      .describe('Parts the pipeline needs: a variant without one fails here, naming it, rather than downstream'),
  }),
  paramHints: { require: { enumLabels: { cta: 'call to action' } } },
  run({ inputs, params }) {
    const variant = readVariant(inputs.variant, 'variant');
    const parts: Record<Part, unknown> = {
      copy: effectiveCopy(variant),
      headline: headlineOf(variant),
      cta: ctaOf(variant),
      image: variant.image,
      video: variant.video,
      extra: variant.extra,
    };
    const missing = params.require.filter((part) => parts[part] === undefined);
    if (missing.length) {
      const names = missing.map((part) => `"${part}"`).join(' and ');
      throw new NodeError(
        `variant "${variant.id}" has no ${names}, which this pipeline needs; add ${missing.length === 1 ? 'that factor' : 'those factors'} to variants.split`,
        { param: 'require', port: missing[0] },
      );
    }
    // A part the variant lacks is null: the engine wants a value on every output, and a
    // downstream node that needs it fails on the null (or here, with `require`).
    const out: Record<string, unknown> = { id: variant.id };
    for (const part of PARTS) out[part] = parts[part] ?? null;
    return out;
  },
});
