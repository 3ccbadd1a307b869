import { describe, expect, it } from 'vitest';
import { graphOf, runCore } from '../test/run-core.ts';

const feed = (params: Record<string, unknown> = {}) => graphOf({ feed: ['input.json', { name: 'feed', ...params }] });

describe('input.json', () => {
  it('gives its default when the run sets nothing', async () => {
    const result = await runCore(feed({ default: { product: 'shoes', colors: ['red'] } }));
    expect(result.outputs.get('feed')).toEqual({ value: { product: 'shoes', colors: ['red'] } });
  });

  it('parses JSON text the run sets', async () => {
    const result = await runCore(feed(), { inputs: { feed: '{"audiences": ["runners", "hikers"]}' } });
    expect(result.outputs.get('feed')).toEqual({ value: { audiences: ['runners', 'hikers'] } });
  });

  it('takes structured data from the API as it is', async () => {
    const result = await runCore(feed(), { inputs: { feed: { price: 120 } } });
    expect(result.outputs.get('feed')).toEqual({ value: { price: 120 } });
  });

  it('says so when the text is not JSON', async () => {
    const result = await runCore(feed(), { inputs: { feed: '{"audiences": [' } });
    expect(result.status).toBe('failed');
    expect(result.manifest.nodes.feed?.error?.message).toMatch(/^input "feed" is not valid JSON: /);
  });

  it('fails with a hint when it has no value at all', async () => {
    const result = await runCore(feed());
    expect(result.manifest.nodes.feed?.error).toEqual({
      message: 'input "feed" has no value: pass --input feed=... or give it a default',
      param: 'default',
    });
  });
});
