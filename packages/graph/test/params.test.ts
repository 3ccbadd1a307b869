import { describe, expect, it } from 'vitest';
import { checkParams, type NodeTypeInfo } from '../src/index.ts';
import { catalog } from './catalog.ts';

/** A node type with these params, as a node pack's `z.toJSONSchema` would give them. */
function withParams(params: Record<string, unknown>): NodeTypeInfo {
  return { ...(catalog.nodes['json.pick'] as NodeTypeInfo), type: 'test.params', params };
}

const messages = (info: NodeTypeInfo, params: Record<string, unknown>) => checkParams(info, params).map((p) => p.message);

describe('checkParams', () => {
  it('names a nested field by its path and says why', () => {
    const info = withParams({
      type: 'object',
      properties: { size: { type: 'object', properties: { width: { type: 'integer', minimum: 1 } }, required: ['width'] } },
    });
    expect(checkParams(info, { size: { width: 0 } })).toEqual([
      { param: 'size', severity: 'error', message: 'param "size.width" must be at least 1, not 0' },
    ]);
    expect(messages(info, { size: {} })).toEqual(['param "size.width" is missing; it must be a number']);
  });

  it('words exclusive bounds, text lengths and list sizes as a person would', () => {
    const info = withParams({
      type: 'object',
      properties: {
        opacity: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
        headline: { type: 'string', maxLength: 30 },
        tags: { type: 'array', items: { type: 'string' }, maxItems: 2 },
      },
    });
    expect(messages(info, { opacity: 1, headline: 'x'.repeat(31), tags: ['a', 'b', 'c'] })).toEqual([
      'param "opacity" must be less than 1, not 1',
      'param "headline" must be at most 30 characters long',
      'param "tags" must have at most 2 items',
    ]);
    expect(messages(info, { opacity: 0 })).toEqual(['param "opacity" must be more than 0, not 0']);
  });

  it('names each accepted type of a union, and a const value', () => {
    const info = withParams({
      type: 'object',
      properties: { size: { type: ['string', 'number'] }, mode: { type: 'string', const: 'fast' } },
    });
    expect(messages(info, { size: true, mode: 'slow' })).toEqual([
      'param "size" must be a string or a number, not true',
      'param "mode" must be "fast", not "slow"',
    ]);
  });

  it('reports an unknown param once, even when the schema forbids extra keys', () => {
    const info = withParams({
      type: 'object',
      properties: { path: { type: 'string' } },
      required: ['path'],
      additionalProperties: false,
    });
    expect(messages(info, { path: 'a', pth: 'b' })).toEqual([
      'param "pth" is unknown (did you mean "path"?); its params are: path',
    ]);
  });

  it('follows $ref into $defs, as zod writes shared schemas', () => {
    const info = withParams({
      type: 'object',
      properties: { title: { $ref: '#/$defs/Line' }, cta: { $ref: '#/$defs/Line' } },
      $defs: { Line: { type: 'string', minLength: 2 } },
    });
    expect(messages(info, { title: 'Go', cta: 'x' })).toEqual(['param "cta" must be at least 2 characters long']);
  });

  it('warns instead of throwing when a node type ships a schema that cannot be read', () => {
    const info = withParams({ type: 'object', properties: { a: { type: 'colour' } } });
    const problems = checkParams(info, { a: 1 });
    expect(problems).toEqual([expect.objectContaining({ severity: 'warning' })]);
    expect(problems[0]?.message).toContain("the test.params node type's schema is unreadable");
  });

  it('finds nothing wrong with good params or none at all where none are required', () => {
    const adCopy = catalog.nodes['llm.adCopy'] as NodeTypeInfo;
    expect(checkParams(adCopy, { platform: 'google', count: 10, tone: 'playful' })).toEqual([]);
    expect(checkParams(adCopy, undefined)).toEqual([]);
  });
});
