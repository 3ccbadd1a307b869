import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aesGcmCipher } from '../test/aes-gcm-cipher.ts';
import { SecretStore } from './secret-store.ts';

const KEY = 'sk-test-4f1c9e2b7a6d5e8f0a1b2c3d';

async function storeIn(options: Partial<ConstructorParameters<typeof SecretStore>[0]> = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'adloom-secrets-'));
  const file = join(dir, 'secrets.json');
  return { file, store: new SecretStore({ file, cipher: aesGcmCipher(), platform: 'linux', ...options }) };
}

describe('SecretStore', () => {
  it('round-trips a key through the cipher and keeps only ciphertext on disk', async () => {
    const { file, store } = await storeIn();
    await store.set('OPENAI_API_KEY', KEY);
    expect(await store.storedNames()).toEqual(new Set(['OPENAI_API_KEY']));
    expect(await store.decryptAll()).toEqual({ OPENAI_API_KEY: KEY });
    const onDisk = await readFile(file, 'utf8');
    expect(onDisk).not.toContain(KEY);
    expect(onDisk).not.toContain(Buffer.from(KEY).toString('base64'));
    expect(JSON.parse(onDisk).values.OPENAI_API_KEY).toMatch(/^[A-Za-z0-9+/=]+$/);
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('persists across instances (the next start of the app reads it back)', async () => {
    const key = randomBytes(32);
    const { file, store } = await storeIn({ cipher: aesGcmCipher({ key }) });
    await store.set('COMPATIBLE_API_KEY', 'local-key');
    const again = new SecretStore({ file, cipher: aesGcmCipher({ key }) });
    expect(await again.decryptAll()).toEqual({ COMPATIBLE_API_KEY: 'local-key' });
  });

  it('removes a key set to the empty string', async () => {
    const { store } = await storeIn();
    await store.set('OPENAI_API_KEY', KEY);
    await store.set('OPENAI_API_KEY', '');
    expect(await store.storedNames()).toEqual(new Set());
    expect(await store.decryptAll()).toEqual({});
  });

  it('serialises concurrent writes: both keys are kept', async () => {
    const { store } = await storeIn();
    await Promise.all([store.set('OPENAI_API_KEY', 'a'), store.set('COMPATIBLE_API_KEY', 'b')]);
    expect(await store.decryptAll()).toEqual({ OPENAI_API_KEY: 'a', COMPATIBLE_API_KEY: 'b' });
  });

  it('refuses to store a key when no encryption is available, saying where else to put it', async () => {
    const { file, store } = await storeIn({ cipher: aesGcmCipher({ isAvailable: false }) });
    await expect(store.set('OPENAI_API_KEY', KEY)).rejects.toMatchObject({
      status: 500,
      message: expect.stringContaining('set OPENAI_API_KEY in the environment'),
    });
    await expect(readFile(file, 'utf8')).rejects.toThrow();
  });

  it('skips a key that no longer decrypts (another keychain), naming it but never its value', async () => {
    const { file, store } = await storeIn();
    await store.set('OPENAI_API_KEY', KEY);
    const warnings: string[] = [];
    const other = new SecretStore({ file, cipher: aesGcmCipher(), warn: (m) => warnings.push(m) });
    expect(await other.decryptAll()).toEqual({});
    expect(warnings).toEqual([expect.stringContaining('OPENAI_API_KEY')]);
    expect(warnings.join()).not.toContain(KEY);
  });

  it('[desktop.S1] warns on Linux when safeStorage falls back to basic_text, and only then', async () => {
    const basic = (await storeIn({ cipher: aesGcmCipher({ backend: 'basic_text' }), platform: 'linux' })).store;
    expect(basic.storageWarning()).toMatch(/basic_text.*not truly encrypted/);
    expect((await storeIn({ cipher: aesGcmCipher({ backend: 'gnome_libsecret' }) })).store.storageWarning()).toBeNull();
    expect(
      (await storeIn({ cipher: aesGcmCipher({ backend: 'basic_text' }), platform: 'darwin' })).store.storageWarning(),
    ).toBeNull();
  });
});
