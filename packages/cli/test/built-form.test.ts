import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { root, runAdloom } from './run-adloom.ts';

const example = join(root, 'examples/hello-brief.adloom.json');

let cacheDir: string;

const adloom = (form: 'built' | 'source', args: string[], cwd = root) =>
  runAdloom(args, cwd, {
    ADLOOM_CACHE_DIR: join(cacheDir, form),
    ADLOOM_BUILT: form === 'built' ? '1' : '',
    // Tests resolve sources through NODE_OPTIONS (vite.config.ts); the built form must not.
    NODE_OPTIONS: (process.env.NODE_OPTIONS ?? '').replace('--conditions=adloom-source', ''),
  });

describe('the built adloom, as a user who installed it runs it', { timeout: 300_000 }, () => {
  beforeAll(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'adloom-built-'));
    // npm run build, as npm install runs it: this tree's sources, so the two forms can be compared.
    const build = spawnSync(process.execPath, [join(root, 'scripts/build.ts')], { cwd: root, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
  }, 300_000);

  it('validates, lists the nodes and the packs exactly as the sources do', async () => {
    for (const args of [
      ['validate', example, '--json'],
      ['nodes', '--json'],
      ['packs', '--json'],
    ]) {
      const [built, source] = [await adloom('built', args), await adloom('source', args)];
      expect(built.code, built.stderr).toBe(0);
      expect(built).toEqual(source);
    }
    // The second time from the catalog cache, still the same.
    expect(await adloom('built', ['nodes', '--json'])).toEqual(await adloom('source', ['nodes', '--json']));
  });

  it('runs a graph through the built engine and packs', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'adloom-built-run-'));
    const result = await adloom('built', ['run', example], cwd);
    expect(result.code, result.stderr).toBe(0);
    const [runId] = await readdir(join(cwd, 'runs'));
    const manifest = JSON.parse(await readFile(join(cwd, 'runs', runId as string, 'manifest.json'), 'utf8')) as {
      status: string;
    };
    expect(manifest.status).toBe('succeeded');
  });
});

describe('adloom started by an older Node', () => {
  const system = spawnSync('/usr/bin/node', ['-p', 'process.versions.node'], { encoding: 'utf8' });
  const older = system.status === 0 && Number(system.stdout.split('.')[0]) < 24;

  it.skipIf(!older)('hands over to the pinned Node 24 and answers as it would', async () => {
    const env = {
      ...process.env,
      NO_COLOR: '1',
      ADLOOM_PACKS: '',
      ADLOOM_CACHE_DIR: await mkdtemp(join(tmpdir(), 'adloom-old-')),
    };
    const result = spawnSync('/usr/bin/node', [join(root, 'packages/cli/bin/adloom.js'), 'validate', example], {
      env,
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`${example} is valid: 5 nodes, 4 edges\n`);
    expect(result.status).toBe(0);
  });
});
