import type { Catalog, NodeTypeInfo } from '@adloom/graph';
import { describe, expect, it } from 'vitest';
import { catalogForWire, portForWire } from './wire-drop.ts';

const info = (type: string, inputs: NodeTypeInfo['inputs'], outputs: NodeTypeInfo['outputs']): NodeTypeInfo => ({
  type,
  title: type,
  category: 'x',
  description: '',
  version: 1,
  inputs,
  outputs,
  params: { type: 'object', properties: {} },
  paramHints: {},
  deterministic: true,
});

const catalog: Catalog = {
  nodes: {
    'input.text': info('input.text', [], [{ name: 'text', type: 'text' }]),
    'image.generate': info(
      'image.generate',
      [{ name: 'prompt', type: 'text', optional: true }],
      [{ name: 'images', type: 'image', list: true }],
    ),
    'image.fit': info('image.fit', [{ name: 'image', type: 'image' }], [{ name: 'images', type: 'image', list: true }]),
  },
};

describe('a wire dropped on the canvas', () => {
  it('[editor.W1] from an output offers the node types with an input that takes it, and names that input', () => {
    const wire = { nodeId: 'gen', port: 'images', side: 'source' as const, type: 'image' as const };
    expect(Object.keys(catalogForWire(catalog, wire).nodes)).toEqual(['image.fit']);
    expect(portForWire(catalog.nodes['image.fit'] as NodeTypeInfo, wire)?.name).toBe('image');
  });

  it('[editor.W1] from an input offers the node types with an output that fits it', () => {
    const wire = { nodeId: 'gen', port: 'prompt', side: 'target' as const, type: 'text' as const };
    expect(Object.keys(catalogForWire(catalog, wire).nodes)).toEqual(['input.text']);
  });
});
