import { keyedEndpoint, NodeError, type Usage } from '@adloom/sdk';
import type OpenAI from 'openai';
import type { CompletionUsage } from 'openai/resources/completions';
import { loadOpenAI } from './load-openai.ts';
import { costOf } from './model-prices.ts';
import { DEFAULT_MODEL } from './provider-params.ts';

const OPENAI_API = 'https://api.openai.com/v1';
const DEFAULT_TIMEOUT_SEC = 120;

export type Environment = Record<string, string | undefined>;

/** Where a node reads OPENAI_API_KEY and friends: the host's `providers.env` (a desktop keychain), else the process. */
export function environmentOf(providers: Record<string, unknown>): Environment {
  const env = providers.env;
  return env && typeof env === 'object' ? (env as Environment) : process.env;
}

export interface ConnectionParams {
  provider: 'openai' | 'compatible';
  model?: string;
  baseUrl?: string;
  timeoutSec?: number;
}

/** A configured client for one node run, and what messages may say about it. */
export interface OpenAIConnection {
  client: OpenAI;
  provider: 'openai' | 'compatible';
  model: string;
  /** The server as messages name it: scheme, host and port; never a key or a password. */
  server: string;
  /** Takes the key out of a text, should a server echo it back in an error. */
  redact(text: string): string;
  /** The body field that caps the answer's length: OpenAI's current name, or the one compatible servers know. */
  tokenLimit(maxTokens: number | undefined): { max_completion_tokens?: number; max_tokens?: number };
  /** Token use and, for OpenAI's listed models, cost, as the engine records it. */
  usageOf(usage: CompletionUsage | null | undefined, answeredModel: string | undefined): Usage;
}

/**
 * Builds the `openai` client for a node, checking before any request is sent (and before the
 * library loads) that it has what it needs. The key goes where [sdk.K1] `keyedEndpoint` allows:
 * OpenAI or OPENAI_BASE_URL.
 */
export async function connectOpenAI(nodeId: string, params: ConnectionParams, env: Environment): Promise<OpenAIConnection> {
  const envBaseUrl = env.OPENAI_BASE_URL?.trim() || undefined;
  if (params.provider === 'compatible' && !params.baseUrl && !envBaseUrl) {
    throw new NodeError(
      `node "${nodeId}" uses a compatible server but names none: set its baseUrl param (e.g. http://localhost:11434/v1 for Ollama) or the OPENAI_BASE_URL environment variable`,
      { param: 'baseUrl' },
    );
  }
  const endpoint = keyedEndpoint({
    nodeId,
    provider: 'OpenAI',
    keyName: 'OPENAI_API_KEY',
    key: env.OPENAI_API_KEY,
    officialUrl: OPENAI_API,
    userUrlName: 'OPENAI_BASE_URL',
    userUrl: envBaseUrl,
    graphUrl: params.baseUrl,
    param: 'baseUrl',
    requiresKey: params.provider === 'openai',
  });
  const baseURL = endpoint.url;
  const server = endpoint.origin;
  const apiKey = endpoint.key;
  const { default: OpenAI } = await loadOpenAI();
  const client = new OpenAI({
    // The client insists on a key; a keyless server gets none: the Authorization header is dropped.
    apiKey: apiKey ?? 'no-key',
    ...(apiKey ? {} : { defaultHeaders: { Authorization: null } }),
    baseURL,
    organization: params.provider === 'openai' ? (env.OPENAI_ORG_ID ?? null) : null,
    project: params.provider === 'openai' ? (env.OPENAI_PROJECT_ID ?? null) : null,
    adminAPIKey: null,
    webhookSecret: null,
    // The engine retries transient errors with backoff; the client retrying too would multiply attempts.
    maxRetries: 0,
    timeout: (params.timeoutSec ?? DEFAULT_TIMEOUT_SEC) * 1000,
    logLevel: 'off',
  });
  const provider = params.provider;
  const model = params.model ?? DEFAULT_MODEL;
  return {
    client,
    provider,
    model,
    server,
    redact: (text) => (apiKey ? text.split(apiKey).join('[redacted]') : text),
    tokenLimit: (maxTokens) =>
      maxTokens === undefined ? {} : provider === 'openai' ? { max_completion_tokens: maxTokens } : { max_tokens: maxTokens },
    usageOf: (usage, answeredModel) => {
      const inputTokens = usage?.prompt_tokens;
      const outputTokens = usage?.completion_tokens;
      // A compatible server running a model with an OpenAI name does not charge OpenAI's prices.
      const costUsd =
        provider === 'openai' && inputTokens !== undefined && outputTokens !== undefined
          ? costOf(answeredModel ?? model, inputTokens, outputTokens)
          : undefined;
      return {
        provider,
        model: answeredModel ?? model,
        ...(inputTokens !== undefined ? { inputTokens } : {}),
        ...(outputTokens !== undefined ? { outputTokens } : {}),
        ...(costUsd !== undefined ? { costUsd } : {}),
      };
    },
  };
}
