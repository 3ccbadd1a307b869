import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appLocations, defaultWorkspace, engineEnvironment } from './app-paths.ts';
import { installedElectron } from './electron-binary.ts';

describe('where the app finds its parts', () => {
  it('[desktop.P1] in development: the editor build beside it, the repo examples', () => {
    const at = appLocations({ isPackaged: false, appPath: '/repo/apps/desktop', resourcesPath: '/x' });
    expect(at).toEqual({
      editorDir: '/repo/apps/editor/dist',
      examplesDir: '/repo/examples',
      preload: '/repo/apps/desktop/dist/preload.cjs',
      engineChild: '/repo/apps/desktop/dist/engine-child.mjs',
      icon: '/repo/apps/desktop/dist/icon.png',
    });
  });

  it('[desktop.P2] packaged: editor and examples as resources, the engine child unpacked beside the archive', () => {
    const at = appLocations({
      isPackaged: true,
      appPath: '/opt/Adloom/resources/app.asar',
      resourcesPath: '/opt/Adloom/resources',
    });
    expect(at.editorDir).toBe('/opt/Adloom/resources/editor');
    expect(at.examplesDir).toBe('/opt/Adloom/resources/examples');
    expect(at.preload).toBe('/opt/Adloom/resources/app.asar/dist/preload.cjs');
    expect(at.engineChild).toBe('/opt/Adloom/resources/app.asar.unpacked/dist/engine-child.mjs');
  });

  it('[desktop.P3] uses ADLOOM_WORKSPACE, else Documents/Adloom', () => {
    expect(defaultWorkspace({}, '/home/ana/Documents')).toBe('/home/ana/Documents/Adloom');
    expect(defaultWorkspace({ ADLOOM_WORKSPACE: '/data/ads' }, '/home/ana/Documents')).toBe('/data/ads');
  });

  it('[desktop.P4] points the engine at a bundled ffmpeg only when one is shipped and FFMPEG_PATH is unset', () => {
    const shipped = (path: string) => path.includes('/resources/ffmpeg/');
    expect(engineEnvironment({ PATH: '/usr/bin' }, '/r/resources', 'linux', shipped)).toMatchObject({
      FFMPEG_PATH: '/r/resources/ffmpeg/ffmpeg',
      FFPROBE_PATH: '/r/resources/ffmpeg/ffprobe',
    });
    expect(engineEnvironment({ FFMPEG_PATH: '/mine/ffmpeg' }, '/r/resources', 'linux', shipped).FFMPEG_PATH).toBe('/mine/ffmpeg');
    expect(engineEnvironment({}, '/r/resources', 'linux', () => false).FFMPEG_PATH).toBeUndefined();
    expect(engineEnvironment({}, undefined, 'linux', shipped).FFMPEG_PATH).toBeUndefined();
    expect(engineEnvironment({}, 'C:\\A\\resources', 'win32', () => true).FFMPEG_PATH).toMatch(/ffmpeg\.exe$/);
    expect(engineEnvironment({ ELECTRON_RUN_AS_NODE: '1' }, undefined)).not.toHaveProperty('ELECTRON_RUN_AS_NODE');
  });
});

describe('npm start: is Electron installed?', () => {
  it('[desktop.E7] needs path.txt and the binary it names; this machine has neither binary', async () => {
    const root = await mkdtemp(join(tmpdir(), 'adloom-electron-'));
    const dir = join(root, 'node_modules', 'electron');
    await mkdir(join(dir, 'dist'), { recursive: true });
    expect(installedElectron(root)).toBeNull();
    await writeFile(join(dir, 'path.txt'), 'electron');
    expect(installedElectron(root)).toBeNull();
    await writeFile(join(dir, 'dist', 'electron'), '');
    expect(installedElectron(root)).toBe(join(dir, 'dist', 'electron'));
    expect(installedElectron(join(import.meta.dirname, '../../..'))).toBeNull();
  });
});
