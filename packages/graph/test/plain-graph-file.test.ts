import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadGraphText } from '../src/index.ts';
import { graphFileSchema, parsePlainGraphFile } from '../src/schema.ts';

const fixtures = join(import.meta.dirname, 'fixtures/valid');
const examples = join(import.meta.dirname, '../../../examples');
const files = [
  ...readdirSync(fixtures).map((name) => join(fixtures, name)),
  ...readdirSync(examples).map((name) => join(examples, name)),
].filter((path) => path.endsWith('.adloom.json'));

/** The same value with the same key order at every level. */
const expectSameGraph = (actual: unknown, expected: unknown) => {
  expect(actual).toStrictEqual(expected);
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
};

// Keys out of the schema's order and keys it does not know, at every level it names.
const shuffled = JSON.stringify({
  extra: { a: 1 },
  ui: { groups: [{ nodes: ['b'], title: 'G' }], note: 'n', viewport: { zoom: 2, y: 1, x: 0, k: 1 } },
  edges: [{ to: 'b.a', note: 'e', from: 'a.text' }],
  nodes: {
    b: { ui: { y: 2, bypass: true, x: 1 }, params: { z: 1, a: { deep: [1] } }, custom: 1, type: 'text.template', version: 2 },
    '10': { type: 'input.text' },
    a: { type: 'input.text', params: {} },
  },
  description: 'd',
  name: 'shuffled',
  adloom: 1,
});

describe('a well-formed graph file', () => {
  it.each(files)('%s: loads to exactly what the schema makes of it', (path) => {
    const raw = JSON.parse(readFileSync(path, 'utf8'));
    expectSameGraph(parsePlainGraphFile(raw), graphFileSchema.parse(raw));
    expectSameGraph(loadGraphText(readFileSync(path, 'utf8')).graph, graphFileSchema.parse(raw));
  });

  it('keeps the schema key order and unknown keys wherever it writes them', () => {
    const raw = JSON.parse(shuffled);
    expectSameGraph(parsePlainGraphFile(raw), graphFileSchema.parse(raw));
    expect(parsePlainGraphFile(raw)?.nodes.b).not.toBe(raw.nodes.b);
  });

  it.each([
    ['a node without a type', { b: { params: {} } }],
    ['a type that is empty', { b: { type: '' } }],
    ['a version that is not a positive whole number', { b: { type: 't', version: 1.5 } }],
    ['params that are a list', { b: { type: 't', params: [] } }],
    ['a position without y', { b: { type: 't', ui: { x: 1 } } }],
  ])('with %s is left to the schema, which names the fault', (_, nodes) => {
    const raw = { adloom: 1, name: 'g', nodes, edges: [] };
    expect(parsePlainGraphFile(raw)).toBeUndefined();
    expect(graphFileSchema.safeParse(raw).success).toBe(false);
  });
});
