import type OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { type AssistantMessage, type AssistantModel, ModelError, type ModelStep, type ToolCall } from './assistant-model.ts';

const OPENAI_API = 'https://api.openai.com/v1';

type OpenAIModule = typeof import('openai');
let loading: Promise<OpenAIModule> | undefined;
/** The `openai` client library, imported at the first step: a host that never asks the model loads none of it. */
const loadOpenAI = (): Promise<OpenAIModule> => (loading ??= import('openai'));
export const DEFAULT_ASSISTANT_MODEL = 'gpt-4.1-mini';

export interface OpenAIModelOptions {
  /** The model's name on the server (default gpt-4.1-mini). */
  model?: string;
  /** A chat-completions server: OpenAI, Ollama, vLLM, LM Studio, llama.cpp. Default: OPENAI_BASE_URL, else OpenAI. */
  baseUrl?: string;
  env?: Record<string, string | undefined>;
  /** Retries of 429s and 5xx by the client, honouring Retry-After (default 2). */
  maxRetries?: number;
  timeoutMs?: number;
}

const originOf = (url: string) => {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
};

function toWire(message: AssistantMessage): ChatCompletionMessageParam {
  if (message.role === 'tool') return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
  if (message.role === 'assistant') {
    return {
      role: 'assistant',
      content: message.content,
      ...(message.toolCalls?.length
        ? {
            tool_calls: message.toolCalls.map((call) => ({
              id: call.id,
              type: 'function' as const,
              function: { name: call.name, arguments: call.arguments },
            })),
          }
        : {}),
    };
  }
  return { role: message.role, content: message.content };
}

function describeError(error: unknown, server: string, sdk: OpenAIModule | undefined): string {
  const who = server === originOf(OPENAI_API) ? 'OpenAI' : `the server at ${server}`;
  if (sdk && error instanceof sdk.APIConnectionTimeoutError) return `${who} did not answer in time`;
  if (sdk && error instanceof sdk.APIConnectionError) return `could not reach ${who}`;
  if (sdk && error instanceof sdk.APIError) {
    const body = error.error as { message?: unknown } | undefined;
    const words = typeof body?.message === 'string' ? body.message : error.message.replace(/^\d{3}\s+/, '');
    return `${who} answered HTTP ${error.status}: ${words}`;
  }
  return (error as Error).message;
}

/**
 * A model on any OpenAI-compatible chat-completions server with tool calling, through the
 * official client, streamed. OPENAI_API_KEY goes only to OpenAI or to the server
 * OPENAI_BASE_URL names: a base URL from anywhere else gets no key.
 */
export function openAIModel(options: OpenAIModelOptions = {}): AssistantModel {
  const env = options.env ?? process.env;
  const envBaseUrl = env.OPENAI_BASE_URL?.trim() || undefined;
  const baseURL = options.baseUrl ?? envBaseUrl ?? OPENAI_API;
  const server = originOf(baseURL);
  if (!server) throw new ModelError(`the model server address "${baseURL}" is not a URL; use e.g. http://localhost:11434/v1`);
  const key = env.OPENAI_API_KEY?.trim() || undefined;
  const mayReceiveKey = server === originOf(OPENAI_API) || (envBaseUrl !== undefined && server === originOf(envBaseUrl));
  const apiKey = mayReceiveKey ? key : undefined;
  if (server === originOf(OPENAI_API) && !apiKey) {
    throw new ModelError(
      'the openai provider needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local server); the offline assistant needs neither',
    );
  }
  const clientOptions: ConstructorParameters<typeof OpenAI>[0] = {
    apiKey: apiKey ?? 'no-key',
    ...(apiKey ? {} : { defaultHeaders: { Authorization: null } }),
    baseURL,
    organization: null,
    project: null,
    adminAPIKey: null,
    webhookSecret: null,
    maxRetries: options.maxRetries ?? 2,
    timeout: options.timeoutMs ?? 120_000,
    logLevel: 'off',
  };
  let client: OpenAI | undefined;
  let sdk: OpenAIModule | undefined;
  const model = options.model ?? DEFAULT_ASSISTANT_MODEL;
  const redact = (text: string) => (apiKey ? text.split(apiKey).join('[redacted]') : text);
  return {
    name: `${model} at ${server}`,
    async step({ messages, tools, signal, onText }): Promise<ModelStep> {
      const wireTools: ChatCompletionTool[] = tools.map((tool) => ({
        type: 'function',
        function: { name: tool.name, description: tool.description, parameters: tool.parameters },
      }));
      let text = '';
      const calls = new Map<number, ToolCall>();
      try {
        sdk ??= await loadOpenAI();
        client ??= new sdk.default(clientOptions);
        const stream = await client.chat.completions.create(
          { model, messages: messages.map(toWire), tools: wireTools, stream: true },
          { signal },
        );
        for await (const chunk of stream) {
          const delta = chunk.choices[0]?.delta;
          if (!delta) continue;
          if (delta.content) {
            text += delta.content;
            onText(delta.content);
          }
          // Tool calls arrive in pieces keyed by index: the id and name once, the arguments in fragments.
          for (const part of delta.tool_calls ?? []) {
            const call = calls.get(part.index) ?? { id: '', name: '', arguments: '' };
            if (part.id) call.id = part.id;
            if (part.function?.name) call.name += part.function.name;
            if (part.function?.arguments) call.arguments += part.function.arguments;
            calls.set(part.index, call);
          }
        }
      } catch (error) {
        if (signal.aborted) throw error;
        throw new ModelError(redact(describeError(error, server, sdk)));
      }
      const toolCalls = [...calls.entries()]
        .sort(([a], [b]) => a - b)
        .map(([index, call]) => ({ ...call, id: call.id || `call_${index}` }));
      return { text, toolCalls };
    },
  };
}
