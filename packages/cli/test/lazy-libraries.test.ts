import { spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { root } from './run-adloom.ts';

/**
 * Loads the built-in packs as `adloom run` does at start, in a Node of its own, and prints every
 * module it loaded (a load hook sees ES modules, require() and built-ins alike) with the node types.
 */
const script = `
import { registerHooks } from 'node:module';
const loaded = [];
registerHooks({ load: (url, context, nextLoad) => (loaded.push(url), nextLoad(url, context)) });
const { loadRegistry } = await import(${JSON.stringify(pathToFileURL(join(root, 'packages/cli/src/load-registry.ts')).href)});
const registry = await loadRegistry({ workspace: process.cwd(), cwd: process.cwd() });
console.log(JSON.stringify({ loaded, types: Object.keys(registry.catalog().nodes) }));
`;

/** The libraries a node loads when it first needs them, by where their files lie. */
const HEAVY = {
  openai: /\/node_modules\/openai\//,
  'csv-parse': /\/node_modules\/csv-parse\//,
  sharp: /\/node_modules\/(?:@img\/)?sharp/,
  'ffprobe probing': /\/packages\/specs\/(?:src\/probe\.ts|dist\/probe\.js)$/,
  // Spawning ffmpeg is the video pack's; listing its nodes needs no process of its own.
  'node:child_process': /^node:child_process$/,
};

describe('the built-in packs at start', () => {
  it('[packs.L1] load no openai, csv-parse, sharp, ffprobe probing or node:child_process until a node needs them', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'adloom-lazy-'));
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, ADLOOM_PACKS: '' },
      timeout: 60_000,
    });
    expect(child.status, child.stderr).toBe(0);
    const { loaded, types } = JSON.parse(child.stdout) as { loaded: string[]; types: string[] };
    // The packs did load, and the hook saw their files.
    expect(types).toEqual(expect.arrayContaining(['llm.adCopy', 'llm.generate', 'image.generate', 'ab.compare']));
    expect(loaded.some((url) => url.includes('/nodes/text/src/ad-copy.ts'))).toBe(true);
    const found = Object.entries(HEAVY).flatMap(([name, where]) => (loaded.some((url) => where.test(url)) ? [name] : []));
    expect(found).toEqual([]);
  });
});
