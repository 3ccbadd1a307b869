import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cp, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { beforeEach, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const bin = join(root, 'packages/cli/bin/adloom.js');
const node = join(root, 'node_modules/.bin/node');
const examplePack = join(root, 'examples/packs/utm-links');

function adloom(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): { child: ChildProcess; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(node, [bin, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ADLOOM_PACKS: '', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr += d));
  return { child, done: once(child, 'close').then(([code]) => ({ code: code as number | null, stdout, stderr })) };
}

/** A graph that tags a landing page with the pack's node. */
const graph = {
  adloom: 1,
  name: 'Kayak links',
  nodes: {
    variant: { type: 'input.text', params: { name: 'variant', default: 'c1-i2' } },
    link: { type: 'utm.link', params: { url: 'https://example.com/kayaks', campaign: 'spring-launch' } },
  },
  edges: [{ from: 'variant.text', to: 'link.content' }],
};
const tagged = 'https://example.com/kayaks?utm_source=tiktok&utm_medium=paid_social&utm_campaign=spring-launch&utm_content=c1-i2';

let workspace: string;
beforeEach(async () => {
  // Outside the repository: nothing here can find Adloom's own node_modules.
  workspace = await mkdtemp(join(tmpdir(), 'adloom-pack-'));
  await cp(examplePack, join(workspace, '.adloom', 'packs', 'utm-links'), { recursive: true });
  await writeFile(join(workspace, 'links.adloom.json'), JSON.stringify(graph, null, 2));
});

describe('[packs.P1] a third-party pack in a workspace', () => {
  it('runs through adloom run, its @adloom/sdk being the host’s own', async () => {
    const r = await adloom(['run', 'links.adloom.json', '--json'], workspace).done;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [runId] = await readdir(join(workspace, 'runs'));
    const manifest = JSON.parse(await readFile(join(workspace, 'runs', runId as string, 'manifest.json'), 'utf8'));
    expect(manifest.nodes.link).toMatchObject({ status: 'succeeded', outputs: { url: tagged } });
  });

  it('keeps its errors’ places: a bad url param is named', async () => {
    const bad = { ...graph, nodes: { ...graph.nodes, link: { ...graph.nodes.link, params: { url: 'example', campaign: 'x' } } } };
    await writeFile(join(workspace, 'bad.adloom.json'), JSON.stringify(bad));
    const r = await adloom(['run', 'bad.adloom.json'], workspace).done;
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('"example" is not an address');
    const [runId] = await readdir(join(workspace, 'runs'));
    const manifest = JSON.parse(await readFile(join(workspace, 'runs', runId as string, 'manifest.json'), 'utf8'));
    expect(manifest.nodes.link.error).toMatchObject({ param: 'url' });
  });

  it('is listed by adloom packs beside the built-ins; a broken pack is named with its reason and stops nothing', async () => {
    const broken = join(workspace, '.adloom', 'packs', 'from-the-future');
    await mkdir(broken);
    await writeFile(
      join(broken, 'package.json'),
      JSON.stringify({ name: 'from-the-future', adloom: { apiVersion: 2, pack: './index.js' } }),
    );
    const throwing = join(workspace, '.adloom', 'packs', 'throws');
    await mkdir(throwing);
    await writeFile(
      join(throwing, 'package.json'),
      JSON.stringify({ name: 'throws', type: 'module', adloom: { apiVersion: 1, pack: './index.js' } }),
    );
    await writeFile(join(throwing, 'index.js'), "throw new Error('cannot reach the licence server');\n");

    const listed = await adloom(['packs', '--json'], workspace).done;
    expect(listed.code).toBe(0);
    const packs = JSON.parse(listed.stdout) as { name: string; origin: string; nodeTypes: string[]; error?: string }[];
    expect(packs.find((p) => p.name === '@adloom/nodes-core')).toMatchObject({
      origin: 'built-in',
      nodeTypes: expect.arrayContaining(['input.text']),
    });
    expect(packs.find((p) => p.name === 'adloom-pack-utm-links')).toMatchObject({
      origin: 'workspace',
      version: '1.0.0',
      apiVersion: 1,
      nodeTypes: ['utm.link'],
    });
    expect(packs.find((p) => p.name === 'from-the-future')?.error).toBe('it is written for pack API 2, and this host speaks 1');
    expect(packs.find((p) => p.name === 'throws')?.error).toBe('cannot reach the licence server');
    const text = await adloom(['packs'], workspace).done;
    expect(text.stdout).toContain('from-the-future (workspace, pack API 2)\n  could not load: it is written for pack API 2');

    const r = await adloom(['run', 'links.adloom.json'], workspace).done;
    expect(r.code).toBe(0);
    // [packs.P3] A node of a pack that failed shows as unknown, with the pack's reason.
    await writeFile(
      join(workspace, 'licensed.adloom.json'),
      JSON.stringify({ adloom: 1, name: 'x', nodes: { stamp: { type: 'throws.stamp' } }, edges: [] }),
    );
    const invalid = await adloom(['validate', 'licensed.adloom.json'], workspace).done;
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('node "stamp" has unknown type "throws.stamp"');
    expect(invalid.stderr).toContain(
      'node packs that could not load: from-the-future (it is written for pack API 2, and this host speaks 1); throws (cannot reach the licence server)',
    );
  });

  it('runs through adloom serve, as the editor page asks for it', async () => {
    const editor = join(workspace, '..', `${workspace.split('/').pop()}-editor`);
    await mkdir(editor);
    await writeFile(join(editor, 'index.html'), '<!doctype html><html><head><title>Adloom</title></head><body></body></html>');
    const serve = adloom(['serve', '--workspace', workspace, '--port', '0'], workspace, { ADLOOM_EDITOR_DIR: editor });
    try {
      const lines = createInterface({ input: serve.child.stdout as NodeJS.ReadableStream });
      let url = '';
      for await (const line of lines) {
        const found = /http:\/\/127\.0\.0\.1:\d+\//.exec(line);
        if (found) {
          url = found[0];
          break;
        }
      }
      const page = await (await fetch(url)).text();
      const session = /<meta name="adloom-session" content="([^"]+)"/.exec(page)?.[1] as string;
      const headers = { 'content-type': 'application/json', 'x-adloom-session': session };
      const catalog = (await (await fetch(`${url}api/catalog`, { headers })).json()) as { nodes: Record<string, unknown> };
      expect(catalog.nodes['utm.link']).toMatchObject({ title: 'Campaign link', category: 'Links' });
      const started = await fetch(`${url}api/runs`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ graph, path: 'links.adloom.json' }),
      });
      expect(started.status).toBe(200);
      const { runId } = (await started.json()) as { runId: string };
      const events = await (await fetch(`${url}api/runs/${runId}/events?session=${session}`, { headers })).text();
      const finished = events
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map(
          (line) => JSON.parse(line.slice(6)) as { type: string; nodeId?: string; status?: string; outputs?: { url?: string } },
        );
      expect(finished.find((e) => e.type === 'node.finished' && e.nodeId === 'link')?.outputs?.url).toBe(tagged);
      expect(finished.at(-1)).toMatchObject({ type: 'run.finished', status: 'succeeded' });
    } finally {
      serve.child.kill('SIGTERM');
      await serve.done;
    }
  });
});
