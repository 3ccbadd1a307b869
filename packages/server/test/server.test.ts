import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defineNode, NodeRegistry } from '@adloom/engine';
import { pack as corePack } from '@adloom/nodes-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type RunningServer, startServer } from '../src/index.ts';

const examplesDir = resolve(import.meta.dirname, '../../../examples');
const registry = new NodeRegistry([corePack]);

const graph = {
  adloom: 1,
  name: 'Greeting',
  nodes: {
    who: { type: 'input.text', params: { name: 'who', default: 'world' } },
    greet: { type: 'text.template', params: { template: 'Hello, {{who}}!' } },
  },
  edges: [{ from: 'who.text', to: 'greet.who' }],
};

let workspace: string;
let server: RunningServer;
let base: string;

beforeEach(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'adloom-serve-'));
  server = await startServer({ workspace, registry, port: 0, examplesDir });
  base = `http://127.0.0.1:${server.port}`;
});
afterEach(() => server.close());

/** A request as the editor page sends it: with the session secret the server put into the page. */
const api = (path: string, init: RequestInit = {}) =>
  fetch(`${base}${path}`, {
    ...init,
    headers: { 'x-adloom-session': server.session, ...(init.headers as Record<string, string>) },
  });
const put = (path: string, body: unknown) =>
  api(path, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const post = (path: string, body: unknown) =>
  api(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Reads a run's SSE stream to its end. */
async function eventsOf(runId: string): Promise<{ type: string; [k: string]: unknown }[]> {
  const res = await api(`/api/runs/${runId}/events`);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((chunk) => chunk.startsWith('data: '))
    .map((chunk) => JSON.parse(chunk.slice(6)));
}

describe('adloom serve: files', () => {
  it('saves atomically, lists and reopens a graph byte for byte', async () => {
    const text = `${JSON.stringify(graph, null, 2)}\n`;
    const saved = await put('/api/file', { path: 'ads/greeting.adloom.json', text });
    expect(saved.status).toBe(200);
    expect(await readFile(join(workspace, 'ads/greeting.adloom.json'), 'utf8')).toBe(text);
    const list = await (await api('/api/graphs')).json();
    expect(list).toEqual([expect.objectContaining({ path: 'ads/greeting.adloom.json', name: 'Greeting' })]);
    const opened = await (await api('/api/file?path=ads/greeting.adloom.json')).json();
    expect(opened.text).toBe(text);
  });

  it('refuses a save over a file that changed on disk since it was opened (409), unless forced', async () => {
    await put('/api/file', { path: 'g.adloom.json', text: '{}' });
    const opened = await (await api('/api/file?path=g.adloom.json')).json();
    await new Promise((r) => setTimeout(r, 20));
    await writeFile(join(workspace, 'g.adloom.json'), '{"changed":true}');
    const conflict = await put('/api/file', { path: 'g.adloom.json', text: '{}', expectedModifiedAt: opened.modifiedAt });
    expect(conflict.status).toBe(409);
    expect((await conflict.json()).error).toContain('changed on disk');
    const forced = await put('/api/file', {
      path: 'g.adloom.json',
      text: '{}',
      expectedModifiedAt: opened.modifiedAt,
      force: true,
    });
    expect(forced.status).toBe(200);
  });

  it('keeps every path inside the workspace: .., absolute paths and symlinks out are refused', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'adloom-outside-'));
    await symlink(outside, join(workspace, 'escape'));
    for (const path of ['../x.adloom.json', '/tmp/x.adloom.json', 'escape/x.adloom.json', 'a/../../x.adloom.json']) {
      const res = await put('/api/file', { path, text: '{}' });
      expect(res.status, path).toBe(403);
      expect((await res.json()).error).toContain('outside the workspace');
    }
    expect((await api('/api/file?path=../../etc/passwd')).status).toBe(403);
  });

  it('rejects a bad body with 400 and says which field', async () => {
    const res = await put('/api/file', { path: 'notes.txt', text: 1 });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error).toContain('path: graph files end in .adloom.json');
    expect(error).toContain('text:');
    const malformed = await api('/api/file', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{oops' });
    expect(malformed.status).toBe(400);
  });

  it('lists the bundled examples and opens them', async () => {
    const examples = await (await api('/api/examples')).json();
    const hello = examples.find((e: { path: string }) => e.path === 'examples/hello-brief.adloom.json');
    expect(hello.name).toBe('Hello brief');
    const opened = await (await api(`/api/file?path=${hello.path}`)).json();
    expect(opened.text).toBe(await readFile(join(examplesDir, 'hello-brief.adloom.json'), 'utf8'));
  });

  it('keeps a recovery journal beside the file, and for untitled graphs', async () => {
    await mkdir(join(workspace, 'ads'));
    expect(await (await api('/api/recovery?path=ads/g.adloom.json')).json()).toBeNull();
    await put('/api/recovery', { path: 'ads/g.adloom.json', text: 'unsaved work' });
    const entry = await (await api('/api/recovery?path=ads/g.adloom.json')).json();
    expect(entry.text).toBe('unsaved work');
    expect(await readFile(join(workspace, 'ads/.g.adloom.json.recovery.json'), 'utf8')).toContain('unsaved work');
    await put('/api/recovery', { path: 'untitled-abc', text: 'draft' });
    expect((await (await api('/api/recovery?path=untitled-abc')).json()).text).toBe('draft');
    await api('/api/recovery?path=ads/g.adloom.json', { method: 'DELETE' });
    expect(await (await api('/api/recovery?path=ads/g.adloom.json')).json()).toBeNull();
  });
});

describe('adloom serve: runs', () => {
  it('runs a graph and streams its events over SSE, past events replayed first', async () => {
    const res = await post('/api/runs', { graph, inputs: { who: 'Adloom' } });
    expect(res.status).toBe(200);
    const { runId } = await res.json();
    const events = await eventsOf(runId);
    expect(events[0]?.type).toBe('run.started');
    expect(events.at(-1)).toMatchObject({ type: 'run.finished', status: 'succeeded' });
    const greet = events.find((e) => e.type === 'node.finished' && e.nodeId === 'greet');
    expect(greet?.outputs).toEqual({ text: 'Hello, Adloom!' });
    // A late subscriber gets the whole story.
    expect((await eventsOf(runId)).length).toBe(events.length);
    const manifest = await api(`/api/runs/${runId}/files/manifest.json`);
    expect((await manifest.json()).status).toBe('succeeded');
  });

  it('answers 400 with the diagnostics for an invalid graph, naming the node', async () => {
    const res = await post('/api/runs', { graph: { ...graph, nodes: { ...graph.nodes, x: { type: 'nope.node' } } } });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.issues[0]).toMatchObject({ nodeId: 'x' });
    expect(body.issues[0].message).toContain('unknown type "nope.node"');
  });

  it('serves stored artifacts by content hash, with ranges', async () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    await writeFile(join(workspace, 'pixel.png'), png);
    const imageGraph = { adloom: 1, name: 'Pic', nodes: { pic: { type: 'input.image', params: { name: 'pic' } } }, edges: [] };
    await put('/api/file', { path: 'pic.adloom.json', text: JSON.stringify(imageGraph) });
    const { runId } = await (
      await post('/api/runs', { graph: imageGraph, path: 'pic.adloom.json', inputs: { pic: join(workspace, 'pixel.png') } })
    ).json();
    const events = await eventsOf(runId);
    const outputs = events.find((e) => e.type === 'node.finished')?.outputs as { image: { sha256: string } };
    const image = outputs.image;
    const res = await api(`/api/artifacts/${image.sha256}.png`);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(png);
    const part = await api(`/api/artifacts/${image.sha256}.png`, { headers: { range: 'bytes=0-7' } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(png.subarray(0, 8));
    expect((await api('/api/artifacts/..%2F..%2Fsecret.png')).status).toBe(404);
  });

  it('[server.F1] a stored file deleted while it is asked for is a 404 or whole bytes, and the host keeps answering', async () => {
    // The designer cleans the store while the editor still loads its thumbnails.
    const sha = 'ab'.repeat(32);
    const dir = join(workspace, '.adloom', 'artifacts', 'ab');
    await mkdir(dir, { recursive: true });
    const bytes = Buffer.alloc(256 * 1024, 7);
    const statuses = new Set<number>();
    for (let i = 0; i < 150; i++) {
      await writeFile(join(dir, `${sha}.png`), bytes);
      const asked = api(`/api/artifacts/${sha}.png`).then(async (res) => {
        statuses.add(res.status);
        if (res.status === 200) expect(Buffer.from(await res.arrayBuffer()).length).toBe(bytes.length);
      });
      // Deleted at a different moment of the request each time.
      await new Promise((done) => setTimeout(done, i % 4));
      await rm(join(dir, `${sha}.png`), { force: true });
      await asked;
    }
    expect([...statuses].every((status) => status === 200 || status === 404)).toBe(true);
    expect((await api('/api/info')).status).toBe(200);
  });
});

describe('adloom serve: settings, secrets and tokens', () => {
  it('stores settings and takes secrets write-only', async () => {
    const settings = await (await put('/api/settings', { providers: { openai: { baseUrl: 'http://127.0.0.1:1/v1' } } })).json();
    expect(settings.defaultTextProvider).toBe('offline');
    expect((await (await api('/api/settings')).json()).providers.openai.baseUrl).toBe('http://127.0.0.1:1/v1');
    expect((await put('/api/secrets/OPENAI_API_KEY', { value: 'sk-test-secret-123' })).status).toBe(200);
    const status = await (await api('/api/secrets')).text();
    expect(status).toContain('"name":"OPENAI_API_KEY","isSet":true');
    expect(status).not.toContain('sk-test-secret-123');
    expect((await put('/api/secrets/HOME', { value: 'x' })).status).toBe(404);
  });

  it('on a non-local address, requires the token on every request', async () => {
    const open = await startServer({ workspace, registry, port: 0, host: '127.0.0.2', token: 't0ken' });
    try {
      const url = `http://127.0.0.2:${open.port}`;
      expect(open.url).toContain('?token=t0ken');
      expect((await fetch(`${url}/api/catalog`)).status).toBe(401);
      expect((await fetch(`${url}/api/catalog`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
      expect((await fetch(`${url}/api/catalog`, { headers: { authorization: 'Bearer t0ken' } })).status).toBe(200);
      const first = await fetch(`${url}/api/info?token=t0ken`);
      expect(first.headers.get('set-cookie')).toContain('adloom_token=t0ken');
    } finally {
      await open.close();
    }
  });

  it('says plainly when the editor is not built', async () => {
    const res = await api('/');
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('The editor is not built yet');
  });
});

describe('adloom serve: provider settings reach runs', () => {
  it('a server address set in the settings is what a run sees, and the secrets too, never in the answer', async () => {
    const envProbe = defineNode({
      type: 'test.env',
      version: 1,
      title: 'Env',
      category: 'Test',
      description: 'Says whether the provider settings arrived.',
      outputs: [{ name: 'text', type: 'text' }],
      params: z.object({}),
      deterministic: false,
      run: ({ providers }) => {
        const env = providers.env as Record<string, string | undefined>;
        return { text: `${env.COMFYUI_URL} key:${env.OPENAI_API_KEY ? 'set' : 'missing'}` };
      },
    });
    const probeServer = await startServer({
      workspace,
      registry: new NodeRegistry([corePack, { name: 'probe', nodes: [envProbe] }]),
      port: 0,
    });
    try {
      const url = `http://127.0.0.1:${probeServer.port}`;
      const send = (method: string, path: string, body: unknown) =>
        fetch(`${url}${path}`, {
          method,
          headers: { 'content-type': 'application/json', 'x-adloom-session': probeServer.session },
          body: JSON.stringify(body),
        });
      await send('PUT', '/api/settings', { providers: { comfyui: { baseUrl: 'http://127.0.0.1:8999' } } });
      await send('PUT', '/api/secrets/OPENAI_API_KEY', { value: 'sk-probe' });
      const graphWithProbe = { adloom: 1, name: 'Probe', nodes: { probe: { type: 'test.env' } }, edges: [] };
      const { runId } = await (await send('POST', '/api/runs', { graph: graphWithProbe })).json();
      const stream = await (await fetch(`${url}/api/runs/${runId}/events?session=${probeServer.session}`)).text();
      expect(stream).toContain('"text":"http://127.0.0.1:8999 key:set"');
      expect(stream).not.toContain('sk-probe');
    } finally {
      await probeServer.close();
    }
  });
});
