import { describe, expect, it } from 'vitest';
import { graphOf, runCore } from '../test/run-core.ts';
import { parsePickPath } from './json-pick.ts';

const product = { product: { name: 'Trail', colors: ['red', 'blue'], stock: 0, discontinued: false, note: null } };

const pick = (params: Record<string, unknown>) =>
  graphOf({ feed: ['input.json', { name: 'feed', default: product }], pick: ['json.pick', params] }, [
    'feed.value -> pick.value',
  ]);

describe('json.pick', () => {
  it.each([
    ['product.colors[1]', 'blue'],
    ['$.product.name', 'Trail'],
    ['product.colors.0', 'red'],
    ['product.stock', 0],
    ['product.discontinued', false],
    ['product.note', null],
    ['', product],
    ['$', product],
  ])('picks %s', async (path, expected) => {
    const result = await runCore(pick({ path }));
    expect(result.status).toBe('succeeded');
    expect(result.outputs.get('pick')).toEqual({ value: expected });
  });

  it('says what is there when nothing is at the path', async () => {
    const result = await runCore(pick({ path: 'product.colour' }));
    expect(result.manifest.nodes.pick?.error).toEqual({
      message: 'nothing at "product.colour": no "colour" at product (it has: name, colors, stock, discontinued, note)',
      param: 'path',
    });
  });

  it('finds nothing at a name every object inherits', async () => {
    for (const path of ['product.constructor', 'product.toString', 'product.__proto__']) {
      const result = await runCore(pick({ path }));
      expect(result.manifest.nodes.pick?.error?.message).toContain(`nothing at "${path}"`);
    }
  });

  it('gives its default when nothing is at the path', async () => {
    const result = await runCore(pick({ path: 'product.colors[5]', default: 'black' }));
    expect(result.outputs.get('pick')).toEqual({ value: 'black' });
  });

  it('refuses a path it cannot read', async () => {
    const result = await runCore(pick({ path: 'product..name' }));
    expect(result.manifest.nodes.pick?.error).toEqual({
      message: '"product..name" is not a path like product.colors[0]',
      param: 'path',
    });
  });

  it('reads paths into steps', () => {
    expect(parsePickPath('items[0].title')).toEqual(['items', 0, 'title']);
    expect(parsePickPath('$.a.b')).toEqual(['a', 'b']);
    expect(parsePickPath('[2][0]')).toEqual([2, 0]);
    expect(parsePickPath('a[x]')).toBeUndefined();
    expect(parsePickPath('a.')).toBeUndefined();
    expect(parsePickPath('a]')).toBeUndefined();
  });
});
