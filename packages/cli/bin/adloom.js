#!/usr/bin/env node
// The `adloom` command. Installed from a package it runs the build (../dist). In a checkout of
// the repository (../src is here) it runs the sources, always: every workspace package then
// resolves through its "adloom-source" export condition, so no one has to rebuild after an
// edit and no stale build ever runs. ADLOOM_BUILT=1 runs the build instead (bench:startup).
// When an older Node starts this file (a bare `node` on PATH), hand over to the project's
// pinned one.
import { existsSync, realpathSync } from 'node:fs';
// As a namespace: an older Node, which has neither, must still reach the hand-over below.
import * as nodeModule from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(realpathSync(fileURLToPath(import.meta.url)));
const fromSources = existsSync(join(here, '../src/main.ts')) && process.env.ADLOOM_BUILT !== '1';

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  let dir = here;
  let pinned;
  while (!pinned) {
    const candidate = join(dir, 'node_modules', '.bin', 'node');
    if (existsSync(candidate)) pinned = candidate;
    else if (dirname(dir) === dir) break;
    else dir = dirname(dir);
  }
  if (!pinned) {
    console.error(`adloom needs Node.js 24 or newer (this is ${process.version}); run \`npm install\` in the project first`);
    process.exit(2);
  }
  // Imported here only: node:child_process (and the net stack under it) costs every start.
  const { spawnSync } = await import('node:child_process');
  const child = spawnSync(pinned, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}

if (fromSources) {
  // A pack's package.json names its built entry (dist/x.js); in the checkout that is src/x.ts.
  const repo = join(here, '../../..');
  const built = /^(.*\/(?:packages|nodes)\/[^/]+\/)dist\/(.*)\.js$/;
  const sourceOf = (specifier) => {
    if (!specifier.startsWith('file:')) return specifier;
    const match = built.exec(fileURLToPath(specifier));
    if (!match?.[1]?.startsWith(`${repo}/`)) return specifier;
    const source = `${match[1]}src/${match[2]}.ts`;
    return existsSync(source) ? pathToFileURL(source).href : specifier;
  };
  nodeModule.registerHooks({
    resolve: (specifier, context, nextResolve) =>
      nextResolve(sourceOf(specifier), { ...context, conditions: [...context.conditions, 'adloom-source'] }),
  });
}

// V8 keeps the compiled build on disk (Node's compile cache), so the next start skips compiling it.
if (!fromSources) nodeModule.enableCompileCache?.();
// The build's adloom.mjs bundles what validate and nodes load (scripts/build.ts); main.js is tsc's.
const entry = existsSync(join(here, '../dist/adloom.mjs')) ? '../dist/adloom.mjs' : '../dist/main.js';
const { main } = fromSources ? await import('../src/main.ts') : await import(entry);
process.exitCode = await main(process.argv.slice(2));
