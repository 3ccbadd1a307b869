import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '../../..');
const bin = join(root, 'packages/cli/bin/adloom.js');
const node = join(root, 'node_modules/.bin/node');

/** `adloom ARGS` in `cwd` with `env` over this process's environment; resolves when it has exited. */
export async function runAdloom(args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const child = spawn(node, [bin, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ADLOOM_PACKS: '', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const [code] = await once(child, 'close');
  return { code: code as number | null, stdout, stderr };
}
