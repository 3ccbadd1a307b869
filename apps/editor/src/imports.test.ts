import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

// [editor.I1] The editor runs in a browser and in Electron's sandboxed renderer: it may import
// only browser-safe code. Of Adloom's packages that is `@adloom/graph` and the contract entry of
// `@adloom/host`; it learns everything else (the node catalog, runs, files) from its Host.

const EDITOR_SRC = import.meta.dirname;
const HOST_SRC = resolve(EDITOR_SRC, '../../../packages/host/src');

/** Every module a source text names: static imports and re-exports, side-effect imports, dynamic imports. */
function importsOf(text: string): { specifier: string; isTypeOnly: boolean }[] {
  const out: { specifier: string; isTypeOnly: boolean }[] = [];
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  for (const match of code.matchAll(/\b(import|export)\s+(type\s+)?(?:[\w*{}\s,$]*?\s+from\s+)?['"]([^'"]+)['"]/g)) {
    out.push({ specifier: match[3] as string, isTypeOnly: !!match[2] });
  }
  for (const match of code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    out.push({ specifier: match[1] as string, isTypeOnly: false });
  }
  return out;
}

const BROWSER_SAFE_ADLOOM = /^@adloom\/(graph(\/[\w-]+)?|host)$/;
const NODE_ONLY_PACKAGES = ['sharp', 'electron', 'openai', 'bullmq', 'ioredis'];

/** Why a module is Node-only, or undefined when the editor may import it. */
function nodeOnlyReason(specifier: string, fromFile: string, root: string): string | undefined {
  if (specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0] as string)) {
    return 'a Node built-in';
  }
  if (specifier.startsWith('@adloom/') && !BROWSER_SAFE_ADLOOM.test(specifier)) {
    return 'an Adloom package with Node code (the editor imports only @adloom/graph and @adloom/host)';
  }
  if (NODE_ONLY_PACKAGES.some((name) => specifier === name || specifier.startsWith(`${name}/`))) return 'a Node-only package';
  if (specifier.startsWith('.')) {
    const target = relative(root, resolve(dirname(fromFile), specifier));
    if (target.startsWith('..')) return `a file outside ${relative(resolve(root, '../../..'), root)}`;
  }
  return undefined;
}

function sourceFiles(root: string, skip: (path: string) => boolean = () => false): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((path) => !skip(path));
}

function violations(files: string[], root: string, options: { valueImportsOnly: boolean }): string[] {
  const out: string[] = [];
  for (const file of files) {
    for (const { specifier, isTypeOnly } of importsOf(readFileSync(file, 'utf8'))) {
      if (options.valueImportsOnly && isTypeOnly) continue;
      const reason = nodeOnlyReason(specifier, file, root);
      if (reason) out.push(`${relative(root, file)} imports "${specifier}": ${reason}`);
    }
  }
  return out;
}

describe('the editor imports nothing Node-only', () => {
  it('[editor.I1] no editor source file imports node:*, the engine, the server, the host service, sharp, electron or a pack', () => {
    const files = sourceFiles(EDITOR_SRC);
    expect(files.length).toBeGreaterThan(20);
    expect(violations(files, EDITOR_SRC, { valueImportsOnly: false })).toEqual([]);
  });

  it("[editor.I2] @adloom/host's contract entry imports nothing Node-only at run time (types are erased)", () => {
    const files = sourceFiles(HOST_SRC, (path) => path.includes(`${sep}service${sep}`));
    expect(files.map((file) => relative(HOST_SRC, file))).toContain('index.ts');
    const found = violations(files, HOST_SRC, { valueImportsOnly: true }).filter(
      // The artifact shape is the SDK's own browser-safe module, not its index (which hashes with node:crypto).
      (line) => !line.includes('"@adloom/sdk/artifact"'),
    );
    expect(found).toEqual([]);
  });

  it('[editor.I3] the check catches each kind of Node-only import', () => {
    const sample = [
      "import { readFile } from 'node:fs/promises';",
      "import path from 'path';",
      "import type { RunEvent } from '@adloom/engine';",
      "export { startServer } from '@adloom/server';",
      "import { HostService } from '@adloom/host/service';",
      "const sharp = await import('sharp');",
      "import { ipcRenderer } from 'electron';",
      "import { pack } from '@adloom/nodes-image';",
      "import { x } from '../../../desktop/src/channels.ts';",
      "import { type Host, HostError } from '@adloom/host';",
      "import { validateGraph } from '@adloom/graph';",
      "import { artifactExtension } from '@adloom/graph/media-types';",
      "import { create } from 'zustand';",
    ].join('\n');
    const file = join(EDITOR_SRC, 'app', 'sample.ts');
    const flagged = importsOf(sample)
      .filter(({ specifier }) => nodeOnlyReason(specifier, file, EDITOR_SRC))
      .map(({ specifier }) => specifier);
    expect(flagged).toEqual([
      'node:fs/promises',
      'path',
      '@adloom/engine',
      '@adloom/server',
      '@adloom/host/service',
      'electron',
      '@adloom/nodes-image',
      '../../../desktop/src/channels.ts',
      'sharp',
    ]);
  });
});
