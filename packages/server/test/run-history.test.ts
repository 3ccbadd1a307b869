import { mkdtemp, realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeRegistry } from '@adloom/engine';
import { pack as corePack } from '@adloom/nodes-core';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/index.ts';

const registry = new NodeRegistry([corePack]);
const graph = (template: string) => ({
  adloom: 1,
  name: 'Greeting',
  nodes: { greet: { type: 'text.template', params: { template } } },
  edges: [],
});

let servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function serveOn(workspace: string) {
  const server = await startServer({ workspace, registry, port: 0 });
  servers.push(server);
  const base = `http://127.0.0.1:${server.port}`;
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${base}${path}`, { ...init, headers: { 'x-adloom-session': server.session, ...(init.headers as object) } });
  const eventsOf = async (runId: string) => {
    const text = await (await api(`/api/runs/${runId}/events`)).text();
    return text
      .split('\n\n')
      .filter((chunk) => chunk.startsWith('data: '))
      .map((chunk) => JSON.parse(chunk.slice(6)) as { type: string; [k: string]: unknown });
  };
  const run = async (template: string, path?: string) => {
    const res = await api('/api/runs', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ graph: graph(template), ...(path ? { path } : {}) }),
    });
    const body = (await res.json()) as { runId: string; error?: string };
    expect(body.error).toBeUndefined();
    const { runId } = body;
    await eventsOf(runId);
    return runId;
  };
  return { server, base, api, eventsOf, run };
}

describe('adloom serve: the run history (GET /api/runs)', () => {
  it('lists the runs on disk after a restart, one graph alone, and reopens one over SSE with its result', async () => {
    const workspace = await realpath(await mkdtemp(join(tmpdir(), 'adloom-serve-history-')));
    const before = await serveOn(workspace);
    const first = await before.run('Hello, old', 'greeting.adloom.json');
    const second = await before.run('Hello, new', 'greeting.adloom.json');
    const other = await before.run('Elsewhere');
    await before.server.close();
    servers = [];

    const after = await serveOn(workspace);
    const all = await after.api('/api/runs');
    expect(all.status).toBe(200);
    const list = (await all.json()) as { runs: { runId: string; path?: string; status: string }[]; skipped: unknown[] };
    expect(list.runs.map((r) => r.runId)).toEqual([other, second, first]);
    expect(list.runs[1]).toMatchObject({ path: 'greeting.adloom.json', status: 'succeeded', graphName: 'Greeting' });
    const one = (await (await after.api('/api/runs?path=greeting.adloom.json')).json()) as typeof list;
    expect(one.runs.map((r) => r.runId)).toEqual([second, first]);

    const events = await after.eventsOf(first);
    expect(events.map((e) => e.type)).toEqual(['run.started', 'node.finished', 'run.finished']);
    expect(events[1]).toMatchObject({ nodeId: 'greet', outputs: { text: 'Hello, old' } });
    // The run folder is named without this machine's paths, as for a live run.
    expect(JSON.stringify(events)).not.toContain(workspace);
  });

  it('stands behind the same checks as every API route: no session secret is a 403, a bad limit a 400', async () => {
    const workspace = await realpath(await mkdtemp(join(tmpdir(), 'adloom-serve-history-')));
    const { base, api } = await serveOn(workspace);
    const bare = await fetch(`${base}/api/runs`);
    expect(bare.status).toBe(403);
    const otherPage = await api('/api/runs', { headers: { origin: 'https://evil.example' } });
    expect(otherPage.status).toBe(403);
    const badLimit = await api('/api/runs?limit=lots');
    expect(badLimit.status).toBe(400);
    expect(((await badLimit.json()) as { error: string }).error).toContain('limit');
    expect(await (await api('/api/runs')).json()).toEqual({ runs: [], skipped: [] });
    expect((await api('/api/runs/20260101-000000-abcdef/events')).status).toBe(404);
  });
});
