import { chmod, readFile } from 'node:fs/promises';
import { writeFileAtomic } from '@adloom/engine';
import { HostError } from '@adloom/host';
import type { SecretStorage } from '@adloom/host/service';

/** Electron's `safeStorage`, as the store uses it (a small interface, so tests use a real cipher under Node). */
export interface SecretCipher {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux: `basic_text`, `gnome_libsecret`, `kwallet`…; elsewhere the OS store. */
  getSelectedStorageBackend(): string;
}

interface SecretsFile {
  adloomSecrets: 1;
  /** base64 of the cipher's output, by environment variable name. */
  values: Record<string, string>;
}

export interface SecretStoreOptions {
  /** `secrets.json` in the user data folder. */
  file: string;
  cipher: SecretCipher;
  platform?: NodeJS.Platform;
  /** Where a secret that no longer decrypts is reported (by name, never value). */
  warn?: (message: string) => void;
}

/**
 * API keys at rest: encrypted with the OS keychain through `safeStorage`, persisted in the user
 * data folder, decrypted only in main and only when a run needs them. Nothing here returns a
 * value except `decryptAll`, which main hands to the engine for one run.
 */
export class SecretStore implements SecretStorage {
  private readonly file: string;
  private readonly cipher: SecretCipher;
  private readonly platform: NodeJS.Platform;
  private readonly warn: (message: string) => void;
  private writes: Promise<unknown> = Promise.resolve();

  constructor(options: SecretStoreOptions) {
    this.file = options.file;
    this.cipher = options.cipher;
    this.platform = options.platform ?? process.platform;
    this.warn = options.warn ?? ((message) => console.warn(message));
  }

  private async read(): Promise<SecretsFile> {
    try {
      const parsed = JSON.parse(await readFile(this.file, 'utf8')) as Partial<SecretsFile>;
      if (parsed.adloomSecrets === 1 && parsed.values && typeof parsed.values === 'object') {
        return { adloomSecrets: 1, values: { ...parsed.values } };
      }
    } catch {
      // none stored yet, or unreadable: no secrets
    }
    return { adloomSecrets: 1, values: {} };
  }

  /** The names that hold a stored value. */
  async storedNames(): Promise<Set<string>> {
    return new Set(Object.keys((await this.read()).values));
  }

  /** Stores (or, with an empty value, removes) a secret. */
  set(name: string, value: string): Promise<void> {
    const write = this.writes.then(async () => {
      const file = await this.read();
      if (value) {
        if (!this.cipher.isEncryptionAvailable()) {
          throw new HostError(
            500,
            `this system offers no encrypted storage for keys, so ${name} was not saved: set ${name} in the environment Adloom starts from instead`,
          );
        }
        file.values[name] = this.cipher.encryptString(value).toString('base64');
      } else {
        delete file.values[name];
      }
      await writeFileAtomic(this.file, `${JSON.stringify(file, null, 2)}\n`);
      if (this.platform !== 'win32') await chmod(this.file, 0o600).catch(() => undefined);
    });
    this.writes = write.catch(() => undefined);
    return write;
  }

  /** Every stored secret in clear, for the environment of one run. Main only; never sent to a window. */
  async decryptAll(): Promise<Record<string, string>> {
    const { values } = await this.read();
    const out: Record<string, string> = {};
    for (const [name, encrypted] of Object.entries(values)) {
      try {
        out[name] = this.cipher.decryptString(Buffer.from(encrypted, 'base64'));
      } catch {
        this.warn(`Adloom: the stored ${name} can no longer be decrypted (the keychain changed?); set it again in Settings`);
      }
    }
    return out;
  }

  /** A warning to show when keys would not really be encrypted (Linux without a keyring), else null. */
  storageWarning(): string | null {
    if (this.platform !== 'linux') return null;
    if (this.cipher.getSelectedStorageBackend() !== 'basic_text') return null;
    return (
      'No system keyring was found, so Electron stores API keys with its basic_text backend: obfuscated with a fixed key, ' +
      'not truly encrypted. Install and unlock a keyring (GNOME Keyring or KWallet), or set the keys in the environment instead.'
    );
  }
}
