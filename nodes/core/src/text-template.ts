import { defineNode } from '@adloom/sdk';
import { z } from 'zod';

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export const textTemplate = defineNode({
  type: 'text.template',
  version: 1,
  title: 'Template',
  category: 'Text',
  description: 'Fills {{name}} placeholders with connected text. Each placeholder becomes an input.',
  outputs: [{ name: 'text', type: 'text' }],
  dynamicInputs: { kind: 'placeholders', param: 'template', type: 'text' },
  params: z.object({
    template: z.string().describe('Text with {{name}} placeholders'),
  }),
  paramHints: { template: { multiline: true, placeholder: 'Write an ad for {{product}} aimed at {{audience}}' } },
  run({ params, inputs }) {
    const text = params.template.replace(PLACEHOLDER, (_, name: string) => {
      const value = inputs[name];
      return typeof value === 'string' ? value : JSON.stringify(value);
    });
    return { text };
  },
});
