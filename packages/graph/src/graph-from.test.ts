import { describe, expect, it } from 'vitest';
import { graphFrom } from './graph-from.ts';
import { serializeGraph } from './serialize.ts';

describe('graphFrom', () => {
  it('builds a graph file from the shorthand, edges written a.port -> b.port', () => {
    const graph = graphFrom(
      { brief: ['input.text', { name: 'brief' }], copy: ['llm.adCopy'] },
      ['brief.text -> copy.brief'],
      'Shorthand',
    );
    expect(serializeGraph(graph)).toBe(
      `${JSON.stringify(
        {
          adloom: 1,
          name: 'Shorthand',
          nodes: { brief: { type: 'input.text', params: { name: 'brief' } }, copy: { type: 'llm.adCopy' } },
          edges: [{ from: 'brief.text', to: 'copy.brief' }],
        },
        null,
        2,
      )}\n`,
    );
  });
});
