import { type AssistantModel, DEFAULT_ASSISTANT_MODEL, offlineModel, openAIModel } from '@adloom/assistant';
import { HostError } from '../host-error.ts';
import type { Settings } from '../settings.ts';

/**
 * [sdk.K1] The assistant's model as this machine's user chose it in the settings. Only the
 * settings and the host's environment name the server, never a graph: OPENAI_API_KEY goes
 * to OpenAI or to OPENAI_BASE_URL (the environment, else the settings' OpenAI address), and a
 * compatible server set in the settings gets COMPATIBLE_API_KEY, the key kept for it.
 * `env`: the host's environment with the settings' addresses and the stored secrets over it.
 */
export function assistantModelFor(settings: Settings, env: Record<string, string | undefined>): AssistantModel {
  const chosen = settings.assistant?.provider ?? 'offline';
  if (chosen === 'offline') return offlineModel();
  const model = settings.assistant?.model || settings.providers[chosen]?.defaultModel || DEFAULT_ASSISTANT_MODEL;
  const compatibleUrl = chosen === 'compatible' ? settings.providers.compatible?.baseUrl?.trim() : undefined;
  if (chosen === 'compatible' && !compatibleUrl && !env.OPENAI_BASE_URL?.trim()) {
    throw new HostError(
      400,
      'the assistant is set to a compatible server but none is named: set its address in the settings (e.g. http://localhost:11434/v1 for Ollama)',
    );
  }
  try {
    return compatibleUrl
      ? openAIModel({
          model,
          baseUrl: compatibleUrl,
          env: { OPENAI_API_KEY: env.COMPATIBLE_API_KEY, OPENAI_BASE_URL: compatibleUrl },
        })
      : openAIModel({ model, env: { OPENAI_API_KEY: env.OPENAI_API_KEY, OPENAI_BASE_URL: env.OPENAI_BASE_URL } });
  } catch (error) {
    throw new HostError(400, `the assistant cannot start: ${(error as Error).message}`);
  }
}
