import type { Catalog, NodeTypeInfo } from '../src/index.ts';

// Node types as the engine's catalog serves them: plain data, params as the JSON Schema that
// `z.toJSONSchema(params, { io: 'input' })` writes. They stand in for the real node packs so
// these tests need nothing outside packages/graph.

const inputText: NodeTypeInfo = {
  type: 'input.text',
  version: 1,
  title: 'Text input',
  category: 'Inputs',
  description: 'A piece of text the graph takes from outside.',
  inputs: [],
  outputs: [{ name: 'text', type: 'text' }],
  params: {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 1, pattern: '^[A-Za-z][A-Za-z0-9_-]*$' },
      default: { description: 'Used when the run sets no value', type: 'string' },
    },
    required: ['name'],
  },
  paramHints: { default: { multiline: true } },
  deterministic: true,
  isGraphInput: true,
};

const textTemplate: NodeTypeInfo = {
  type: 'text.template',
  version: 1,
  title: 'Template',
  category: 'Text',
  description: 'Fills {{name}} placeholders with connected text.',
  inputs: [],
  outputs: [{ name: 'text', type: 'text' }],
  dynamicInputs: { kind: 'placeholders', param: 'template', type: 'text' },
  params: {
    type: 'object',
    properties: { template: { description: 'Text with {{name}} placeholders', type: 'string' } },
    required: ['template'],
  },
  paramHints: { template: { multiline: true } },
  deterministic: true,
};

const textJoin: NodeTypeInfo = {
  type: 'text.join',
  version: 1,
  title: 'Join text',
  category: 'Text',
  description: 'Joins several texts into one.',
  inputs: [{ name: 'items', type: 'text', list: true }],
  outputs: [{ name: 'text', type: 'text' }],
  params: {
    type: 'object',
    properties: { separator: { default: '\n', type: 'string' } },
  },
  paramHints: {},
  deterministic: true,
};

const llmAdCopy: NodeTypeInfo = {
  type: 'llm.adCopy',
  version: 2,
  title: 'Ad copy',
  category: 'LLM',
  description: 'Writes headlines, body and call to action for a platform.',
  inputs: [
    { name: 'brief', type: 'text' },
    { name: 'examples', type: 'copy', list: true, optional: true },
  ],
  outputs: [{ name: 'copies', type: 'copy', list: true }],
  params: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: {
      platform: { default: 'tiktok', type: 'string', enum: ['tiktok', 'meta', 'google'] },
      count: { default: 3, type: 'integer', minimum: 1, maximum: 10 },
      tone: { type: 'string' },
    },
  },
  paramHints: { platform: { enumLabels: { tiktok: 'TikTok', meta: 'Meta', google: 'Google' } } },
  deterministic: false,
};

const imageGenerate: NodeTypeInfo = {
  type: 'image.generate',
  version: 1,
  title: 'Generate image',
  category: 'Image',
  description: 'Draws images from a prompt.',
  inputs: [{ name: 'prompt', type: 'text' }],
  outputs: [{ name: 'images', type: 'image', list: true }],
  params: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: {
      provider: { default: 'offline', type: 'string', enum: ['offline', 'openai', 'comfyui'] },
      n: { default: 1, type: 'integer', minimum: 1, maximum: 8 },
      seed: { type: 'integer', minimum: 0, maximum: 9007199254740991 },
    },
  },
  paramHints: { provider: { picker: 'provider' } },
  deterministic: false,
};

const imageFit: NodeTypeInfo = {
  type: 'image.fit',
  version: 1,
  title: 'Fit image',
  category: 'Image',
  description: 'Crops and scales an image to an ad format.',
  inputs: [{ name: 'image', type: 'image' }],
  outputs: [{ name: 'image', type: 'image' }],
  params: {
    type: 'object',
    properties: {
      preset: { default: 'tiktok-9x16', type: 'string', enum: ['tiktok-9x16', 'meta-1x1', 'meta-4x5'] },
      background: { default: '#000000', type: 'string' },
    },
  },
  paramHints: { preset: { picker: 'preset' }, background: { color: true } },
  deterministic: true,
};

const jsonPick: NodeTypeInfo = {
  type: 'json.pick',
  version: 1,
  title: 'Pick from JSON',
  category: 'Data',
  description: 'Reads one field of a JSON value.',
  inputs: [{ name: 'value', type: 'json' }],
  outputs: [{ name: 'text', type: 'text' }],
  params: {
    type: 'object',
    properties: { path: { type: 'string' } },
    required: ['path'],
  },
  paramHints: {},
  deterministic: true,
};

export const catalog: Catalog = {
  nodes: Object.fromEntries(
    [inputText, textTemplate, textJoin, llmAdCopy, imageGenerate, imageFit, jsonPick].map((info) => [info.type, info]),
  ),
};
