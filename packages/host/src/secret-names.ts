import type { Catalog } from '@adloom/graph';

/** Secrets every host may hold, by environment variable name: the built-in providers' keys. */
export const SECRET_NAMES = ['OPENAI_API_KEY', 'COMPATIBLE_API_KEY'] as const;

/** What a secret's name looks like: an environment variable a provider reads. */
export const SECRET_NAME = /^[A-Z][A-Z0-9_]*$/;

/** A secret a host may hold: its name, and for a pack's own, what it is for. */
export interface SecretName {
  name: string;
  description?: string;
}

interface PackSecrets {
  secrets?: readonly { name?: unknown; description?: unknown }[];
}

/**
 * [host.S1] The secrets a host holds: the built-in names, then those the catalog's packs
 * declare (`secrets` on a pack), each once. A declared name that is not an environment
 * variable's (`/^[A-Z][A-Z0-9_]*$/`) is left out: a pack cannot name `PATH` into a run's
 * environment through lower-case tricks, nor anything that is not a variable at all.
 */
export function secretNamesOf(catalog: Pick<Catalog, 'packs'> | undefined): SecretName[] {
  const out: SecretName[] = SECRET_NAMES.map((name) => ({ name }));
  const seen = new Set<string>(SECRET_NAMES);
  for (const pack of catalog?.packs ?? []) {
    for (const secret of (pack as PackSecrets).secrets ?? []) {
      if (typeof secret?.name !== 'string' || !SECRET_NAME.test(secret.name) || seen.has(secret.name)) continue;
      seen.add(secret.name);
      out.push({
        name: secret.name,
        ...(typeof secret.description === 'string' ? { description: secret.description } : {}),
      });
    }
  }
  return out;
}
