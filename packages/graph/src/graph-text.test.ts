import { describe, expect, it } from 'vitest';
import { catalog } from '../test/catalog.ts';
import { graphFrom } from './graph-from.ts';
import { graphToText, nodeTypeToText } from './graph-text.ts';

describe('graphToText', () => {
  it('writes one code-like line a node: what feeds each input, and the params the file sets', () => {
    const graph = graphFrom(
      {
        brief: ['input.text', { name: 'brief', default: 'A kayak that folds into a backpack' }],
        prompt: ['text.template', { template: 'Photo: {{brief}}' }],
        copy: ['llm.adCopy', { platform: 'tiktok', count: 6 }],
        join: ['text.join'],
        mystery: ['acme.thing'],
      },
      ['brief.text -> prompt.brief', 'brief.text -> copy.brief', 'brief.text -> join.items', 'prompt.text -> join.items'],
      'Kayak',
    );
    expect(graphToText(graph, catalog)).toBe(
      [
        'graph "Kayak": 5 nodes',
        'brief = input.text() name="brief" default="A kayak that folds into a backpack"',
        'prompt = text.template(brief=brief.text) template="Photo: {{brief}}"',
        'copy = llm.adCopy(brief=brief.text) platform="tiktok" count=6',
        'join = text.join(items=[brief.text, prompt.text])',
        'mystery = acme.thing() # unknown type',
      ].join('\n'),
    );
  });

  it('shows an edge into a port the type does not have, once, so a broken graph reads as it is', () => {
    const graph = graphFrom({ brief: ['input.text', { name: 'brief' }], copy: ['llm.adCopy'] }, [
      'brief.text -> copy.brief',
      'brief.text -> copy.mood',
      'brief.text -> copy.mood',
    ]);
    expect(graphToText(graph, catalog).split('\n')[2]).toBe('copy = llm.adCopy(brief=brief.text, mood=[brief.text, brief.text])');
  });

  it('marks a needed input left unconnected, and cuts long strings', () => {
    const graph = graphFrom({ copy: ['llm.adCopy', { tone: 'x'.repeat(100) }] });
    expect(graphToText(graph, catalog, { maxString: 10 })).toBe(
      `graph "test graph": 1 node\ncopy = llm.adCopy(brief=?) tone="xxxxxxxxxx…"`,
    );
  });
});

describe('nodeTypeToText', () => {
  it('gives ports and params with kinds, ranges, defaults and required marks', () => {
    expect(nodeTypeToText(catalog.nodes['llm.adCopy']!)).toBe(
      [
        'llm.adCopy — Ad copy (LLM): Writes headlines, body and call to action for a platform.',
        '  (brief: text, examples: copy[]?) -> (copies: copy[])',
        '  params: platform: "tiktok"|"meta"|"google" = "tiktok"; count: integer 1..10 = 3; tone: string',
      ].join('\n'),
    );
    expect(nodeTypeToText(catalog.nodes['input.text']!, { descriptions: true })).toContain(
      'default: string — Used when the run sets no value',
    );
    expect(nodeTypeToText(catalog.nodes['input.text']!)).toContain('name*: string');
    expect(nodeTypeToText(catalog.nodes['text.template']!)).toContain(
      '(one text input per {{name}} in template) -> (text: text)',
    );
  });
});
