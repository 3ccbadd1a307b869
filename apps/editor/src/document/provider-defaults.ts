import type { NodeTypeInfo } from '@adloom/graph';
import type { Settings } from '@adloom/host';

/**
 * The params a new node starts with from the settings: the default text provider for `llm.*`
 * nodes, the default image provider for `image.*` nodes, and that provider's default model.
 * They are written into the node (not read from the environment at run time), so the file
 * says what it runs and the cache sees a change of model.
 */
export function providerDefaults(info: NodeTypeInfo | undefined, settings: Settings | null): Record<string, unknown> {
  if (!info || !settings) return {};
  const properties = (info.params.properties ?? {}) as Record<string, { enum?: unknown[]; default?: unknown }>;
  const choices = properties.provider?.enum;
  if (!choices) return {};
  const wanted = info.type.startsWith('llm.')
    ? settings.defaultTextProvider
    : info.type.startsWith('image.')
      ? settings.defaultImageProvider
      : undefined;
  if (!wanted || !choices.includes(wanted)) return {};
  const params: Record<string, unknown> = {};
  if (wanted !== properties.provider?.default) params.provider = wanted;
  const model = (settings.providers as Record<string, { defaultModel?: string } | undefined>)[wanted]?.defaultModel;
  if (model && properties.model) params.model = model;
  return params;
}
