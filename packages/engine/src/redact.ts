/** Names of variables that hold secrets: `OPENAI_API_KEY`, `HF_TOKEN`, `DB_PASSWORD`. */
const SECRET_NAME = /(^|_)(API_?KEY|KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIALS?)$/i;
/** Shorter values would also match ordinary words in a message. */
const MIN_SECRET_LENGTH = 8;

export const REDACTED = '[redacted]';

/** The values of every secret-named variable in these environments. */
export function secretValues(...envs: (Record<string, string | undefined> | undefined)[]): string[] {
  const out = new Set<string>();
  for (const env of envs) {
    if (!env) continue;
    for (const [name, value] of Object.entries(env)) {
      const trimmed = value?.trim();
      if (trimmed && trimmed.length >= MIN_SECRET_LENGTH && SECRET_NAME.test(name)) out.add(trimmed);
    }
  }
  // Longest first: a key that contains another is taken out whole.
  return [...out].sort((a, b) => b.length - a.length);
}

export interface Redactor {
  text(text: string): string;
  /** The value with every secret in its strings replaced; the same object when none was there. */
  value<T>(value: T): T;
}

/**
 * [engine.S1] Takes secrets out by value, wherever a provider or a node put them: an error that
 * quotes the Authorization header, a log line, an output. Events, manifests and logs pass
 * through it, so no pack has to remember.
 */
export function createRedactor(secrets: readonly string[]): Redactor {
  if (secrets.length === 0) return { text: (text) => text, value: (value) => value };
  const text = (input: string): string => {
    let out = input;
    for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  };
  const value = <T>(input: T): T => {
    if (typeof input === 'string') return text(input) as T;
    if (!input || typeof input !== 'object' || !containsSecret(input, secrets)) return input;
    return structuredRedact(input, text) as T;
  };
  return { text, value };
}

/** With an explicit stack: outputs may nest deeper than the call stack allows. */
function containsSecret(root: object, secrets: readonly string[]): boolean {
  const stack: unknown[] = [root];
  while (stack.length) {
    const item = stack.pop();
    if (typeof item === 'string') {
      for (const secret of secrets) if (item.includes(secret)) return true;
    } else if (item && typeof item === 'object') {
      for (const [key, child] of Object.entries(item)) stack.push(key, child);
    }
  }
  return false;
}

/** A copy with strings (keys included) redacted; only reached when a secret is known to be inside. */
function structuredRedact(value: unknown, text: (input: string) => string): unknown {
  if (typeof value === 'string') return text(value);
  if (Array.isArray(value)) return value.map((item) => structuredRedact(item, text));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [text(key), structuredRedact(child, text)]));
  }
  return value;
}
