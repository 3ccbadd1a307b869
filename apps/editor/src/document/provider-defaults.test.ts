import type { NodeTypeInfo } from '@adloom/graph';
import type { Settings } from '@adloom/host';
import { describe, expect, it } from 'vitest';
import { providerDefaults } from './provider-defaults.ts';

const node = (type: string, providers: string[]): NodeTypeInfo => ({
  type,
  version: 1,
  title: type,
  category: 'Test',
  description: '',
  inputs: [],
  outputs: [],
  params: {
    type: 'object',
    properties: { provider: { type: 'string', enum: providers, default: 'offline' }, model: { type: 'string' } },
  },
  paramHints: {},
  deterministic: true,
});

const settings = (over: Partial<Settings>): Settings => ({
  providers: {},
  defaultTextProvider: 'offline',
  defaultImageProvider: 'offline',
  recentFiles: [],
  readFolders: [],
  ...over,
});

describe('providerDefaults: new nodes start on the providers the settings chose', () => {
  const llm = node('llm.adCopy', ['offline', 'openai', 'compatible']);
  const image = node('image.generate', ['offline', 'openai', 'comfyui', 'automatic1111']);

  it('writes the default text provider and its model into a new LLM node, the image provider into an image node', () => {
    const chosen = settings({
      defaultTextProvider: 'compatible',
      defaultImageProvider: 'comfyui',
      providers: { compatible: { defaultModel: 'llama3.1:8b' }, openai: { defaultModel: 'gpt-4.1-mini' } },
    });
    expect(providerDefaults(llm, chosen)).toEqual({ provider: 'compatible', model: 'llama3.1:8b' });
    expect(providerDefaults(image, chosen)).toEqual({ provider: 'comfyui' });
  });

  it('adds nothing when the settings keep the offline default, or the node has no provider', () => {
    expect(providerDefaults(llm, settings({}))).toEqual({});
    expect(providerDefaults(node('text.template', []), settings({ defaultTextProvider: 'openai' }))).toEqual({});
    expect(providerDefaults(llm, null)).toEqual({});
  });
});
