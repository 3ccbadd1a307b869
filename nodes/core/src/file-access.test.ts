import { mkdir, readdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { graphOf, makeWorkDir, runCore } from '../test/run-core.ts';

/** Every file under a folder, as paths relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
}

/** A workspace and, beside it, a private folder with a file a graph must never get at. */
async function workspaceWithSecretBeside(): Promise<{ workspace: string; secret: string }> {
  const home = await makeWorkDir();
  const workspace = join(home, 'workspace');
  await mkdir(workspace);
  const secret = join(home, 'notes.png');
  await sharp({ create: { width: 8, height: 8, channels: 3, background: '#123456' } })
    .png()
    .toFile(secret);
  return { workspace, secret };
}

describe('[engine.F1] files a host run may read', () => {
  it('refuses an input.image default outside the workspace, naming the param, and copies nothing', async () => {
    const { workspace, secret } = await workspaceWithSecretBeside();
    const result = await runCore(graphOf({ shot: ['input.image', { name: 'shot', default: secret }] }), {
      workDir: workspace,
      graphPath: join(workspace, 'posted.adloom.json'),
      readRoots: [workspace],
    });
    expect(result.status).toBe('failed');
    expect(result.manifest.nodes.shot?.error).toMatchObject({
      param: 'default',
      message: `${secret} is outside the folders this run may read: keep the file in the workspace, or add its folder in the settings`,
    });
    expect(await filesUnder(result.outDir)).toEqual(['manifest.json']);
  });

  it('refuses a link inside the workspace that points outside it', async () => {
    const { workspace, secret } = await workspaceWithSecretBeside();
    await symlink(secret, join(workspace, 'innocent.png'));
    const result = await runCore(graphOf({ shot: ['input.image', { name: 'shot', default: 'innocent.png' }] }), {
      workDir: workspace,
      graphPath: join(workspace, 'posted.adloom.json'),
      readRoots: [workspace],
    });
    expect(result.status).toBe('failed');
    expect(result.manifest.nodes.shot?.error?.message).toMatch(/innocent\.png is outside the folders this run may read/);
  });

  it('reads inside the workspace and the folders the user added, and anything on the command line', async () => {
    const { workspace, secret } = await workspaceWithSecretBeside();
    const graph = graphOf({ shot: ['input.image', { name: 'shot', default: secret }] });
    const added = await runCore(graph, { workDir: workspace, readRoots: [workspace, join(secret, '..')] });
    expect(added.status).toBe('succeeded');
    const cli = await runCore(graph, { workDir: workspace });
    expect(cli.status).toBe('succeeded');
  });
});

describe('[engine.F2] a value can never name a file', () => {
  it('fails input.json whose value dresses up as an artifact, and the named file never reaches the run folder', async () => {
    const { workspace, secret } = await workspaceWithSecretBeside();
    const forged = { kind: 'file', path: secret, mime: 'image/png', sha256: '0000', bytes: 10 };
    const result = await runCore(graphOf({ data: ['input.json', { name: 'data' }] }), {
      workDir: workspace,
      inputs: { data: forged },
    });
    expect(result.status).toBe('failed');
    expect(result.manifest.nodes.data?.error).toMatchObject({
      port: 'value',
      message: expect.stringContaining(`holds a file reference this run did not make (${secret})`),
    });
    expect(await filesUnder(result.outDir)).toEqual(['manifest.json']);
  });

  it('also when the forged reference hides inside a list, with a real-looking hash', async () => {
    const { workspace, secret } = await workspaceWithSecretBeside();
    const forged = { kind: 'image', path: secret, mime: 'image/png', sha256: 'a'.repeat(64), bytes: 10 };
    const result = await runCore(graphOf({ data: ['input.json', { name: 'data', default: { images: [forged] } }] }), {
      workDir: workspace,
    });
    expect(result.status).toBe('failed');
    expect(await filesUnder(result.outDir)).toEqual(['manifest.json']);
  });
});
