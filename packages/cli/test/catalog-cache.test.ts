import { mkdir, mkdtemp, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runAdloom } from './run-adloom.ts';

let workspace: string;
let cacheDir: string;
/** The pack appends a line here each time it is imported: how a test sees that it loaded. */
let importLog: string;

const adloom = (...args: string[]) => runAdloom(args, workspace, { ADLOOM_CACHE_DIR: cacheDir, SHOUT_IMPORT_LOG: importLog });

/** A plain-JavaScript pack in the workspace with one node type, `shout.text`, whose params are `params`. */
async function writePack(params: string, extraNode = ''): Promise<void> {
  const dir = join(workspace, '.adloom', 'packs', 'shout');
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'shout', version: '1.0.0', type: 'module', adloom: { apiVersion: 1, pack: './index.js' } }),
  );
  await writeFile(
    join(dir, 'index.js'),
    `import { appendFileSync } from 'node:fs';
import { defineNode, z } from '@adloom/sdk';
appendFileSync(process.env.SHOUT_IMPORT_LOG, 'imported\\n');
const shout = defineNode({
  type: 'shout.text', version: 1, title: 'Shout', category: 'Text', description: 'Upper-cases a text.',
  inputs: [{ name: 'text', type: 'text' }], outputs: [{ name: 'text', type: 'text' }],
  params: z.object({ ${params} }),
  run: ({ inputs }) => ({ text: String(inputs.text).toUpperCase() }),
});
${extraNode}
export const pack = { name: 'shout', nodes: [shout${extraNode ? ', whisper' : ''}] };
`,
  );
}

/** A second node type, `whisper.text`, as a line of the pack's index.js. */
const WHISPER =
  "const whisper = defineNode({ type: 'whisper.text', version: 1, title: 'Whisper', category: 'Text', description: 'Lower-cases a text.', inputs: [], outputs: [{ name: 'text', type: 'text' }], params: z.object({}), run: () => ({ text: '' }) });";

/** A graph with problems of every kind the catalog decides: an unknown type, a bad param, a missing input. */
const graph = {
  adloom: 1,
  name: 'Shouting',
  nodes: {
    line: { type: 'input.text', params: { name: 'line', default: 'hello' } },
    loud: { type: 'shout.text', params: { times: 'three' } },
    louder: { type: 'shout.text', params: { times: 2 } },
    quiet: { type: 'whisper.text', params: {} },
  },
  edges: [{ from: 'line.text', to: 'loud.text' }],
};

/** The nodes `adloom validate --json` found problems with. */
const nodesOf = (run: { stdout: string }) =>
  (JSON.parse(run.stdout) as { diagnostics: { nodeId?: string }[] }).diagnostics.map((d) => d.nodeId).sort();

const imports = async () => (await readFile(importLog, 'utf8').catch(() => '')).split('\n').filter(Boolean).length;

/**
 * A run that should come from the cache, and asserts it did (the pack was not imported). In a
 * checkout the built-in packs' sources are edited while tests run, and an edit between two runs
 * rightly reloads: then the next run, with nothing changed since, must be served from the cache.
 */
async function fromCache(...args: string[]) {
  const before = await imports();
  let result = await adloom(...args);
  if ((await imports()) > before) {
    const reloaded = await imports();
    result = await adloom(...args);
    expect(await imports()).toBe(reloaded);
  }
  return result;
}

beforeEach(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'adloom-catalog-'));
  cacheDir = join(workspace, 'cache');
  importLog = join(workspace, 'imports.log');
  await writeFile(join(workspace, 'shouting.adloom.json'), JSON.stringify(graph));
  await writePack("times: z.number().int().min(1).default(1).describe('How many times')");
});

describe('[packs.P6] the catalog cache of adloom validate, nodes and packs', () => {
  it('reports exactly the same problems from the cache as from the packs loaded for real, without loading them', async () => {
    const cold = await adloom('validate', 'shouting.adloom.json', '--json');
    expect(await imports()).toBe(1);
    expect(await readdir(cacheDir)).toHaveLength(1);
    const warm = await fromCache('validate', 'shouting.adloom.json', '--json');

    expect(cold.code).toBe(2);
    expect(warm).toEqual(cold);
    const problems = (JSON.parse(cold.stdout) as { diagnostics: { nodeId?: string; message: string }[] }).diagnostics;
    expect(problems.map((d) => d.nodeId).sort()).toEqual(['loud', 'louder', 'quiet']);
    expect(problems.find((d) => d.nodeId === 'quiet')?.message).toContain('whisper.text');

    const nodesWarm = await fromCache('nodes', '--json');
    const packs = await fromCache('packs', '--json');
    // A cache file that does not parse is a miss: the packs load, and the answer is the same.
    await writeFile(join(cacheDir, (await readdir(cacheDir))[0] as string), 'not json');
    const before = await imports();
    expect(await adloom('nodes', '--json')).toEqual(nodesWarm);
    expect(await imports()).toBe(before + 1);
    expect(JSON.parse(packs.stdout)).toContainEqual(expect.objectContaining({ name: 'shout', nodeTypes: ['shout.text'] }));
  });

  it('sees a pack changed on disk at once', async () => {
    const before = await adloom('validate', 'shouting.adloom.json', '--json');
    expect(await imports()).toBe(1);
    await writePack("times: z.union([z.number(), z.string()]).default(1).describe('How many times, or a word')", WHISPER);
    const after = await adloom('validate', 'shouting.adloom.json', '--json');
    expect(await imports()).toBe(2);
    expect(nodesOf(before)).toEqual(['loud', 'louder', 'quiet']);
    // `times: 'three'` is a valid word now, and whisper.text a known type: only the missing input is left.
    expect(nodesOf(after)).toEqual(['louder']);
    const listed = JSON.parse((await fromCache('nodes', '--json')).stdout) as { nodes: Record<string, unknown> };
    expect(Object.keys(listed.nodes)).toContain('whisper.text');
  });

  it('sees a pack in node_modules patched in place, without an install, at once', async () => {
    // Installed in the workspace's node_modules, its TypeScript sources shipped beside the built entry.
    const installed = join(workspace, 'node_modules', 'shout');
    await mkdir(join(workspace, 'node_modules'));
    await rename(join(workspace, '.adloom', 'packs', 'shout'), installed);
    await mkdir(join(installed, 'src'));
    await writeFile(join(installed, 'src', 'index.ts'), '// what index.js is built from\n');
    const before = await adloom('validate', 'shouting.adloom.json', '--json');
    expect(await fromCache('validate', 'shouting.adloom.json', '--json')).toEqual(before);
    expect(nodesOf(before)).toEqual(['loud', 'louder', 'quiet']);

    const entry = join(installed, 'index.js');
    const patched = (await readFile(entry, 'utf8'))
      .replace('export const pack', `${WHISPER}\nexport const pack`)
      .replace('nodes: [shout]', 'nodes: [shout, whisper]');
    await writeFile(entry, patched);
    const loaded = await imports();
    const after = await adloom('validate', 'shouting.adloom.json', '--json');
    expect(await imports()).toBe(loaded + 1);
    // whisper.text is a known type now: "quiet" has no problem left.
    expect(nodesOf(after)).toEqual(['loud', 'louder']);
    expect(await fromCache('validate', 'shouting.adloom.json', '--json')).toEqual(after);
  });
});
