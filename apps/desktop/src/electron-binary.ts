import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The Electron executable `npm start` can launch, or null when its binary was never
 * downloaded (node_modules/electron/path.txt and the file it names under dist/ must both
 * exist). Reads the files itself: requiring 'electron' would try to download the binary.
 */
export function installedElectron(root: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const dir = join(root, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const executable = readFileSync(pathFile, 'utf8').trim();
  if (!executable) return null;
  const binary = env.ELECTRON_OVERRIDE_DIST_PATH
    ? join(env.ELECTRON_OVERRIDE_DIST_PATH, executable)
    : join(dir, 'dist', executable);
  return existsSync(binary) ? binary : null;
}
