import { describe, expect, it } from 'vitest';
import { loadGraphText } from '../src/index.ts';

const withParams = (params: string) =>
  `{"adloom":1,"name":"k","nodes":{"a":{"type":"text.template","params":{${params}}}},"edges":[]}`;

describe('keys JSON.parse would drop', () => {
  it('are found when written with different escapes of the same characters', () => {
    const { diagnostics } = loadGraphText(withParams('"say \\"hi\\"":1,"say \\u0022hi\\u0022":2'), 'k.adloom.json');
    expect(diagnostics.map((d) => [d.path, d.message])).toEqual([
      [
        'nodes.a.params.say "hi"',
        'key "say "hi"" is written twice in nodes.a.params (lines 1 and 1); only the last would be kept, so give each its own key or remove one',
      ],
    ]);
  });

  it('are not confused by a key that ends in an escaped backslash', () => {
    // "a\\" is the key a\ ; the quote after the two backslashes closes it.
    expect(loadGraphText(withParams('"a\\\\":1,"a":2,"b\\\\\\"":3'), 'k.adloom.json').diagnostics).toEqual([]);
    expect(loadGraphText(withParams('"a\\\\":1,"a\\\\":2'), 'k.adloom.json').diagnostics.map((d) => d.path)).toEqual([
      'nodes.a.params.a\\',
    ]);
  });

  it('include __proto__, which never lands in the parsed object', () => {
    const { diagnostics } = loadGraphText(withParams('"__proto__":{"x":1}'), 'k.adloom.json');
    expect(diagnostics.map((d) => d.message)).toEqual(['a key named "__proto__" (in nodes.a.params) is not allowed']);
  });
});
