import { defineNode, NodeError } from '@adloom/sdk';
import { z } from 'zod';

/** `items[0].title` → `['items', 0, 'title']`; undefined when the path is malformed. */
export function parsePickPath(path: string): (string | number)[] | undefined {
  if (path === '' || path === '$') return [];
  const steps: (string | number)[] = [];
  const pattern = /(?:^|\.)([^.[\]]+)|\[(\d+)\]/gy;
  let match: RegExpExecArray | null;
  let consumed = 0;
  const source = path.startsWith('$.') ? path.slice(2) : path;
  pattern.lastIndex = 0;
  while ((match = pattern.exec(source)) !== null) {
    steps.push(
      match[2] !== undefined ? Number(match[2]) : /^\d+$/.test(match[1] as string) ? Number(match[1]) : (match[1] as string),
    );
    consumed = pattern.lastIndex;
  }
  return consumed === source.length ? steps : undefined;
}

export const jsonPick = defineNode({
  type: 'json.pick',
  version: 1,
  title: 'Pick from JSON',
  category: 'Data',
  description: 'Takes one value out of structured data by its path, such as items[0].title.',
  inputs: [{ name: 'value', type: 'json' }],
  outputs: [{ name: 'value', type: 'json' }],
  params: z.object({
    path: z.string().describe('Dot path with [index] for arrays, e.g. product.colors[0]'),
    default: z.unknown().optional().describe('Returned when nothing is at the path'),
  }),
  paramHints: { path: { placeholder: 'product.colors[0]' } },
  run({ params, inputs }) {
    const steps = parsePickPath(params.path);
    if (!steps) throw new NodeError(`"${params.path}" is not a path like product.colors[0]`, { param: 'path' });
    let current: unknown = inputs.value;
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i] as string | number;
      // Own properties only: `constructor` or `__proto__` on a product row is nothing, not a function.
      const next =
        current !== null && typeof current === 'object' && Object.hasOwn(current, step)
          ? (current as Record<string | number, unknown>)[step]
          : undefined;
      if (next === undefined) {
        if (params.default !== undefined) return { value: params.default };
        const at = steps.slice(0, i).join('.') || 'the top level';
        const keys = current !== null && typeof current === 'object' ? Object.keys(current).slice(0, 10).join(', ') : '';
        throw new NodeError(`nothing at "${params.path}": no "${step}" at ${at}${keys ? ` (it has: ${keys})` : ''}`, {
          param: 'path',
        });
      }
      current = next;
    }
    return { value: current };
  },
});
