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
  recentFiles: z.array(z.string()).max(20).default([]),
});
/** What the settings dialog edits: provider addresses and defaults, recent files. Never a key. */
export type Settings = z.infer<typeof settingsSchema>;
