import type { NodeTypeInfo } from '@adloom/graph';
import { describe, expect, it } from 'vitest';
import { inspectorFields, isFieldShown, labelForParam, providersOf } from './inspector-fields.ts';

// Params as zod's toJSONSchema writes them into the catalog (`adloom nodes --json`).
const adCopy: NodeTypeInfo = {
  type: 'llm.adCopy',
  version: 1,
  title: 'Ad copy',
  category: 'LLM',
  description: 'Writes ad copy',
  inputs: [{ name: 'brief', type: 'text' }],
  outputs: [{ name: 'copies', type: 'copy', list: true }],
  params: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: {
      prompt: { type: 'string', description: 'What to ask for' },
      provider: { default: 'offline', description: 'who writes', type: 'string', enum: ['offline', 'openai', 'compatible'] },
      model: { type: 'string', minLength: 1 },
      count: { default: 3, type: 'integer', minimum: 1, maximum: 10 },
      seed: { type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 },
      temperature: { type: 'number', exclusiveMinimum: 0, maximum: 2 },
      background: { default: '#ffffff', type: 'string', pattern: '^#[0-9a-fA-F]{6}$' },
      emoji: { default: false, type: 'boolean' },
      banned: { type: 'array', items: { type: 'string' } },
      tone: {
        anyOf: [
          { type: 'string', const: 'playful' },
          { type: 'string', const: 'serious' },
        ],
      },
      limit: { type: ['number', 'null'] },
      extra: {},
      logo: { type: 'string' },
      baseUrl: { type: 'string', format: 'uri' },
    },
    required: ['prompt', 'tone'],
  },
  paramHints: {
    prompt: { multiline: true, placeholder: 'Write about {{product}}' },
    provider: { picker: 'provider', enumLabels: { offline: 'Offline (no model)', openai: 'OpenAI' } },
    model: { picker: 'model', placeholder: 'gpt-4o-mini' },
    temperature: { step: 0.1 },
    logo: { fileFilters: ['png', 'svg'] },
  },
  deterministic: false,
};

const byName = (fields: ReturnType<typeof inspectorFields>) => Object.fromEntries(fields.map((f) => [f.name, f]));

describe('inspectorFields', () => {
  it('[editor.I5] makes one field per param, in schema order, of the kind its schema and hints call for', () => {
    const fields = inspectorFields(adCopy, { prompt: 'Hi {{product}}', tone: 'playful' });
    expect(fields.map((f) => [f.name, f.kind])).toEqual([
      ['prompt', 'multiline'],
      ['provider', 'provider'],
      ['model', 'model'],
      ['count', 'integer'],
      ['seed', 'integer'],
      ['temperature', 'number'],
      ['background', 'color'],
      ['emoji', 'boolean'],
      ['banned', 'list'],
      ['tone', 'enum'],
      ['limit', 'number'],
      ['extra', 'json'],
      ['logo', 'file'],
      ['baseUrl', 'text'],
    ]);
  });

  it('[editor.I6] carries values, defaults, bounds, steps, options with labels, placeholders and file filters', () => {
    const f = byName(inspectorFields(adCopy, { prompt: 'Hi {{product}}', tone: 'playful', count: 5 }));
    expect(f.prompt).toMatchObject({
      value: 'Hi {{product}}',
      isSet: true,
      required: true,
      hasPlaceholders: true,
      placeholder: 'Write about {{product}}',
    });
    expect(f.provider?.options).toEqual([
      { value: 'offline', label: 'Offline (no model)' },
      { value: 'openai', label: 'OpenAI' },
      { value: 'compatible', label: 'compatible' },
    ]);
    expect(f.provider).toMatchObject({ isSet: false, value: undefined, defaultValue: 'offline', description: 'who writes' });
    expect(f.count).toMatchObject({ value: 5, min: 1, max: 10, step: 1, defaultValue: 3, placeholder: '3' });
    // zod's safe-integer bounds are no bounds to a person.
    expect(f.seed?.min).toBeUndefined();
    expect(f.seed?.max).toBeUndefined();
    expect(f.temperature).toMatchObject({ min: 0, isMinExclusive: true, max: 2, step: 0.1 });
    expect(f.tone?.options?.map((o) => o.value)).toEqual(['playful', 'serious']);
    expect(f.logo?.fileFilters).toEqual(['png', 'svg']);
    expect(f.model).toMatchObject({ placeholder: 'gpt-4o-mini', minLength: 1 });
  });

  it('[editor.I7] marks an invalid value with the message validateGraph gives', () => {
    const f = byName(inspectorFields(adCopy, { prompt: 'x', tone: 'angry', count: 11 }));
    expect(f.count?.error).toMatch(/count/);
    expect(f.count?.error).toMatch(/10/);
    expect(f.tone?.error).toBeDefined();
    expect(f.prompt?.error).toBeUndefined();
  });

  it('[editor.I7] marks a missing required param', () => {
    const f = byName(inspectorFields(adCopy, { tone: 'serious' }));
    expect(f.prompt?.error).toBeDefined();
    expect(f.prompt?.isSet).toBe(false);
  });

  it('[editor.I8] shows params the type does not know, so they can be removed', () => {
    const fields = inspectorFields(adCopy, { prompt: 'x', tone: 'serious', temprature: 0.3 });
    const last = fields.at(-1);
    expect(last).toMatchObject({ name: 'temprature', isUnknown: true, kind: 'json', value: 0.3 });
    expect(last?.error).toMatch(/did you mean "temperature"/);
  });

  it('reads labels people understand', () => {
    expect(labelForParam('timeoutSec')).toBe('Timeout sec');
    expect(labelForParam('baseUrl')).toBe('Base URL');
    expect(labelForParam('primary_text')).toBe('Primary text');
  });
});

describe('fields that depend on the chosen provider', () => {
  const known = ['offline', 'openai', 'comfyui', 'automatic1111'];
  it('[editor.I9] reads the providers a description starts with', () => {
    expect(providersOf('openai only', known)).toEqual(['openai']);
    expect(providersOf('comfyui: node id that gets the prompt', known)).toEqual(['comfyui']);
    expect(providersOf('comfyui and automatic1111: sampling steps', known)).toEqual(['comfyui', 'automatic1111']);
    expect(
      providersOf('openai: gpt-image-1 by default; automatic1111: a checkpoint name; comfyui: in the workflow', known),
    ).toEqual(['openai', 'comfyui', 'automatic1111']);
    expect(providersOf('Server address; defaults: OPENAI_BASE_URL', known)).toBeUndefined();
    expect(providersOf('Shape: when width and height are not both set', known)).toBeUndefined();
  });

  it('[editor.I10] hides a param for another provider unless it is set', () => {
    const field = {
      name: 'steps',
      label: 'Steps',
      kind: 'integer',
      required: false,
      value: undefined,
      isSet: false,
      providers: ['comfyui'],
    } as const;
    expect(isFieldShown({ ...field, providers: [...field.providers] }, 'offline')).toBe(false);
    expect(isFieldShown({ ...field, providers: [...field.providers] }, 'comfyui')).toBe(true);
    expect(isFieldShown({ ...field, providers: [...field.providers], isSet: true, value: 20 }, 'offline')).toBe(true);
  });
});
