import { GraphInvalidError } from '@adloom/engine';
import { describe, expect, it } from 'vitest';
import { graphOf, runCore } from '../test/run-core.ts';

describe('text.template', () => {
  it('fills each {{placeholder}} from the input of that name', async () => {
    const graph = graphOf(
      {
        product: ['input.text', { name: 'product', default: 'trail shoes' }],
        audience: ['input.text', { name: 'audience', default: 'hikers' }],
        brief: ['text.template', { template: 'Write an ad for {{product}} aimed at {{ audience }}. {{product}}!' }],
      },
      ['product.text -> brief.product', 'audience.text -> brief.audience'],
    );
    const result = await runCore(graph);
    expect(result.outputs.get('brief')).toEqual({ text: 'Write an ad for trail shoes aimed at hikers. trail shoes!' });
  });

  it('puts text in as it is, even with $ signs that look like replacement patterns', async () => {
    const graph = graphOf(
      {
        price: ['input.text', { name: 'price', default: "$& off, $1 and $' today" }],
        line: ['text.template', { template: 'Now {{price}}' }],
      },
      ['price.text -> line.price'],
    );
    const result = await runCore(graph);
    expect(result.outputs.get('line')).toEqual({ text: "Now $& off, $1 and $' today" });
  });

  it('writes a number as a number', async () => {
    const graph = graphOf(
      { count: ['input.number', { name: 'count', default: 3 }], line: ['text.template', { template: '{{count}} headlines' }] },
      ['count.number -> line.count'],
    );
    expect((await runCore(graph)).outputs.get('line')).toEqual({ text: '3 headlines' });
  });

  it('refuses to run with a placeholder left unconnected, naming it', async () => {
    const run = runCore(graphOf({ line: ['text.template', { template: 'Hello {{name}}' }] }));
    await expect(run).rejects.toBeInstanceOf(GraphInvalidError);
    await expect(run).rejects.toMatchObject({
      diagnostics: [
        expect.objectContaining({ nodeId: 'line', port: 'name', message: expect.stringContaining('needs its input "name"') }),
      ],
    });
  });

  it('keeps text without placeholders unchanged', async () => {
    const result = await runCore(graphOf({ line: ['text.template', { template: 'Just {this} and {{ }}' }] }));
    expect(result.outputs.get('line')).toEqual({ text: 'Just {this} and {{ }}' });
  });
});
