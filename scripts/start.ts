// `npm start`: builds what is missing or stale, then opens the editor. The desktop shell is
// used where Electron's binary is installed; elsewhere the browser host starts and prints its URL.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const editor = join(root, 'apps/editor');
const built = join(editor, 'dist/index.html');

/** Newest modification time of the files under a folder. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) latest = Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

const sources = [join(editor, 'src'), join(root, 'packages/graph/src')].filter(existsSync);
const stale = !existsSync(built) || sources.some((dir) => newest(dir) > statSync(built).mtimeMs);
if (stale && existsSync(join(editor, 'index.html'))) {
  console.log('Building the editor…');
  const build = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: editor,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const workspace = resolve(process.env.ADLOOM_WORKSPACE ?? join(root, 'workspace'));
mkdirSync(workspace, { recursive: true });
console.log('Starting the browser host (the desktop shell is not part of this build).');
const args = [join(root, 'packages/cli/bin/adloom.js'), 'serve', '--workspace', workspace, '--open', ...process.argv.slice(2)];
const serve = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(serve.status ?? 0);
