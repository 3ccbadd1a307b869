// `npm run build` (and `npm install`, through prepare): every package's dist/ by tsc, then
// packages/cli/dist/adloom.mjs, what the installed `adloom` starts. A type error is reported and
// the build goes on: `npm run check` is where type errors fail.
//
// Node pays for every module file it loads (resolve, read, compile), and the graph package with
// zod is 120 files: bundled into one, `adloom validate` and `adloom nodes` start 4 to 5 times
// faster. Only the commands that read the catalog go in; every other command module, the
// engine (which loads packs and must be the one they see) and the rest of node_modules stay as
// tsc built them, imported from beside the bundle.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { build } from 'rolldown';

const root = resolve(import.meta.dirname, '..');
const dist = join(root, 'packages/cli/dist');

const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
if (tsc.status !== 0) console.warn('adloom: the build has type errors (npm run check names them); dist/ is written all the same');

/** The modules copied into the bundle: the catalog readers, the graph package and what it imports. */
const INLINE_FILES = [
  'main.js',
  'validate-command.js',
  'nodes-command.js',
  'packs-command.js',
  'graph-file.js',
  'load-registry.js',
];
const INLINE_PACKAGES = ['@adloom/graph', 'zod'];

const isInlinePackage = (id: string) => INLINE_PACKAGES.some((name) => id === name || id.startsWith(`${name}/`));

await build({
  input: { adloom: join(dist, 'main.js') },
  platform: 'node',
  logLevel: 'warn',
  external: (id, importer) => {
    if (id.startsWith('node:')) return true;
    if (id.startsWith('.') && importer?.startsWith(dist)) {
      // usage-error.js stays shared: `instanceof UsageError` must hold for errors from either side.
      return !INLINE_FILES.includes(id.replace(/^\.\//, ''));
    }
    if (id.startsWith('.') || id.startsWith('/')) return false;
    return !isInlinePackage(id);
  },
  output: { dir: dist, format: 'esm', entryFileNames: '[name].mjs', chunkFileNames: 'adloom-[name].mjs' },
});
