import { defineNode, NodeError } from '@adloom/sdk';
import { z } from 'zod';
import { inputName } from './input-name.ts';

export const inputNumber = defineNode({
  type: 'input.number',
  version: 1,
  title: 'Number input',
  category: 'Inputs',
  description: 'A number the graph takes from outside, such as a budget or a count, optionally kept within bounds.',
  outputs: [{ name: 'number', type: 'number' }],
  params: z.object({
    name: inputName,
    default: z.number().optional(),
    min: z.number().optional(),
    max: z.number().optional(),
  }),
  isGraphInput: true,
  run({ params, graphInput }) {
    const raw = graphInput ?? params.default;
    if (raw === undefined) {
      throw new NodeError(`input "${params.name}" has no value: pass --input ${params.name}=... or give it a default`, {
        param: 'default',
      });
    }
    const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
    if (!Number.isFinite(value)) throw new NodeError(`input "${params.name}" must be a number, got ${JSON.stringify(raw)}`);
    if (params.min !== undefined && value < params.min) {
      throw new NodeError(`input "${params.name}" must be at least ${params.min}, got ${value}`, { param: 'min' });
    }
    if (params.max !== undefined && value > params.max) {
      throw new NodeError(`input "${params.name}" must be at most ${params.max}, got ${value}`, { param: 'max' });
    }
    return { number: value };
  },
});
