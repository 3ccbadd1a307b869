import { spawn } from 'node:child_process';
import { mkdtemp, open, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const bin = join(root, 'packages/cli/bin/adloom.js');
const node = join(root, 'node_modules/.bin/node');

/** A heap far below what the 100,000-deep file took before (4.3 GB): a crash, not exit 2, if any step is not linear. */
const HEAP_MB = 256;

interface Done {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The real `adloom` in a child process whose V8 heap is capped at `HEAP_MB`. */
function adloom(args: string[], cwd: string): Promise<Done> {
  const child = spawn(node, [`--max-old-space-size=${HEAP_MB}`, bin, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((done) => child.on('close', (code, signal) => done({ code, signal, stdout, stderr })));
}

const head = '{"adloom":1,"name":"deep","nodes":{"a":{"type":"input.text","params":{"name":"x","default":';
// The value is level 5, so its 509th "[" is the first too deep.
const DEEP_COLUMN = head.length + 509;

let cwd: string;
/** Where the 200,001st node starts in many.adloom.json, a one-line file. */
let manyColumn: number;
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'adloom-limits-'));
  await writeFile(join(cwd, 'deep.adloom.json'), `${head}${'['.repeat(100_000)}${']'.repeat(100_000)}}}},"edges":[]}`);
  const nodes: Record<string, unknown> = {};
  for (let i = 0; i < 250_000; i++) nodes[`n${i}`] = { type: 'input.text', params: { name: `n${i}` } };
  const many = JSON.stringify({ adloom: 1, name: 'many', nodes, edges: [] });
  manyColumn = many.indexOf('"n200000"') + 1;
  await writeFile(join(cwd, 'many.adloom.json'), many);
  // 70 MB: a valid graph with a long description, written in pieces.
  const big = await open(join(cwd, 'big.adloom.json'), 'w');
  await big.write('{"adloom":1,"name":"big","description":"');
  const mib = 'x'.repeat(1024 * 1024);
  for (let i = 0; i < 70; i++) await big.write(mib);
  await big.write('","nodes":{},"edges":[]}');
  await big.close();
}, 60_000);

const deepLine = (file: string, column: number) =>
  `${file}:1:${column}: error: nested 100,004 levels deep at nodes.a.params.default; the limit is 512 levels`;

// Real child processes on tens of megabytes: slow on a busy machine, never a hang.
describe('graph files over the limits', { timeout: 60_000 }, () => {
  it('adloom validate refuses a 100,000-deep file with exit 2 and the place, within a 256 MB heap', async () => {
    const r = await adloom(['validate', 'deep.adloom.json'], cwd);
    expect(r.signal).toBeNull();
    expect(r.stderr).toBe(`${deepLine('deep.adloom.json', DEEP_COLUMN)}\ndeep.adloom.json: 1 problem\n`);
    expect(r.code).toBe(2);
  });

  it('adloom validate --json carries the same diagnostic', async () => {
    const r = await adloom(['validate', 'deep.adloom.json', '--json'], cwd);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({
      file: 'deep.adloom.json',
      valid: false,
      diagnostics: [
        {
          severity: 'error',
          file: 'deep.adloom.json',
          nodeId: 'a',
          param: 'default',
          path: 'nodes.a.params.default',
          line: 1,
          column: DEEP_COLUMN,
          message: 'nested 100,004 levels deep at nodes.a.params.default; the limit is 512 levels',
        },
      ],
    });
  });

  it('adloom run refuses it the same way and starts no run', async () => {
    const r = await adloom(['run', 'deep.adloom.json'], cwd);
    expect(r.signal).toBeNull();
    expect(r.stderr).toBe(`${deepLine('deep.adloom.json', DEEP_COLUMN)}\n`);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(2);
  });

  it('adloom run refuses a --set value 60,000 levels deep with exit 2, naming the param', async () => {
    const example = join(root, 'examples/hello-brief.adloom.json');
    const value = `${'['.repeat(60_000)}${']'.repeat(60_000)}`;
    const r = await adloom(['run', example, '--set', `benefit.path=${value}`], cwd);
    expect(r.signal).toBeNull();
    expect(r.stderr).toBe(
      `${example}:nodes.benefit.params.path: error: nested more than 512 levels deep at nodes.benefit.params.path; the limit is 512 levels\n`,
    );
    expect(r.code).toBe(2);
  });

  it('refuses a 70 MB file from its size, for validate and run', async () => {
    const bytes = (70 * 1024 * 1024 + 64).toLocaleString('en-US');
    const line = `big.adloom.json: error: the file is 70.0 MiB (${bytes} bytes); the limit is 64 MiB`;
    const validate = await adloom(['validate', 'big.adloom.json'], cwd);
    expect(validate.stderr).toBe(`${line}\nbig.adloom.json: 1 problem\n`);
    expect(validate.code).toBe(2);
    const run = await adloom(['run', 'big.adloom.json'], cwd);
    expect(run.stderr).toBe(`${line}\n`);
    expect(run.code).toBe(2);
  });

  it('refuses 250,000 nodes, for validate and run', async () => {
    const line = `many.adloom.json:1:${manyColumn}: error: the graph has 250,000 nodes; the limit is 200,000`;
    const validate = await adloom(['validate', 'many.adloom.json'], cwd);
    expect(validate.stderr).toBe(`${line}\nmany.adloom.json: 1 problem\n`);
    expect(validate.code).toBe(2);
    const run = await adloom(['run', 'many.adloom.json'], cwd);
    expect(run.stderr).toBe(`${line}\n`);
    expect(run.code).toBe(2);
  });
});
