import { defineNode, NodeError } from '@adloom/sdk';
import { z } from 'zod';
import { inputName } from './input-name.ts';

export const inputText = defineNode({
  type: 'input.text',
  version: 1,
  title: 'Text input',
  category: 'Inputs',
  description: 'A piece of text the graph takes from outside: a brief, a product name. Set it with --input NAME=VALUE.',
  outputs: [{ name: 'text', type: 'text' }],
  params: z.object({
    name: inputName,
    default: z.string().optional().describe('Used when the run sets no value'),
  }),
  paramHints: { default: { multiline: true } },
  isGraphInput: true,
  run({ params, graphInput }) {
    const value = graphInput ?? params.default;
    if (value === undefined) {
      throw new NodeError(`input "${params.name}" has no value: pass --input ${params.name}=... or give it a default`, {
        param: 'default',
      });
    }
    return { text: typeof value === 'string' ? value : JSON.stringify(value) };
  },
});
