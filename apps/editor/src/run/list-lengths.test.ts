import { type Catalog, type GraphFile, type NodeTypeInfo, nodeTypeFrom, type PortSpec } from '@adloom/graph';
import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { splitIntoVariants } from '../document/split-into-variants.ts';
import { listMismatches } from './list-lengths.ts';

const info = (
  type: string,
  inputs: PortSpec[],
  outputs: PortSpec[],
  properties: Record<string, unknown> = {},
  paramHints: NodeTypeInfo['paramHints'] = {},
): NodeTypeInfo => nodeTypeFrom(type, inputs, outputs, { params: { type: 'object', properties }, paramHints });

// The shapes these node types have in the catalog `adloom serve` sends.
const catalog: Catalog = {
  nodes: {
    'input.text': info('input.text', [], [{ name: 'text', type: 'text' }]),
    'llm.adCopy': info('llm.adCopy', [{ name: 'brief', type: 'text' }], [{ name: 'copies', type: 'copy', list: true }], {
      count: { type: 'integer', default: 3 },
    }),
    'image.generate': info(
      'image.generate',
      [{ name: 'prompt', type: 'text', optional: true }],
      [{ name: 'images', type: 'image', list: true }],
      { count: { type: 'integer', default: 1 } },
    ),
    'image.fit': info(
      'image.fit',
      [{ name: 'image', type: 'image' }],
      [{ name: 'images', type: 'image', list: true }],
      { presets: { type: 'array', items: { type: 'string' }, default: ['tiktok-9x16', 'meta-4x5'] } },
      { presets: { picker: 'preset' } },
    ),
    'image.overlay': info(
      'image.overlay',
      [
        { name: 'image', type: 'image' },
        { name: 'copy', type: 'copy', optional: true },
      ],
      [{ name: 'image', type: 'image' }],
    ),
    'variants.split': info(
      'variants.split',
      [
        { name: 'copies', type: 'copy', list: true, optional: true },
        { name: 'images', type: 'image', list: true, optional: true },
      ],
      [
        { name: 'variants', type: 'variant', list: true },
        { name: 'experiment', type: 'json' },
      ],
    ),
    'variants.unpack': info(
      'variants.unpack',
      [{ name: 'variant', type: 'variant' }],
      [
        { name: 'copy', type: 'copy' },
        { name: 'image', type: 'image' },
      ],
    ),
  },
};

function chain(copyCount: number | undefined, presets: string[] | undefined): GraphFile {
  return {
    adloom: 1,
    name: 'chain',
    nodes: {
      brief: { type: 'input.text', params: { name: 'brief' } },
      copy: { type: 'llm.adCopy', params: copyCount === undefined ? {} : { count: copyCount } },
      images: { type: 'image.generate', params: {} },
      fit: { type: 'image.fit', params: presets ? { presets } : {} },
      overlay: { type: 'image.overlay', params: {}, ui: { x: 1000, y: 200 } },
    },
    edges: [
      { from: 'brief.text', to: 'copy.brief' },
      { from: 'brief.text', to: 'images.prompt' },
      { from: 'images.images', to: 'fit.image' },
      { from: 'fit.images', to: 'overlay.image' },
      { from: 'copy.copies', to: 'overlay.copy' },
    ],
  };
}

describe('list lengths before a run', () => {
  it('names the node, both inputs, where each list comes from and how long it is', () => {
    const [found, ...more] = listMismatches(chain(3, ['tiktok-9x16', 'meta-4x5']), catalog);
    expect(more).toEqual([]);
    expect(found?.nodeId).toBe('overlay');
    expect(found?.inputs).toEqual([
      { port: 'image', from: 'fit.images', count: 2, type: 'image' },
      { port: 'copy', from: 'copy.copies', count: 3, type: 'copy' },
    ]);
    expect(found?.message).toMatch(/^"image" gets 2 items from fit\.images but "copy" gets 3 from copy\.copies/);
  });

  it('uses the defaults of unset params, and finds nothing when the lengths agree', () => {
    expect(listMismatches(chain(undefined, undefined), catalog)).toHaveLength(1);
    expect(listMismatches(chain(2, undefined), catalog)).toEqual([]);
    expect(listMismatches(chain(3, ['a', 'b', 'c']), catalog)).toEqual([]);
  });

  it('Split into variants rewires both lists through a split and an unpack, and then nothing mismatches', () => {
    const graph = chain(3, ['tiktok-9x16', 'meta-4x5']);
    const [mismatch] = listMismatches(graph, catalog);
    const fix = splitIntoVariants(graph, mismatch!, catalog);
    expect(fix).not.toBeNull();
    const fixed = produce(graph, (draft) => {
      fix!.recipe(draft);
    });
    expect(fixed.nodes.split?.type).toBe('variants.split');
    expect(fixed.nodes.unpack?.type).toBe('variants.unpack');
    expect(fixed.edges).toEqual([
      { from: 'brief.text', to: 'copy.brief' },
      { from: 'brief.text', to: 'images.prompt' },
      { from: 'images.images', to: 'fit.image' },
      { from: 'fit.images', to: 'split.images' },
      { from: 'copy.copies', to: 'split.copies' },
      { from: 'split.variants', to: 'unpack.variant' },
      { from: 'unpack.image', to: 'overlay.image' },
      { from: 'unpack.copy', to: 'overlay.copy' },
    ]);
    expect(listMismatches(fixed, catalog)).toEqual([]);
  });

  it('offers no fix when the host has no variant nodes', () => {
    const graph = chain(3, undefined);
    const [mismatch] = listMismatches(graph, catalog);
    const { 'variants.split': _, ...rest } = catalog.nodes;
    expect(splitIntoVariants(graph, mismatch!, { nodes: rest })).toBeNull();
  });
});
