import { describe, expect, it } from 'vitest';
import { SUMMARY_READ_BYTES, summarizeGraphText } from './graph-summary.ts';

describe('summarizeGraphText: the name and description a listing shows', () => {
  it('takes the top-level name and description, not a node param of the same name', () => {
    const text = JSON.stringify({
      adloom: 1,
      nodes: { brief: { type: 'input.text', params: { name: 'inner', description: 'a param' } } },
      name: 'Spring launch',
      description: 'Three headlines',
      edges: [],
    });
    expect(summarizeGraphText(text)).toEqual({ name: 'Spring launch', description: 'Three headlines' });
  });

  it('reads escapes, quotes and braces inside strings as text', () => {
    const text = '{ "note": "a } and a \\" and {", "name" : "Say \\"hi\\" \\u00e9 {x}", "description":"line\\nbreak" }';
    expect(summarizeGraphText(text)).toEqual({ name: 'Say "hi" é {x}', description: 'line\nbreak' });
  });

  it('yields nothing for text that is not a JSON object, a name that is not a string, or a cut-off value', () => {
    expect(summarizeGraphText('hello')).toEqual({});
    expect(summarizeGraphText('["name","x"]')).toEqual({});
    expect(summarizeGraphText('{"name": 42, "description": null}')).toEqual({});
    expect(summarizeGraphText('{"adloom":1,"name":"Cut')).toEqual({});
    expect(summarizeGraphText(`{"a":${'['.repeat(100_000)}`)).toEqual({});
  });

  it('reads no further than the start the listing reads', () => {
    expect(SUMMARY_READ_BYTES).toBe(64 * 1024);
    const text = `{"adloom":1,"nodes":{"a":{"params":{"v":"${'x'.repeat(SUMMARY_READ_BYTES)}"}}},"name":"Late"}`;
    expect(summarizeGraphText(text.slice(0, SUMMARY_READ_BYTES))).toEqual({});
  });
});
