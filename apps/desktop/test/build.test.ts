import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildEngineChild, buildMain, buildPreload, ENGINE_EXTERNALS } from '../build.ts';
import { eventsOf, forkedSupervisor, graphOf, tempWorkspace } from './engine-harness.ts';

// Real child processes: slower than the default timeout allows on a loaded machine.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 120_000 });

// The bundles apps/desktop/build.ts makes, built here with Vite's JS API (under dist/, beside
// the repo's node_modules, so the engine bundle resolves sharp as the packaged app does).

let root: string;
const dirs = { preload: '', main: '', engine: '' };

beforeAll(async () => {
  await mkdir(join(import.meta.dirname, '../dist'), { recursive: true });
  root = await mkdtemp(join(import.meta.dirname, '../dist/test-build-'));
  dirs.preload = join(root, 'preload');
  dirs.main = join(root, 'main');
  dirs.engine = join(root, 'engine');
  await buildPreload(dirs.preload);
  await buildMain(dirs.main);
  await buildEngineChild(dirs.engine);
}, 120_000);
afterAll(() => rm(root, { recursive: true, force: true }));

/** Every module a bundle loads: static imports, dynamic imports and require calls. */
function loadedModules(code: string): string[] {
  const found = new Set<string>();
  for (const pattern of [
    /^\s*import\s[^'"]*?from\s*['"]([^'"]+)['"]/gm,
    /^\s*import\s*['"]([^'"]+)['"]/gm,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
  ]) {
    for (const match of code.matchAll(pattern)) found.add(match[1] as string);
  }
  return [...found];
}

const isBuiltin = (id: string) => id.startsWith('node:') || builtinModules.includes(id);

describe('the preload bundle', () => {
  it('[desktop.B1] is one CommonJS file that requires nothing but electron', async () => {
    expect(await readdir(dirs.preload)).toEqual(['preload.cjs']);
    const code = await readFile(join(dirs.preload, 'preload.cjs'), 'utf8');
    expect(loadedModules(code)).toEqual(['electron']);
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
    expect(code).not.toMatch(/\bimport\(/);
    expect(code).not.toMatch(/\bimport\.meta\b/);
    // No validation library in the renderer's world: main validates.
    expect(code).not.toContain('zod');
  });

  it('[desktop.B2] runs as a sandboxed preload: exposes the Host under adloomHost, one function per member, and never ipcRenderer', async () => {
    const code = await readFile(join(dirs.preload, 'preload.cjs'), 'utf8');
    const exposed: Record<string, unknown> = {};
    const invoked: unknown[][] = [];
    const ipcRenderer = {
      invoke: async (...args: unknown[]) => {
        invoked.push(args);
        return { ok: true, value: { kind: 'desktop' } };
      },
      send: () => {},
      on: () => {},
    };
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
      ipcRenderer,
    };
    const required: string[] = [];
    const module = { exports: {} };
    runInNewContext(code, {
      require: (id: string) => {
        required.push(id);
        if (id !== 'electron') throw new Error(`a sandboxed preload cannot require ${id}`);
        return electron;
      },
      module,
      exports: module.exports,
      console,
    });
    expect(required).toEqual(['electron']);
    expect(Object.keys(exposed)).toEqual(['adloomHost']);
    const host = exposed.adloomHost as Record<string, unknown>;
    expect(Object.keys(host).sort()).toEqual(
      [
        'artifactUrl',
        'cancelAssist',
        'cancelRun',
        'catalog',
        'clearConversation',
        'confirmAssist',
        'discardRecovery',
        'getSettings',
        'info',
        'listExamples',
        'listGraphs',
        'listRuns',
        'listSecrets',
        'moveConversation',
        'onMenuCommand',
        'openFile',
        'readConversation',
        'readRecovery',
        'reportDocumentState',
        'saveFile',
        'saveSettings',
        'setSecret',
        'startAssist',
        'startRun',
        'subscribeAssist',
        'subscribeRun',
        'writeRecovery',
      ].sort(),
    );
    for (const value of Object.values(host)) expect(typeof value).toBe('function');
    expect(Object.values(host)).not.toContain(ipcRenderer.invoke);
    expect(JSON.stringify(Object.keys(host))).not.toMatch(/invoke|ipc|send/i);
    await (host.info as () => Promise<unknown>)();
    expect(invoked).toEqual([['host:info', undefined]]);
    expect((host.artifactUrl as (a: unknown) => string)({ path: 'x/a.png', mime: 'image/png', sha256: 'f'.repeat(64) })).toBe(
      `app://adloom/artifacts/${'f'.repeat(64)}.png`,
    );
  });
});

describe('the main and engine bundles', () => {
  it('[desktop.B3] main loads only electron and Node built-ins', async () => {
    const code = await readFile(join(dirs.main, 'main.mjs'), 'utf8');
    const outside = loadedModules(code).filter((id) => !isBuiltin(id));
    expect(outside).toEqual(['electron']);
  });

  it('[desktop.B4] the engine loads only Node built-ins and the modules electron-builder ships unpacked', async () => {
    const code = await readFile(join(dirs.engine, 'engine-child.mjs'), 'utf8');
    const outside = loadedModules(code).filter((id) => !isBuiltin(id));
    expect(outside.every((id) => ENGINE_EXTERNALS.some((name) => id === name || id.startsWith(`${name}/`)))).toBe(true);
    expect(outside).toContain('sharp');
    expect(code).not.toMatch(/from ['"]electron['"]/);
  });

  it('[desktop.B5] the engine bundle runs under plain Node: an offline image with a headline (sharp and the fonts resolve)', async () => {
    const workspace = await tempWorkspace();
    const { supervisor } = forkedSupervisor(workspace, { childModule: join(dirs.engine, 'engine-child.mjs') });
    try {
      const runId = await supervisor.start(
        {
          graph: graphOf(
            {
              headline: { type: 'input.text', params: { name: 'headline', default: 'Grip wet rock' } },
              picture: { type: 'image.generate', params: { prompt: 'trail shoe on wet rock', count: 1 } },
              ad: { type: 'image.overlay', params: {} },
            },
            [
              { from: 'picture.images', to: 'ad.image' },
              { from: 'headline.text', to: 'ad.headline' },
            ],
          ),
        },
        {},
      );
      const events = await eventsOf(supervisor, runId);
      expect(events.at(-1)).toMatchObject({ type: 'run.finished', status: 'succeeded' });
      const ad = events.find((e) => e.type === 'node.finished' && e.nodeId === 'ad');
      expect(ad?.type === 'node.finished' && JSON.stringify(ad.outputs.image)).toContain('"mime":"image/png"');
    } finally {
      supervisor.dispose();
    }
  }, 60_000);
});
