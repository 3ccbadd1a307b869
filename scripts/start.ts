// `npm start`: builds what is missing or stale, then opens the editor. The desktop app starts
// where Electron's binary is installed; elsewhere (its download is not possible everywhere)
// one line says so and the browser host starts and prints its URL.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
const editor = join(root, 'apps/editor');
const desktop = join(root, 'apps/desktop');
const built = join(editor, 'dist/index.html');

/** Newest modification time of the files under a folder. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) latest = Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

/** Whether `output` is missing or older than any file under `sources`. */
function isStale(output: string, sources: string[]): boolean {
  if (!existsSync(output)) return true;
  const builtAt = statSync(output).mtimeMs;
  return sources.filter(existsSync).some((dir) => newest(dir) > builtAt);
}

function run(args: string[], cwd = root): void {
  const result = spawnSync(process.execPath, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (isStale(built, [join(editor, 'src'), join(root, 'packages/graph/src')]) && existsSync(join(editor, 'index.html'))) {
  console.log('Building the editor…');
  run([join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], editor);
}

const workspace = resolve(process.env.ADLOOM_WORKSPACE ?? join(root, 'workspace'));
mkdirSync(workspace, { recursive: true });

// Loaded by URL: the detection lives with the desktop app (and its tests), outside this project.
const { installedElectron } = (await import(pathToFileURL(join(desktop, 'src/electron-binary.ts')).href)) as {
  installedElectron(root: string): string | null;
};
const electron = installedElectron(root);

if (electron) {
  const sources = ['apps/desktop/src', 'packages/engine/src', 'packages/graph/src', 'packages/server/src'].map((dir) =>
    join(root, dir),
  );
  const packs = join(root, 'nodes');
  if (existsSync(packs)) for (const pack of readdirSync(packs)) sources.push(join(packs, pack, 'src'));
  if (isStale(join(desktop, 'dist/main.mjs'), sources)) {
    console.log('Building the desktop app…');
    run([join(desktop, 'build.ts')]);
  }
  const app = spawnSync(electron, [desktop, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, ADLOOM_WORKSPACE: workspace },
  });
  process.exit(app.status ?? 0);
}

console.log("Electron's binary is not installed (no node_modules/electron/dist), so the browser host starts instead.");
const args = [join(root, 'packages/cli/bin/adloom.js'), 'serve', '--workspace', workspace, '--open', ...process.argv.slice(2)];
const serve = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(serve.status ?? 0);
