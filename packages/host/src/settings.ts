import { z } from 'zod';

export const settingsSchema = z.object({
  providers: z
    .object({
      openai: z.object({ baseUrl: z.string().optional(), defaultModel: z.string().optional() }).optional(),
      compatible: z.object({ baseUrl: z.string().optional(), defaultModel: z.string().optional() }).optional(),
      comfyui: z.object({ baseUrl: z.string().optional() }).optional(),
      automatic1111: z.object({ baseUrl: z.string().optional() }).optional(),
    })
    .default({}),
  defaultTextProvider: z.enum(['offline', 'openai', 'compatible']).default('offline'),
  defaultImageProvider: z.enum(['offline', 'openai', 'comfyui', 'automatic1111']).default('offline'),
  /**
   * Who answers in the assistant: the offline assistant (the default), OpenAI, or a compatible
   * server, at the addresses in `providers` (OpenAI's own, else its baseUrl or OPENAI_BASE_URL).
   */
  assistant: z
    .object({
      provider: z.enum(['offline', 'openai', 'compatible']).default('offline'),
      /** The model's name on that server; default: the provider's defaultModel, else gpt-4.1-mini. */
      model: z.string().max(200).optional(),
    })
    .optional(),
  recentFiles: z.array(z.string()).max(20).default([]),
  /**
   * [engine.F1] Folders beside the workspace that this user lets runs read files from (a shared
   * brand-assets drive). Absolute paths; set only through the host's own settings.
   */
  readFolders: z
    .array(
      z
        .string()
        .max(1000)
        .refine((path) => path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path), 'a folder runs may read is an absolute path'),
    )
    .max(50)
    .default([]),
});
/** What the settings dialog edits: provider addresses and defaults, the assistant's model, recent files, folders runs may read. Never a key. */
export type Settings = z.infer<typeof settingsSchema>;
