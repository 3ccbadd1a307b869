import { GraphInvalidError } from '@adloom/engine';
import { describe, expect, it } from 'vitest';
import { graphOf, runCore } from '../test/run-core.ts';

describe('input.text', () => {
  it('gives its default when the run sets nothing', async () => {
    const result = await runCore(graphOf({ product: ['input.text', { name: 'product', default: 'trail shoes' }] }));
    expect(result.outputs.get('product')).toEqual({ text: 'trail shoes' });
  });

  it('gives the value the run sets by name, over the default', async () => {
    const graph = graphOf({ product: ['input.text', { name: 'product', default: 'trail shoes' }] });
    const result = await runCore(graph, { inputs: { product: 'road shoes' } });
    expect(result.outputs.get('product')).toEqual({ text: 'road shoes' });
    expect(result.manifest.nodes.product?.outputs).toEqual({ text: 'road shoes' });
  });

  it('writes a value that is not text (from the API) as JSON', async () => {
    const graph = graphOf({ sizes: ['input.text', { name: 'sizes' }] });
    const result = await runCore(graph, { inputs: { sizes: [40, 41] } });
    expect(result.outputs.get('sizes')).toEqual({ text: '[40,41]' });
  });

  it('fails with a hint when it has no value at all', async () => {
    const result = await runCore(graphOf({ product: ['input.text', { name: 'product' }] }));
    expect(result.status).toBe('failed');
    expect(result.manifest.nodes.product?.error).toEqual({
      message: 'input "product" has no value: pass --input product=... or give it a default',
      param: 'default',
    });
  });

  it('refuses a name callers could not type', async () => {
    const run = runCore(graphOf({ product: ['input.text', { name: 'the product' }] }));
    await expect(run).rejects.toBeInstanceOf(GraphInvalidError);
    await expect(run).rejects.toMatchObject({ diagnostics: [expect.objectContaining({ nodeId: 'product', param: 'name' })] });
  });
});
