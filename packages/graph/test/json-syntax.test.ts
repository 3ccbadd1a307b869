import { describe, expect, it } from 'vitest';
import { loadGraphText } from '../src/index.ts';
import { findSyntaxErrorOffset } from '../src/json-position.ts';

const broken = [
  '',
  ' ',
  '{',
  '{"a" 1}',
  '{"a": 1 "b": 2}',
  '{"a": 1,}',
  '[1, 2,]',
  '[1 2]',
  '{"a": tru}',
  '{"a": 01}',
  '{"a": -}',
  '{"a": 1.}',
  '{"a": "x\\q"}',
  '{"a": "\\u12G4"}',
  '{"a": "line\nbreak"}',
  '{"a": 1}}',
  '{"a": 1} x',
  '{a: 1}',
  "{'a': 1}",
  '{"a": [1, {"b": }]}',
  '{"a": "unterminated',
  '{"a": NaN}',
  '{"a": undefined}',
  '[[[[[[[[[[',
];

/** Where V8 says the error is, when its message says. */
function v8Position(text: string): number | undefined {
  try {
    JSON.parse(text);
  } catch (error) {
    const match = /at position (\d+)/.exec((error as Error).message);
    if (match) return Number(match[1]);
    if (/end of JSON input/.test((error as Error).message)) return text.length;
  }
  return undefined;
}

describe('findSyntaxErrorOffset', () => {
  it('finds nothing wrong in valid JSON', () => {
    for (const text of [
      '{}',
      '[]',
      '0',
      '"x"',
      ' {"a": [1, -2.5e+3, true, false, null, "\\u00e9\\n", {}]} \n',
      '{"a":{"b":{"c":[[]]}}}',
    ]) {
      expect(findSyntaxErrorOffset(text), text).toBeUndefined();
    }
  });

  it.each(broken)('points where V8 points, whenever V8 names a place: %j', (text) => {
    const offset = findSyntaxErrorOffset(text);
    expect(offset).toBeDefined();
    const v8 = v8Position(text);
    if (v8 !== undefined) expect(offset).toBe(v8);
  });

  it('points at the token V8 only quotes, such as an unquoted word', () => {
    const text = '{\n  "platform": tiktok\n}';
    expect(findSyntaxErrorOffset(text)).toBe(text.indexOf('tiktok'));
    const { diagnostics } = loadGraphText(text, 'g.adloom.json');
    expect(diagnostics).toEqual([
      expect.objectContaining({
        file: 'g.adloom.json',
        line: 2,
        column: 15,
        message: expect.stringMatching(/^invalid JSON at line 2, column 15: /),
      }),
    ]);
    // The engine's excerpt of the text is left out: the place says it better.
    expect(diagnostics[0]?.message).not.toContain('is not valid JSON');
  });

  it('handles deep nesting without recursion', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(findSyntaxErrorOffset(deep)).toBeUndefined();
    expect(findSyntaxErrorOffset(`${deep.slice(0, -1)}}`)).toBe(deep.length - 1);
  });
});
