import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DOCUMENT_STATE_CHANNEL, MENU_COMMAND_CHANNEL } from '../src/channel-names.ts';
import { invokeChannels } from '../src/channels.ts';
import { tempWorkspace } from './engine-harness.ts';
import { desktopHarness, rejection, runEvents } from './ipc-harness.ts';

// Real child processes: slower than the default timeout allows on a loaded machine.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 120_000 });

const graphText = `${JSON.stringify(
  {
    adloom: 1,
    name: 'Greeting',
    nodes: {
      who: { type: 'input.text', params: { name: 'who', default: 'world' } },
      greet: { type: 'text.template', params: { template: 'Hello, {{who}}!' } },
    },
    edges: [{ from: 'who.text', to: 'greet.who' }],
  },
  null,
  2,
)}\n`;

let stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops) stop();
  stops = [];
});

async function harness(...args: Parameters<typeof desktopHarness>) {
  const h = await desktopHarness(...args);
  stops.push(() => h.supervisor.dispose());
  return h;
}

describe('the desktop host, preload to main', () => {
  it('[desktop.H1] says it is the desktop, lists, saves atomically and reopens a graph byte for byte', async () => {
    const { host, workspace } = await harness();
    expect(await host.info()).toEqual({ kind: 'desktop', version: '0.1.0-test', workspace });
    const saved = await host.saveFile('ads/greeting.adloom.json', graphText);
    expect(saved.path).toBe('ads/greeting.adloom.json');
    expect(await readFile(join(workspace, 'ads/greeting.adloom.json'), 'utf8')).toBe(graphText);
    expect(await host.listGraphs()).toEqual([expect.objectContaining({ path: 'ads/greeting.adloom.json', name: 'Greeting' })]);
    expect((await host.openFile('ads/greeting.adloom.json')).text).toBe(graphText);
    expect((await host.listExamples()).map((e) => e.path)).toContain('examples/hello-brief.adloom.json');
    expect((await host.openFile('examples/hello-brief.adloom.json')).text).toContain('"Hello brief"');
  });

  it('[desktop.H2] keeps the recovery journal beside the file, and for untitled graphs', async () => {
    const { host } = await harness();
    expect(await host.readRecovery('ads/a.adloom.json')).toBeNull();
    await host.writeRecovery('ads/a.adloom.json', '{"draft":1}');
    expect(await host.readRecovery('ads/a.adloom.json')).toMatchObject({ path: 'ads/a.adloom.json', text: '{"draft":1}' });
    await host.discardRecovery('ads/a.adloom.json');
    expect(await host.readRecovery('ads/a.adloom.json')).toBeNull();
    await host.writeRecovery('untitled-k3x', '{"draft":2}');
    expect(await host.readRecovery('untitled-k3x')).toMatchObject({ text: '{"draft":2}' });
  });

  it('[desktop.H3] answers with the browser host’s errors: 400 bad payload, 403 outside, 404 missing, 409 changed on disk', async () => {
    const { host, workspace } = await harness();
    const bad = await rejection(host.saveFile('notes.json', '{}'));
    expect(bad.message).toBe('invalid request: path: graph files end in .adloom.json');
    expect(bad.status).toBe(400);
    const outside = await rejection(host.saveFile('../evil.adloom.json', '{}'));
    expect(outside).toMatchObject({ status: 403, message: '"../evil.adloom.json" is outside the workspace folder' });
    expect(await rejection(host.openFile('/etc/passwd'))).toMatchObject({ status: 403 });
    expect(await rejection(host.openFile('missing.adloom.json'))).toMatchObject({
      status: 404,
      message: 'there is no file missing.adloom.json in the workspace',
    });
    const opened = await host.saveFile('a.adloom.json', graphText);
    await new Promise((r) => setTimeout(r, 20));
    await writeFile(join(workspace, 'a.adloom.json'), graphText.replace('world', 'there'));
    const conflict = await rejection(host.saveFile('a.adloom.json', graphText, { expectedModifiedAt: opened.modifiedAt }));
    expect(conflict.status).toBe(409);
    expect(conflict.message).toMatch(/^a\.adloom\.json changed on disk since it was opened/);
    expect(await rejection(host.cancelRun('nope'))).toMatchObject({ status: 404, message: 'there is no run nope' });
  });

  it('[desktop.H4] asks before overwriting a file changed on disk, and overwrites when told to', async () => {
    const asked: string[] = [];
    const { host, workspace } = await harness({
      confirmOverwrite: async (path) => {
        asked.push(path);
        return true;
      },
    });
    const opened = await host.saveFile('a.adloom.json', graphText);
    await new Promise((r) => setTimeout(r, 20));
    await writeFile(join(workspace, 'a.adloom.json'), 'changed elsewhere');
    await host.saveFile('a.adloom.json', graphText, { expectedModifiedAt: opened.modifiedAt });
    expect(asked).toEqual(['a.adloom.json']);
    expect(await readFile(join(workspace, 'a.adloom.json'), 'utf8')).toBe(graphText);
  });

  it('[desktop.H5] opens and saves a file outside the workspace only once the user chose it', async () => {
    const { host, paths } = await harness();
    const elsewhere = await tempWorkspace('adloom-elsewhere-');
    const file = join(elsewhere, 'Launch.adloom.json');
    await writeFile(file, graphText);
    expect(await rejection(host.openFile(file))).toMatchObject({ status: 403 });
    expect(await rejection(host.writeRecovery(file, 'x'))).toMatchObject({ status: 403 });
    expect(paths.grant(file)).toBe(file);
    expect((await host.openFile(file)).text).toBe(graphText);
    await host.saveFile(file, graphText.replace('world', 'you'));
    expect(await readFile(file, 'utf8')).toContain('you');
    await host.writeRecovery(file, '{"draft":3}');
    expect(await readFile(join(elsewhere, '.Launch.adloom.json.recovery.json'), 'utf8')).toContain('draft');
    expect(await host.readRecovery(file)).toMatchObject({ path: file, text: '{"draft":3}' });
    // A file inside the workspace is named relatively, as the browser host names it.
    expect(paths.grant(join(paths.workspace, 'ads', 'x.adloom.json'))).toBe('ads/x.adloom.json');
  });

  it('[desktop.H6] runs a graph in the engine and streams its events to the subscription, per subscription', async () => {
    const { host, relay, windowId } = await harness();
    const { runId } = await host.startRun({ graph: JSON.parse(graphText), inputs: { who: 'desk' } });
    const [first, second] = await Promise.all([runEvents(host, runId), runEvents(host, runId)]);
    expect(first.at(-1)).toMatchObject({ type: 'run.finished', status: 'succeeded' });
    expect(first.find((e) => e.type === 'node.finished' && e.nodeId === 'greet')).toMatchObject({
      outputs: { text: 'Hello, desk!' },
    });
    expect(second).toEqual(first);
    expect(relay.countFor(windowId)).toBe(0);
    const stop = host.subscribeRun(runId, () => {});
    stop();
  });

  it('[desktop.H7] refuses an invalid graph with its diagnostics, as the browser host does', async () => {
    const { host } = await harness();
    const graph = JSON.parse(graphText);
    graph.edges.push({ from: 'ghost.text', to: 'greet.who' });
    const error = await rejection(host.startRun({ graph }));
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/^the graph is not valid: .*ghost/);
  });

  it('[desktop.H8] refuses every channel to a frame that is not the editor’s own (403)', async () => {
    const h = await harness();
    for (const frame of [
      { url: 'https://evil.example/', parent: null },
      { url: 'app://adloom/artifacts/x.html', parent: { url: 'app://adloom/index.html' } },
      { url: 'file:///tmp/index.html', parent: null },
    ]) {
      h.setFrame(frame);
      for (const channel of Object.keys(invokeChannels)) {
        expect(await h.invoke(channel, {}), `${channel} from ${frame.url}`).toMatchObject({ ok: false, status: 403 });
      }
    }
    h.setFrame({ url: 'app://adloom/index.html', parent: null });
    expect(await h.invoke('no:such', undefined)).toMatchObject({ ok: false, status: 404 });
  });

  it('[desktop.H9] delivers menu commands to the editor and takes its document state', async () => {
    const { host, emit, sent } = await harness();
    const commands: unknown[] = [];
    const stop = host.onMenuCommand?.((command) => commands.push(command));
    emit(MENU_COMMAND_CHANNEL, { id: 'saveAs', path: 'ads/new.adloom.json' });
    stop?.();
    emit(MENU_COMMAND_CHANNEL, { id: 'save' });
    expect(commands).toEqual([{ id: 'saveAs', path: 'ads/new.adloom.json' }]);
    host.reportDocumentState?.({ path: 'ads/a.adloom.json', title: 'A', isDirty: true });
    expect(sent).toEqual([
      { channel: DOCUMENT_STATE_CHANNEL, payload: { path: 'ads/a.adloom.json', title: 'A', isDirty: true } },
    ]);
  });

  it('[desktop.H10] keeps settings in the user data folder, checked by the same schema', async () => {
    const { host, userData } = await harness();
    expect(await host.getSettings()).toMatchObject({ defaultTextProvider: 'offline', recentFiles: [] });
    const next = await host.saveSettings({
      providers: { compatible: { baseUrl: 'http://127.0.0.1:11434/v1' } },
      defaultTextProvider: 'compatible',
      defaultImageProvider: 'offline',
      recentFiles: ['a.adloom.json'],
      readFolders: [],
    });
    expect(next.defaultTextProvider).toBe('compatible');
    expect(JSON.parse(await readFile(join(userData, 'settings.json'), 'utf8'))).toEqual(next);
    expect(await rejection(host.saveSettings({ ...next, defaultTextProvider: 'skynet' as 'offline' }))).toMatchObject({
      status: 400,
    });
  });
});

describe('secrets', () => {
  const KEY = 'sk-live-9a8b7c6d5e4f3a2b1c0d-desktop';

  it('[desktop.K1] are write-only: no channel ever returns one, yet the run that needs it gets it, and only that run', async () => {
    const h = await harness();
    await mkdir(join(h.workspace, 'ads'), { recursive: true });
    await h.host.setSecret('OPENAI_API_KEY', KEY);
    expect(await h.host.listSecrets()).toEqual([
      { name: 'OPENAI_API_KEY', isSet: true },
      { name: 'COMPATIBLE_API_KEY', isSet: false },
    ]);

    const keyGraph = { adloom: 1, name: 'Key', nodes: { check: { type: 'test.keyCheck', params: {} } }, edges: [] };
    const { runId } = await h.host.startRun({ graph: keyGraph, path: 'ads/key.adloom.json' });
    const events = await runEvents(h.host, runId);
    expect(events.find((e) => e.type === 'node.finished')).toMatchObject({ outputs: { hasKey: true, keyLength: KEY.length } });

    // Every other channel, with a payload it accepts.
    await h.host.saveFile('ads/key.adloom.json', JSON.stringify(keyGraph));
    await h.host.writeRecovery('ads/key.adloom.json', JSON.stringify(keyGraph));
    for (const [channel, payload] of Object.entries({
      'host:info': undefined,
      'host:catalog': undefined,
      'graphs:list': undefined,
      'examples:list': undefined,
      'file:open': { path: 'ads/key.adloom.json' },
      'recovery:read': { path: 'ads/key.adloom.json' },
      'settings:get': undefined,
      'settings:save': {},
      'secrets:list': undefined,
      'run:subscribe': { runId, subscriptionId: 99 },
      'run:cancel': { runId },
    })) {
      expect(await h.invoke(channel, payload), channel).toMatchObject({ ok: true });
    }
    const everything = JSON.stringify({ answers: h.answers, pushed: h.pushed, events });
    expect(everything).not.toContain(KEY);
    expect(everything).not.toContain(KEY.slice(8));

    // Nothing written to disk holds it in clear: graphs, journal, run folder and manifest, settings, the secrets file.
    for (const root of [h.workspace, h.userData]) {
      const { readdir } = await import('node:fs/promises');
      for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile()) continue;
        const text = await readFile(join(entry.parentPath, entry.name), 'latin1');
        expect(text.includes(KEY), join(entry.parentPath, entry.name)).toBe(false);
      }
    }

    // Removed: the next run has no key; the engine kept none from the last.
    await h.host.setSecret('OPENAI_API_KEY', '');
    expect((await h.host.listSecrets())[0]).toEqual({ name: 'OPENAI_API_KEY', isSet: false });
    const again = await h.host.startRun({ graph: keyGraph });
    const after = await runEvents(h.host, again.runId);
    expect(after.find((e) => e.type === 'node.finished')).toMatchObject({ outputs: { hasKey: false, keyLength: 0 } });
  });

  it('[desktop.K2] refuses names it does not hold (404), and counts a key from the environment as set', async () => {
    const { host } = await harness({ env: { COMPATIBLE_API_KEY: 'from-env' } });
    expect(await rejection(host.setSecret('NOT_A_SECRET' as 'OPENAI_API_KEY', 'x'))).toMatchObject({
      status: 404,
      message: 'unknown secret NOT_A_SECRET',
    });
    expect(await host.listSecrets()).toContainEqual({ name: 'COMPATIBLE_API_KEY', isSet: true });
  });
});
