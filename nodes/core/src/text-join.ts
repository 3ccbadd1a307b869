import { defineNode } from '@adloom/sdk';
import { z } from 'zod';

export const textJoin = defineNode({
  type: 'text.join',
  version: 1,
  title: 'Join text',
  category: 'Text',
  description: 'Joins a list of texts into one, with a separator between them.',
  inputs: [{ name: 'items', type: 'text', list: true }],
  outputs: [{ name: 'text', type: 'text' }],
  params: z.object({
    separator: z.string().default('\n'),
    prefix: z.string().default(''),
    suffix: z.string().default(''),
  }),
  run({ params, inputs }) {
    const items = (inputs.items as unknown[]).map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
    return { text: `${params.prefix}${items.join(params.separator)}${params.suffix}` };
  },
});
