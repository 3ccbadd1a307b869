import type { ParamHint } from '@adloom/graph';
import { z } from 'zod';

export const TEXT_PROVIDERS = ['offline', 'openai', 'compatible'] as const;
export type TextProviderName = (typeof TEXT_PROVIDERS)[number];

/** The model used when a node names none. */
export const DEFAULT_MODEL = 'gpt-4o-mini';

/** Params every text node shares to choose and reach its provider. Secrets are never params. */
export const providerParams = {
  provider: z
    .enum(TEXT_PROVIDERS)
    .default('offline')
    .describe(
      'offline: assembled from the inputs, no key, no network; openai: the OpenAI API (needs OPENAI_API_KEY); compatible: a server speaking the OpenAI API (Ollama, vLLM, LM Studio, llama.cpp)',
    ),
  model: z.string().min(1).optional().describe(`The model's name on the provider (default ${DEFAULT_MODEL})`),
  baseUrl: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe('The API address, e.g. http://localhost:11434/v1 for Ollama (default OPENAI_BASE_URL, then OpenAI)'),
  timeoutSec: z.number().positive().optional().describe('Longest to wait for one answer before trying again (default 120 s)'),
};

export const providerParamHints: Record<string, ParamHint> = {
  provider: {
    picker: 'provider',
    enumLabels: { offline: 'Offline (no model)', openai: 'OpenAI', compatible: 'OpenAI-compatible server' },
  },
  model: { picker: 'model', placeholder: DEFAULT_MODEL },
  baseUrl: { placeholder: 'http://localhost:11434/v1' },
};
