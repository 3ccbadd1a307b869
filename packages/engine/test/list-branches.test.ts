import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GraphFile } from '@adloom/graph';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineNode, NodeRegistry, runGraph } from '../src/index.ts';

const letters = defineNode({
  type: 'test.letters',
  version: 1,
  title: 'Letters',
  category: 'Test',
  description: 'A list of letters.',
  outputs: [{ name: 'items', type: 'text', list: true }],
  params: z.object({ letters: z.string() }),
  run: ({ params }) => ({ items: params.letters.split('') }),
});

const shout = defineNode({
  type: 'test.shout',
  version: 1,
  title: 'Shout',
  category: 'Test',
  description: 'Upper-cases one text.',
  inputs: [{ name: 'text', type: 'text' }],
  outputs: [{ name: 'text', type: 'text' }],
  params: z.object({}),
  run: ({ inputs }) => ({ text: String(inputs.text).toUpperCase() }),
});

const gather = defineNode({
  type: 'test.gather',
  version: 1,
  title: 'Gather',
  category: 'Test',
  description: 'Joins a list, labelled by an optional key.',
  inputs: [
    { name: 'key', type: 'text', optional: true },
    { name: 'items', type: 'text', list: true },
  ],
  outputs: [{ name: 'text', type: 'text' }],
  params: z.object({}),
  run: ({ inputs }) => ({ text: `${inputs.key ?? '*'}:${(inputs.items as string[]).join('')}` }),
});

const registry = new NodeRegistry([{ name: 'test', nodes: [letters, shout, gather] }]);

describe('[engine.L1] list inputs of a mapped node', () => {
  it('get only the items of their own branch; without a mapped input they get the whole list', async () => {
    const graph: GraphFile = {
      adloom: 1,
      name: 'branches',
      nodes: {
        keys: { type: 'test.letters', params: { letters: 'ab' } },
        upper: { type: 'test.shout' },
        perKey: { type: 'test.gather' },
        all: { type: 'test.gather' },
      },
      edges: [
        { from: 'keys.items', to: 'upper.text' },
        { from: 'keys.items', to: 'perKey.key' },
        { from: 'upper.text', to: 'perKey.items' },
        { from: 'upper.text', to: 'all.items' },
      ],
    };
    const workDir = await mkdtemp(join(tmpdir(), 'adloom-branches-'));
    const result = await runGraph(graph, { registry, workDir, cache: false });
    expect(result.status).toBe('succeeded');
    expect(result.outputs.get('perKey')).toEqual({ text: ['a:A', 'b:B'] });
    expect(result.outputs.get('all')).toEqual({ text: '*:AB' });
  });
});
