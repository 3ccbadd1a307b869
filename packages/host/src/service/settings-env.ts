import type { Settings } from '../settings.ts';

/**
 * The environment a run sees for the host's provider settings: the same variables a user
 * would export for `adloom run`, so node packs read one source. Values already set in the
 * host's own environment win, as on the command line.
 */
export function settingsEnv(settings: Settings, env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  const set = (name: string, value: string | undefined) => {
    if (value && !env[name]) out[name] = value;
  };
  set('OPENAI_BASE_URL', settings.providers.openai?.baseUrl);
  set('COMFYUI_URL', settings.providers.comfyui?.baseUrl);
  set('AUTOMATIC1111_URL', settings.providers.automatic1111?.baseUrl);
  return out;
}
