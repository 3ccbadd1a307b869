import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ENGINE_EXTERNALS } from '../build.ts';

const repo = join(import.meta.dirname, '../../..');
const require = createRequire(import.meta.url);

interface BuilderConfig {
  appId: string;
  productName: string;
  directories: { app: string; output: string };
  files: string[];
  asar: boolean;
  asarUnpack: string[];
  extraResources: { from: string; to: string }[];
  fileAssociations: { ext: string; name: string; role?: string }[];
  icon: string;
  linux: { target: string[] };
  mac: { target: string[] };
  win: { target: string[] };
}

async function config(): Promise<BuilderConfig> {
  return parse(await readFile(join(repo, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
}

describe('electron-builder.yml', () => {
  // Loading electron-builder and its schema takes seconds, more beside the desktop's browser test.
  it('[desktop.Y1] parses, and electron-builder’s own schema accepts it', async () => {
    const { validateConfiguration } = require(join(repo, 'node_modules/app-builder-lib/out/util/config/config.js')) as {
      validateConfiguration(config: unknown, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = require(join(repo, 'node_modules/builder-util')) as {
      DebugLogger: new (enabled: boolean) => unknown;
    };
    await expect(validateConfiguration(await config(), new DebugLogger(false))).resolves.toBeUndefined();
  }, 30_000);

  it('[desktop.Y2] packages for what DESIGN.md names: Linux AppImage and deb, macOS dmg, Windows nsis', async () => {
    const design = await readFile(join(repo, '../shared/DESIGN.md'), 'utf8').catch(() => '');
    const line = design.split('\n').find((l) => l.startsWith('electron-builder.yml'));
    const named = line ? ['AppImage', 'deb', 'dmg', 'nsis'].filter((t) => line.includes(t)) : ['AppImage', 'deb', 'dmg', 'nsis'];
    expect(named).toEqual(['AppImage', 'deb', 'dmg', 'nsis']);
    const c = await config();
    const targets = [...c.linux.target, ...c.mac.target, ...c.win.target];
    for (const target of named) expect(targets).toContain(target);
    expect(c.appId).toMatch(/^[a-z]+(\.[a-z]+)+$/);
    expect(c.productName).toBe('Adloom');
  });

  it('[desktop.Y3] bundles the editor build, the examples, and the app’s three bundles', async () => {
    const c = await config();
    expect(c.directories.app).toBe('apps/desktop');
    expect(c.extraResources).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ from: 'apps/editor/dist', to: 'editor' }),
        expect.objectContaining({ from: 'examples', to: 'examples' }),
      ]),
    );
    expect(c.files).toEqual(
      expect.arrayContaining(['package.json', 'dist/main.mjs', 'dist/engine-child.mjs', 'dist/preload.cjs']),
    );
    const desktopPackage = JSON.parse(await readFile(join(repo, 'apps/desktop/package.json'), 'utf8')) as { main: string };
    expect(c.files).toContain(desktopPackage.main);
  });

  it('[desktop.Y4] unpacks the engine and its native and file-read modules from the asar archive', async () => {
    const c = await config();
    expect(c.asar).toBe(true);
    expect(c.asarUnpack).toContain('dist/engine-child.mjs');
    for (const name of [...ENGINE_EXTERNALS, '@img']) {
      expect(
        c.asarUnpack.some((p) => p.includes(`node_modules/${name}/`)),
        name,
      ).toBe(true);
    }
    // sharp's own plain dependencies must sit beside it outside the archive.
    const sharp = JSON.parse(await readFile(join(repo, 'node_modules/sharp/package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    for (const dependency of Object.keys(sharp.dependencies)) {
      const top = dependency.startsWith('@') ? dependency.split('/')[0] : dependency;
      expect(
        c.asarUnpack.some((p) => p.includes(`node_modules/${top}/`)),
        dependency,
      ).toBe(true);
    }
  });

  it('[desktop.Y5] associates .adloom.json files with the app, and has an icon source', async () => {
    const c = await config();
    expect(c.fileAssociations).toEqual([expect.objectContaining({ ext: 'adloom.json', name: 'Adloom graph', role: 'Editor' })]);
    expect(c.icon).toBe('apps/desktop/dist/icon.png');
    expect(await readFile(join(repo, 'apps/desktop/resources/icon.svg'), 'utf8')).toContain('<svg');
  });

  it('[desktop.Y6] documents how to ship ffmpeg, and `npm run dist` packages for the current platform', async () => {
    expect(await readFile(join(repo, 'electron-builder.yml'), 'utf8')).toMatch(/FFMPEG_PATH[\s\S]*vendor\/ffmpeg/);
    const rootPackage = JSON.parse(await readFile(join(repo, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(rootPackage.scripts.dist).toMatch(
      /build -w @adloom\/editor.*build -w @adloom\/desktop.*electron-builder --config electron-builder\.yml/,
    );
    expect(rootPackage.scripts.dist).not.toMatch(/--(linux|mac|win)\b/);
  });
});
