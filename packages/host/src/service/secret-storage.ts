/**
 * Where a host keeps the secrets the user gave it. Nothing here returns a value except
 * `decryptAll`, which the host service hands to one run's environment, and nowhere else.
 */
export interface SecretStorage {
  /** The names that hold a stored value. */
  storedNames(): Promise<Set<string>>;
  /** Stores (or, with an empty value, removes) a secret. */
  set(name: string, value: string): Promise<void>;
  /** Every stored secret in clear, for the environment of one run. */
  decryptAll(): Promise<Record<string, string>>;
}

/**
 * Secrets in this process's memory only (`adloom serve`): gone when it stops, never on disk.
 * Keys meant to last belong in the environment the server starts in.
 */
export class MemorySecrets implements SecretStorage {
  private readonly values = new Map<string, string>();

  async storedNames(): Promise<Set<string>> {
    return new Set(this.values.keys());
  }

  async set(name: string, value: string): Promise<void> {
    if (value) this.values.set(name, value);
    else this.values.delete(name);
  }

  async decryptAll(): Promise<Record<string, string>> {
    return Object.fromEntries(this.values);
  }
}
