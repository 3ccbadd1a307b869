#!/usr/bin/env node
// The `adloom` command. Adloom runs its TypeScript sources directly on Node 24; when an
// older Node starts this file (a bare `node` on PATH), hand over to the project's pinned one.
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  let dir = dirname(realpathSync(fileURLToPath(import.meta.url)));
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
  const child = spawnSync(pinned, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}

const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
