import { describe, expect, it } from 'vitest';
import { graphOf, runCore } from '../test/run-core.ts';

const budget = (params: Record<string, unknown> = {}) => graphOf({ budget: ['input.number', { name: 'budget', ...params }] });

describe('input.number', () => {
  it('gives its default, or the number the run sets', async () => {
    expect((await runCore(budget({ default: 250 }))).outputs.get('budget')).toEqual({ number: 250 });
    expect((await runCore(budget({ default: 250 }), { inputs: { budget: 99.5 } })).outputs.get('budget')).toEqual({
      number: 99.5,
    });
  });

  it('reads a number written as text, as --input sets it', async () => {
    const result = await runCore(budget(), { inputs: { budget: ' 42.5 ' } });
    expect(result.outputs.get('budget')).toEqual({ number: 42.5 });
  });

  it.each([['abc'], [''], ['Infinity']])('refuses %j as a number', async (raw) => {
    const result = await runCore(budget(), { inputs: { budget: raw } });
    expect(result.status).toBe('failed');
    expect(result.manifest.nodes.budget?.error?.message).toBe(`input "budget" must be a number, got ${JSON.stringify(raw)}`);
  });

  it('keeps the number within min and max, naming the bound', async () => {
    const low = await runCore(budget({ min: 10, max: 100 }), { inputs: { budget: '5' } });
    expect(low.manifest.nodes.budget?.error).toEqual({ message: 'input "budget" must be at least 10, got 5', param: 'min' });
    const high = await runCore(budget({ min: 10, max: 100 }), { inputs: { budget: 101 } });
    expect(high.manifest.nodes.budget?.error).toEqual({ message: 'input "budget" must be at most 100, got 101', param: 'max' });
    const edge = await runCore(budget({ min: 10, max: 100 }), { inputs: { budget: 100 } });
    expect(edge.outputs.get('budget')).toEqual({ number: 100 });
  });

  it('fails with a hint when it has no value at all', async () => {
    const result = await runCore(budget());
    expect(result.manifest.nodes.budget?.error).toMatchObject({ message: expect.stringContaining('pass --input budget=...') });
  });
});
