import { describe, expect, it } from 'vitest';
import { graphOf, runCore } from '../test/run-core.ts';

const inputs = {
  a: ['input.text', { name: 'a', default: 'Run far.' }],
  b: ['input.text', { name: 'b', default: 'Run free.' }],
} satisfies Record<string, [string, Record<string, unknown>]>;

describe('text.join', () => {
  it('joins every text that reaches it, in edge order, a line each by default', async () => {
    const graph = graphOf({ ...inputs, all: ['text.join'] }, ['b.text -> all.items', 'a.text -> all.items']);
    expect((await runCore(graph)).outputs.get('all')).toEqual({ text: 'Run free.\nRun far.' });
  });

  it('puts the separator between and the prefix and suffix around', async () => {
    const graph = graphOf({ ...inputs, all: ['text.join', { separator: ' | ', prefix: '[', suffix: ']' }] }, [
      'a.text -> all.items',
      'b.text -> all.items',
    ]);
    expect((await runCore(graph)).outputs.get('all')).toEqual({ text: '[Run far. | Run free.]' });
  });

  it('writes values that are not text as JSON', async () => {
    const graph = graphOf(
      { data: ['input.json', { name: 'data', default: { sku: 7 } }], all: ['text.join', { separator: ', ' }] },
      ['data.value -> all.items'],
    );
    expect((await runCore(graph)).outputs.get('all')).toEqual({ text: '{"sku":7}' });
  });
});
