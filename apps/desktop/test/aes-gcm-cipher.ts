import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretCipher } from '../src/secret-store.ts';

/** A real cipher behind the SecretCipher interface: AES-256-GCM with a random key, as safeStorage does with the OS's key. */
export function aesGcmCipher(options: { backend?: string; isAvailable?: boolean; key?: Buffer } = {}): SecretCipher {
  const key = options.key ?? randomBytes(32);
  return {
    isEncryptionAvailable: () => options.isAvailable ?? true,
    encryptString(plainText) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString(encrypted) {
      const decipher = createDecipheriv('aes-256-gcm', key, encrypted.subarray(0, 12));
      decipher.setAuthTag(encrypted.subarray(12, 28));
      return Buffer.concat([decipher.update(encrypted.subarray(28)), decipher.final()]).toString('utf8');
    },
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
  };
}
