import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where the app finds its parts, in development (apps/desktop) and packaged (resources/app.asar). */
export interface AppLocations {
  /** The built editor. */
  editorDir: string;
  /** The bundled example graphs. */
  examplesDir: string;
  preload: string;
  /** The engine child bundle: outside the asar archive when packaged, so it and its native modules load from disk. */
  engineChild: string;
  icon: string;
}

export interface AppPlace {
  isPackaged: boolean;
  /** Electron's app.getAppPath(): apps/desktop in development, resources/app.asar packaged. */
  appPath: string;
  /** process.resourcesPath. */
  resourcesPath: string;
}

export function appLocations(place: AppPlace): AppLocations {
  const dist = join(place.appPath, 'dist');
  if (!place.isPackaged) {
    return {
      editorDir: resolve(place.appPath, '../editor/dist'),
      examplesDir: resolve(place.appPath, '../../examples'),
      preload: join(dist, 'preload.cjs'),
      engineChild: join(dist, 'engine-child.mjs'),
      icon: join(dist, 'icon.png'),
    };
  }
  const unpacked = place.appPath.endsWith('.asar') ? `${place.appPath}.unpacked` : place.appPath;
  return {
    editorDir: join(place.resourcesPath, 'editor'),
    examplesDir: join(place.resourcesPath, 'examples'),
    preload: join(dist, 'preload.cjs'),
    engineChild: join(unpacked, 'dist', 'engine-child.mjs'),
    icon: join(dist, 'icon.png'),
  };
}

/** The workspace the editor's relative paths live in: `ADLOOM_WORKSPACE`, else Documents/Adloom. */
export function defaultWorkspace(env: NodeJS.ProcessEnv, documentsDir: string): string {
  return resolve(env.ADLOOM_WORKSPACE || join(documentsDir, 'Adloom'));
}

/**
 * The engine's environment: main's own, plus a bundled ffmpeg when the package carries one
 * (resources/ffmpeg/, see electron-builder.yml) and `FFMPEG_PATH` does not already name one.
 * ffmpeg is otherwise found as the CLI finds it: `FFMPEG_PATH`, then `PATH`.
 */
export function engineEnvironment(
  env: NodeJS.ProcessEnv,
  resourcesPath: string | undefined,
  platform: NodeJS.Platform = process.platform,
  exists: (path: string) => boolean = existsSync,
): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env };
  // Electron's own switches are not for the engine.
  delete out.ELECTRON_RUN_AS_NODE;
  if (!resourcesPath || env.FFMPEG_PATH) return out;
  const exe = platform === 'win32' ? '.exe' : '';
  const ffmpeg = join(resourcesPath, 'ffmpeg', `ffmpeg${exe}`);
  const ffprobe = join(resourcesPath, 'ffmpeg', `ffprobe${exe}`);
  if (exists(ffmpeg)) {
    out.FFMPEG_PATH = ffmpeg;
    if (!env.FFPROBE_PATH && exists(ffprobe)) out.FFPROBE_PATH = ffprobe;
  }
  return out;
}
