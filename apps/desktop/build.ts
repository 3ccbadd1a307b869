// Builds apps/desktop/dist: main.mjs (Electron main), engine-child.mjs (the engine's utility
// process, node packs included), preload.cjs (one CommonJS file requiring only `electron`) and
// icon.png (from resources/icon.svg). `npm run build -w @adloom/desktop`; `npm run dist` runs it.
import { rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { build, defaultServerConditions, type InlineConfig } from 'vite';

const here = import.meta.dirname;
const src = join(here, 'src');

/**
 * Modules the engine bundle leaves to node_modules: sharp loads a native binary, and the font
 * package is read as files at run time (require.resolve); electron-builder ships both, unpacked.
 */
export const ENGINE_EXTERNALS = ['sharp', '@expo-google-fonts/inter'] as const;

const isBuiltin = (id: string) => id.startsWith('node:') || builtinModules.includes(id);
const isUnder = (id: string, names: readonly string[]) => names.some((name) => id === name || id.startsWith(`${name}/`));

function nodeBundle(entry: string, name: string, outDir: string, externals: readonly string[]): InlineConfig {
  return {
    configFile: false,
    root: here,
    logLevel: 'warn',
    publicDir: false,
    // The workspace packages' sources (their "adloom-source" export), never a build left in dist/.
    ssr: { noExternal: true, target: 'node', resolve: { conditions: ['adloom-source', ...defaultServerConditions] } },
    build: {
      ssr: true,
      outDir,
      emptyOutDir: false,
      target: 'node22',
      minify: false,
      sourcemap: true,
      reportCompressedSize: false,
      rolldownOptions: {
        input: { [name]: entry },
        external: (id: string) => isBuiltin(id) || isUnder(id, externals),
        output: { format: 'esm', entryFileNames: '[name].mjs', codeSplitting: false },
      },
    },
  };
}

/** The preload: one CommonJS file for a sandboxed renderer, requiring nothing but `electron`. */
export async function buildPreload(outDir: string): Promise<string> {
  await build({
    configFile: false,
    root: here,
    logLevel: 'warn',
    publicDir: false,
    build: {
      outDir,
      emptyOutDir: false,
      target: 'chrome140',
      minify: false,
      sourcemap: false,
      reportCompressedSize: false,
      lib: { entry: join(src, 'preload.ts'), formats: ['cjs'], fileName: () => 'preload.cjs' },
      rolldownOptions: { external: ['electron'], output: { codeSplitting: false } },
    },
  });
  return join(outDir, 'preload.cjs');
}

/** Electron's main process. */
export async function buildMain(outDir: string): Promise<string> {
  await build(nodeBundle(join(src, 'main.ts'), 'main', outDir, ['electron']));
  return join(outDir, 'main.mjs');
}

/** The engine's process, with the node packs bundled in. */
export async function buildEngineChild(outDir: string): Promise<string> {
  await build(nodeBundle(join(src, 'engine-child.ts'), 'engine-child', outDir, ENGINE_EXTERNALS));
  return join(outDir, 'engine-child.mjs');
}

/** The app icon, 1024 px (electron-builder makes .icns and .ico from it). */
export async function buildIcon(outDir: string): Promise<string> {
  const out = join(outDir, 'icon.png');
  await sharp(join(here, 'resources', 'icon.svg'), { density: 300 })
    .resize(1024, 1024)
    .png()
    .toFile(out);
  return out;
}

export async function buildDesktop(outDir = join(here, 'dist')): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
  await buildPreload(outDir);
  await buildMain(outDir);
  await buildEngineChild(outDir);
  await buildIcon(outDir);
}

if (import.meta.main) {
  const outDir = resolve(process.argv[2] ?? join(here, 'dist'));
  await buildDesktop(outDir);
  console.log(`Built the desktop app into ${outDir}`);
}
