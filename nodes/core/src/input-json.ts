import { defineNode, NodeError } from '@adloom/sdk';
import { z } from 'zod';
import { inputName } from './input-name.ts';

export const inputJson = defineNode({
  type: 'input.json',
  version: 1,
  title: 'JSON input',
  category: 'Inputs',
  description: 'Structured data the graph takes from outside: a product feed row, a list of audiences.',
  outputs: [{ name: 'value', type: 'json' }],
  params: z.object({
    name: inputName,
    default: z.unknown().optional(),
  }),
  paramHints: { default: { multiline: true } },
  isGraphInput: true,
  run({ params, graphInput }) {
    if (graphInput === undefined) {
      if (params.default === undefined) {
        throw new NodeError(`input "${params.name}" has no value: pass --input ${params.name}=... or give it a default`, {
          param: 'default',
        });
      }
      return { value: params.default };
    }
    if (typeof graphInput !== 'string') return { value: graphInput };
    try {
      return { value: JSON.parse(graphInput) };
    } catch (error) {
      throw new NodeError(`input "${params.name}" is not valid JSON: ${(error as Error).message}`);
    }
  },
});
