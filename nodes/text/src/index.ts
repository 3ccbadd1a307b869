import type { NodePack } from '@adloom/sdk';
import { llmAdCopy } from './ad-copy.ts';
import { llmGenerate } from './generate.ts';

export { llmAdCopy } from './ad-copy.ts';
export type { Copy, CopyField, CopyText } from './copy.ts';
export { COPY_FIELDS, characterCount, copySchema } from './copy.ts';
export type { CopyProblem } from './copy-rules.ts';
export { findCopyProblems } from './copy-rules.ts';
export { llmGenerate } from './generate.ts';
export { readBrief } from './offline/brief-phrases.ts';
export type { CopyLimits, PlatformName, PlatformPreset } from './platform-presets.ts';
export { limitsFor, PLATFORM_NAMES, PLATFORM_PRESETS } from './platform-presets.ts';
export type { ModelPrice } from './providers/model-prices.ts';
export { costOf, MODEL_PRICES } from './providers/model-prices.ts';
export type { Environment, OpenAIConnection } from './providers/openai-connection.ts';
export { connectOpenAI, environmentOf } from './providers/openai-connection.ts';
export { toNodeError } from './providers/provider-errors.ts';
export type { TextProviderName } from './providers/provider-params.ts';
export { DEFAULT_MODEL, TEXT_PROVIDERS } from './providers/provider-params.ts';

/** The text pack: language-model nodes for prompts and ad copy, with an offline default. */
export const pack: NodePack = {
  name: '@adloom/nodes-text',
  nodes: [llmGenerate, llmAdCopy],
};
