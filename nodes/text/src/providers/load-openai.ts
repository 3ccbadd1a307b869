type OpenAIModule = typeof import('openai');
type ZodHelpers = typeof import('openai/helpers/zod');

let client: Promise<OpenAIModule> | undefined;
let zodHelpers: Promise<ZodHelpers> | undefined;

/** The `openai` client library, imported when a node first calls a model: loading the pack loads none of it. */
export const loadOpenAI = (): Promise<OpenAIModule> => (client ??= import('openai'));

/** The client's zod helpers (structured output), imported with the first request that asks for a schema. */
export const loadZodHelpers = (): Promise<ZodHelpers> => (zodHelpers ??= import('openai/helpers/zod'));
