import { mkdir, mkdtemp, readdir, readFile, realpath, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineNode, loadPacks, NodeRegistry } from '@adloom/engine';
import type { Catalog } from '@adloom/graph';
import { pack as corePack } from '@adloom/nodes-core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runEvents as events, hostOn } from '../../test/host-kit.ts';
import { isHostError } from '../host-error.ts';
import type { Settings } from '../settings.ts';
import type { HostService, HostServiceOptions } from './host-service.ts';
import { WorkspacePaths } from './workspace-paths.ts';

// The rules both hosts answer by, written once: these were the parity test's cases, when
// `adloom serve` and the desktop each had a copy. Both transports now call this service.

const EXAMPLES = join(import.meta.dirname, '../../../../examples');
const KEY = 'sk-live-4b3c2d1e0f9a8b7c-service';

const envProbe = defineNode({
  type: 'test.env',
  version: 1,
  title: 'Env',
  category: 'Test',
  description: 'Says what reached the run: a provider address and whether the keys are set.',
  outputs: [{ name: 'text', type: 'text' }],
  params: z.object({}),
  deterministic: false,
  run: ({ providers }) => {
    const env = providers.env as Record<string, string | undefined>;
    return { text: `${env.COMFYUI_URL} openai:${env.OPENAI_API_KEY ? 'set' : 'missing'} acme:${env.ACME_KEY ?? 'missing'}` };
  },
});

async function service(overrides: Partial<HostServiceOptions> = {}) {
  const workspace = await realpath(await mkdtemp(join(tmpdir(), 'adloom-service-')));
  const registry = new NodeRegistry([corePack, { name: 'probe', nodes: [envProbe] }]);
  const catalog: Catalog = {
    ...registry.catalog(),
    packs: [
      {
        name: 'acme',
        origin: 'workspace',
        nodeTypes: [],
        secrets: [
          { name: 'ACME_KEY', description: 'Acme image API key' },
          { name: 'path', description: 'not a variable name' },
          { name: 'OPENAI_API_KEY', description: 'named twice' },
        ],
      },
    ],
  };
  const paths = new WorkspacePaths(workspace, EXAMPLES);
  const host = hostOn(workspace, registry, { paths, catalog: () => catalog, ...overrides });
  return { host, workspace, paths };
}

async function failure(promise: Promise<unknown> | (() => unknown)) {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    expect(isHostError(error), String(error)).toBe(true);
    const { status, message, issues } = error as { status: number; message: string; issues?: unknown };
    return { status, message, issues };
  }
  throw new Error('it did not fail');
}

const graph = (edges: { from: string; to: string }[]) => ({
  adloom: 1,
  name: 'G',
  nodes: { who: { type: 'input.text', params: { name: 'who', default: 'x' } } },
  edges,
});

describe('HostService: files', () => {
  it('[host.H1] says which host it is, saves atomically, lists and reopens a graph byte for byte', async () => {
    const { host, workspace } = await service();
    expect(await host.info()).toEqual({ kind: 'browser', version: '0.1.0-test', workspace });
    const text = `${JSON.stringify(graph([]), null, 2)}\n`;
    await host.saveFile('ads/g.adloom.json', text);
    expect(await readFile(join(workspace, 'ads/g.adloom.json'), 'utf8')).toBe(text);
    expect(await host.listGraphs()).toEqual([expect.objectContaining({ path: 'ads/g.adloom.json', name: 'G' })]);
    expect((await host.openFile('ads/g.adloom.json')).text).toBe(text);
    expect((await host.listExamples()).map((e) => e.path)).toContain('examples/hello-brief.adloom.json');
    expect((await host.openFile('examples/hello-brief.adloom.json')).text).toContain('"Hello brief"');
  });

  it.each([
    [
      'a file that is not a graph file (400)',
      (h: HostService) => h.saveFile('notes.json', ''),
      400,
      'invalid request: path: graph files end in .adloom.json',
    ],
    [
      'a path out of the workspace (403)',
      (h: HostService) => h.saveFile('../x.adloom.json', ''),
      403,
      '"../x.adloom.json" is outside the workspace folder',
    ],
    [
      'an absolute path (403)',
      (h: HostService) => h.openFile('/etc/passwd'),
      403,
      '"/etc/passwd" is outside the workspace folder',
    ],
    [
      'a missing file (404)',
      (h: HostService) => h.openFile('missing.adloom.json'),
      404,
      'there is no file missing.adloom.json in the workspace',
    ],
    [
      'a journal out of the workspace (403)',
      (h: HostService) => h.writeRecovery('../a', ''),
      403,
      '"../a" is outside the workspace folder',
    ],
    [
      'settings with an unknown provider (400)',
      (h: HostService) => h.saveSettings({ defaultTextProvider: 'skynet' } as unknown as Settings),
      400,
      /^invalid request: defaultTextProvider: /,
    ],
    ['an unknown secret (404)', (h: HostService) => h.setSecret('NOT_A_SECRET', 'x'), 404, 'unknown secret NOT_A_SECRET'],
    ['a run that does not exist, cancelled (404)', (h: HostService) => h.cancelRun('nope'), 404, 'there is no run nope'],
    [
      'a run that does not exist, followed (404)',
      (h: HostService) => h.subscribeRun('nope', () => {}),
      404,
      'there is no run nope',
    ],
  ] as const)('[host.H3] refuses %s with a HostError naming the place', async (_name, act, status, words) => {
    const { host } = await service();
    const answer = await failure(() => act(host));
    expect(answer.status).toBe(status);
    if (typeof words === 'string') expect(answer.message).toBe(words);
    else expect(answer.message).toMatch(words);
  });

  it('[host.H4] refuses a save over a file changed on disk since it was opened (409), unless forced', async () => {
    const { host, workspace } = await service();
    const opened = await host.saveFile('a.adloom.json', '{"adloom":1}');
    await writeFile(join(workspace, 'a.adloom.json'), 'changed elsewhere');
    const stale = '2001-01-01T00:00:00.000Z';
    const conflict = await failure(host.saveFile('a.adloom.json', '{}', { expectedModifiedAt: stale }));
    expect(conflict.status).toBe(409);
    expect(conflict.message).toMatch(/^a\.adloom\.json changed on disk since it was opened \(at /);
    await host.saveFile('a.adloom.json', '{"mine":1}', { expectedModifiedAt: opened.modifiedAt, force: true });
    expect(await readFile(join(workspace, 'a.adloom.json'), 'utf8')).toBe('{"mine":1}');
  });

  it('[host.H5] keeps the recovery journal beside the file, for untitled graphs, and beside a granted outside file', async () => {
    const { host, paths } = await service();
    await host.writeRecovery('ads/a.adloom.json', '{"draft":1}');
    expect(await host.readRecovery('ads/a.adloom.json')).toMatchObject({ path: 'ads/a.adloom.json', text: '{"draft":1}' });
    await host.discardRecovery('ads/a.adloom.json');
    expect(await host.readRecovery('ads/a.adloom.json')).toBeNull();
    await host.writeRecovery('untitled-k3x', '{"draft":2}');
    expect(await host.readRecovery('untitled-k3x')).toMatchObject({ text: '{"draft":2}' });
    // A path it cannot place has no journal rather than an error.
    expect(await host.readRecovery('../../etc/passwd')).toBeNull();

    const elsewhere = await realpath(await mkdtemp(join(tmpdir(), 'adloom-elsewhere-')));
    const file = join(elsewhere, 'Launch.adloom.json');
    expect((await failure(host.writeRecovery(file, 'x'))).status).toBe(403);
    paths.grant(file);
    await host.writeRecovery(file, '{"draft":3}');
    expect(await readdir(elsewhere)).toEqual(['.Launch.adloom.json.recovery.json']);
    expect(await host.readRecovery(file)).toMatchObject({ path: file, text: '{"draft":3}' });
  });
});

describe('HostService: runs', () => {
  it('[host.H2] refuses an invalid graph with 400 and its diagnostics, naming the node, and starts nothing', async () => {
    let started = 0;
    const { host } = await service({
      runs: {
        start: () => `${started++}`,
        has: () => false,
        subscribe: () => () => {},
        cancel: () => false,
        cancelAll: () => {},
      },
    });
    const answer = await failure(host.startRun({ graph: graph([{ from: 'ghost.text', to: 'who.x' }]) }));
    expect(answer).toMatchObject({ status: 400, message: 'the graph is not valid' });
    expect(JSON.stringify(answer.issues)).toContain('ghost');
    const text = await failure(host.startRun('{"graph": 3'));
    expect(text).toMatchObject({ status: 400, message: 'the request body is not valid JSON' });
    const body = await failure(host.startRun(JSON.stringify({ graph: graph([]), only: 'who' })));
    expect(body).toMatchObject({ status: 400, message: 'invalid request: only: Invalid input: expected array, received string' });
    expect(started).toBe(0);
  });

  it('[host.H6] runs a checked graph; the run sees the provider settings and the secrets, no answer shows them', async () => {
    const { host } = await service();
    await host.saveSettings({
      providers: { comfyui: { baseUrl: 'http://127.0.0.1:8999' } },
      defaultTextProvider: 'offline',
      defaultImageProvider: 'offline',
      recentFiles: [],
      readFolders: [],
    });
    await host.setSecret('OPENAI_API_KEY', KEY);
    await host.setSecret('ACME_KEY', 'acme-1');
    const probe = { adloom: 1, name: 'P', nodes: { env: { type: 'test.env', params: {} } }, edges: [] };
    const { runId } = await host.startRun({ graph: probe });
    const seen = await events(host, runId);
    expect(seen.at(-1)).toMatchObject({ type: 'run.finished', status: 'succeeded' });
    expect(seen.find((e) => e.type === 'node.finished')).toMatchObject({
      outputs: { text: 'http://127.0.0.1:8999 openai:set acme:acme-1' },
    });
    const answers = JSON.stringify([await host.listSecrets(), await host.getSettings(), await host.info(), seen]);
    expect(answers).not.toContain(KEY);

    await host.setSecret('OPENAI_API_KEY', '');
    const again = await host.startRun({ graph: probe, noCache: true });
    expect((await events(host, again.runId)).find((e) => e.type === 'node.finished')).toMatchObject({
      outputs: { text: 'http://127.0.0.1:8999 openai:missing acme:acme-1' },
    });
  });
});

describe('HostService: files a run may read', () => {
  it('[host.F1] reads files only inside the workspace until the user adds their folder in the settings', async () => {
    const { host } = await service();
    const brand = await realpath(await mkdtemp(join(tmpdir(), 'adloom-brand-')));
    const logo = join(brand, 'logo.png');
    // A 1×1 PNG.
    await writeFile(
      logo,
      Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64'),
    );
    const graph = {
      adloom: 1,
      name: 'Logo',
      nodes: { logo: { type: 'input.image', params: { name: 'logo', default: logo } } },
      edges: [],
    };
    const refused = await events(host, (await host.startRun({ graph, noCache: true })).runId);
    expect(refused.find((e) => e.type === 'node.failed')).toMatchObject({
      error: { param: 'default', message: expect.stringContaining('is outside the folders this run may read') },
    });
    expect(await failure(host.saveSettings({ ...(await host.getSettings()), readFolders: ['brand-assets'] }))).toMatchObject({
      status: 400,
    });
    await host.saveSettings({ ...(await host.getSettings()), readFolders: [brand] });
    const allowed = await events(host, (await host.startRun({ graph, noCache: true })).runId);
    expect(allowed.at(-1)).toMatchObject({ type: 'run.finished', status: 'succeeded' });
  });
});

describe('HostService: secrets', () => {
  it('[host.S1] lists the built-in names and those a pack declares (valid names only, each once), set or not', async () => {
    const { host } = await service({ env: { COMPATIBLE_API_KEY: 'from-env' } });
    expect(await host.listSecrets()).toEqual([
      { name: 'OPENAI_API_KEY', isSet: false },
      { name: 'COMPATIBLE_API_KEY', isSet: true },
      { name: 'ACME_KEY', isSet: false, description: 'Acme image API key' },
    ]);
    await host.setSecret('ACME_KEY', 'acme-2');
    expect(await host.listSecrets()).toContainEqual({ name: 'ACME_KEY', isSet: true, description: 'Acme image API key' });
    expect(await failure(host.setSecret('path', 'x'))).toMatchObject({ status: 404, message: 'unknown secret path' });
  });

  it('[host.S2] offers the secrets a workspace pack declares in its module, as the pack loader found them', async () => {
    const { host, workspace } = await service();
    const folder = join(workspace, '.adloom', 'packs', 'acme');
    await mkdir(folder, { recursive: true });
    await writeFile(
      join(folder, 'package.json'),
      JSON.stringify({
        name: 'adloom-pack-acme',
        version: '1.2.0',
        type: 'module',
        adloom: { apiVersion: 1, pack: './index.js' },
      }),
    );
    await writeFile(
      join(folder, 'index.js'),
      "export const pack = { name: 'acme', nodes: [], secrets: [{ name: 'ACME_TOKEN', description: 'Acme token' }] };\n",
    );
    const registry = await loadPacks({ workspace });
    const withPack = hostOn(workspace, registry);
    expect(registry.catalog().packs).toContainEqual(expect.objectContaining({ name: 'adloom-pack-acme', nodeTypes: [] }));
    expect((await withPack.listSecrets()).map((s) => s.name)).toEqual(['OPENAI_API_KEY', 'COMPATIBLE_API_KEY', 'ACME_TOKEN']);
    await withPack.setSecret('ACME_TOKEN', 't-1');
    expect(await withPack.listSecrets()).toContainEqual({ name: 'ACME_TOKEN', isSet: true, description: 'Acme token' });
    // The service that does not load that pack does not hold its secret.
    expect(await failure(host.setSecret('ACME_TOKEN', 'x'))).toMatchObject({ status: 404 });
  });
});
