import { describe, expect, it } from 'vitest';
import { secureWebPreferences } from './web-preferences.ts';

describe('editor windows', () => {
  it('[desktop.S2] are isolated and sandboxed, with no Node in the page, its workers or its frames, and web security on', () => {
    expect(secureWebPreferences('/app/dist/preload.cjs')).toMatchObject({
      preload: '/app/dist/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});
