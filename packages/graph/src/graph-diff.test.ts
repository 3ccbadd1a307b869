import { describe, expect, it } from 'vitest';
import { diffGraphs, formatGraphDiff, isEmptyDiff } from './graph-diff.ts';
import { graphFrom } from './graph-from.ts';

describe('diffGraphs', () => {
  it('lists nodes, edges and params added, removed and changed', () => {
    const a = graphFrom(
      {
        brief: ['input.text', { name: 'brief', default: 'kayak' }],
        copy: ['llm.adCopy', { count: 3, tone: 'calm' }],
        old: ['text.join'],
      },
      ['brief.text -> copy.brief', 'brief.text -> old.items'],
    );
    const b = graphFrom(
      {
        brief: ['input.text', { name: 'brief', default: 'kayak' }],
        copy: ['llm.adCopy', { count: 6, platform: 'tiktok' }],
        images: ['image.generate'],
      },
      ['brief.text -> copy.brief', 'brief.text -> images.prompt'],
    );
    const diff = diffGraphs(a, b);
    expect(diff.nodesAdded).toEqual([{ id: 'images', type: 'image.generate' }]);
    expect(diff.nodesRemoved).toEqual([{ id: 'old', type: 'text.join' }]);
    expect(diff.nodesChanged).toEqual([
      {
        id: 'copy',
        type: 'llm.adCopy',
        moved: false,
        params: [
          { param: 'count', from: 3, to: 6 },
          { param: 'platform', to: 'tiktok' },
          { param: 'tone', from: 'calm' },
        ],
      },
    ]);
    expect(diff.edgesAdded).toEqual([{ from: 'brief.text', to: 'images.prompt' }]);
    expect(diff.edgesRemoved).toEqual([{ from: 'brief.text', to: 'old.items' }]);
    expect(formatGraphDiff(diff)).toEqual([
      '+ node images (image.generate)',
      '- node old (text.join)',
      '~ copy.count: 3 → 6',
      '~ copy.platform: set to "tiktok"',
      '~ copy.tone: removed (was "calm")',
      '+ edge brief.text -> images.prompt',
      '- edge brief.text -> old.items',
    ]);
  });

  it('sees no change in params whose keys are written in another order', () => {
    const a = graphFrom({ fit: ['image.fit', { box: { w: 1, h: 2 } }] });
    const b = graphFrom({ fit: ['image.fit', { box: { h: 2, w: 1 } }] });
    expect(isEmptyDiff(diffGraphs(a, b))).toBe(true);
  });

  it('counts moved nodes without listing them', () => {
    const a = graphFrom({ x: ['text.join'] });
    const b = graphFrom({ x: ['text.join'] });
    b.nodes.x!.ui = { x: 5, y: 5 };
    expect(formatGraphDiff(diffGraphs(a, b))).toEqual(['~ 1 node moved']);
  });
});
