/** US dollars per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
}

/**
 * OpenAI's list prices for common chat models (standard tier, checked 2025-08). Data, not
 * logic: update it when prices change. A model not listed gets no cost, never a guess.
 */
export const MODEL_PRICES: Record<string, ModelPrice> = {
  'gpt-5': { input: 1.25, output: 10 },
  'gpt-5-mini': { input: 0.25, output: 2 },
  'gpt-5-nano': { input: 0.05, output: 0.4 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  o3: { input: 2, output: 8 },
  'o4-mini': { input: 1.1, output: 4.4 },
  'gpt-3.5-turbo': { input: 0.5, output: 1.5 },
};

/** A model's price, also for dated snapshots such as `gpt-4o-mini-2024-07-18`. */
export function priceOf(model: string): ModelPrice | undefined {
  return MODEL_PRICES[model] ?? MODEL_PRICES[model.replace(/-\d{4}-\d{2}-\d{2}$/, '')];
}

/** What a request cost in US dollars, or undefined when the model's price is unknown. */
export function costOf(model: string, inputTokens: number, outputTokens: number): number | undefined {
  const price = priceOf(model);
  if (!price) return undefined;
  return (inputTokens * price.input + outputTokens * price.output) / 1_000_000;
}
