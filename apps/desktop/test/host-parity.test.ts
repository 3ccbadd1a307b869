import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NodeRegistry } from '@adloom/engine';
import { pack as corePack } from '@adloom/nodes-core';
import { type RunningServer, startServer } from '@adloom/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tempWorkspace } from './engine-harness.ts';
import { desktopHarness } from './ipc-harness.ts';

// Real child processes: slower than the default timeout allows on a loaded machine.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 120_000 });

// The same bad requests to `adloom serve` (over HTTP) and to the desktop host (over IPC): the
// same status and the same words, so the editor shows the same message in either place.

let server: RunningServer;
let desktop: Awaited<ReturnType<typeof desktopHarness>>;

beforeAll(async () => {
  const workspace = await tempWorkspace('adloom-serve-');
  server = await startServer({ workspace, registry: new NodeRegistry([corePack]), port: 0 });
  desktop = await desktopHarness();
  for (const root of [workspace, desktop.workspace])
    await writeFile(join(root, 'a.adloom.json'), '{"adloom":1,"nodes":{},"edges":[]}');
});
afterAll(async () => {
  await server.close();
  desktop.supervisor.dispose();
});

interface Answer {
  status: number;
  error?: string;
  issues?: unknown;
}

async function viaHttp(method: string, path: string, body?: unknown): Promise<Answer> {
  const response = await fetch(`http://127.0.0.1:${server.port}${path}`, {
    method,
    headers: { 'x-adloom-session': server.session, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as { error?: string; issues?: unknown };
  return { status: response.status, error: json.error, ...(json.issues === undefined ? {} : { issues: json.issues }) };
}

async function viaIpc(channel: string, payload?: unknown): Promise<Answer> {
  const answer = (await desktop.invoke(channel, payload)) as { ok: boolean; status?: number; error?: string; issues?: unknown };
  if (answer.ok) return { status: 200 };
  return {
    status: answer.status as number,
    error: answer.error,
    ...(answer.issues === undefined ? {} : { issues: answer.issues }),
  };
}

const graph = (edges: { from: string; to: string }[]) => ({
  adloom: 1,
  name: 'G',
  nodes: { who: { type: 'input.text', params: { name: 'who', default: 'x' } } },
  edges,
});

describe('the same errors as the browser host', () => {
  it.each([
    [
      'a body that is not a graph file (400)',
      ['PUT', '/api/file', { path: 'notes.json', text: '' }],
      ['file:save', { path: 'notes.json', text: '' }],
    ],
    ['a body of the wrong types (400)', ['PUT', '/api/file', { path: 1, text: 2 }], ['file:save', { path: 1, text: 2 }]],
    [
      'a path out of the workspace (403)',
      ['PUT', '/api/file', { path: '../x.adloom.json', text: '' }],
      ['file:save', { path: '../x.adloom.json', text: '' }],
    ],
    ['an absolute path (403)', ['GET', '/api/file?path=%2Fetc%2Fpasswd'], ['file:open', { path: '/etc/passwd' }]],
    ['a missing file (404)', ['GET', '/api/file?path=missing.adloom.json'], ['file:open', { path: 'missing.adloom.json' }]],
    [
      'a journal out of the workspace (403)',
      ['PUT', '/api/recovery', { path: '../a', text: '' }],
      ['recovery:write', { path: '../a', text: '' }],
    ],
    [
      'settings with an unknown provider (400)',
      ['PUT', '/api/settings', { defaultTextProvider: 'skynet' }],
      ['settings:save', { defaultTextProvider: 'skynet' }],
    ],
    [
      'an unknown secret (404)',
      ['PUT', '/api/secrets/NOT_A_SECRET', { value: 'x' }],
      ['secrets:set', { name: 'NOT_A_SECRET', value: 'x' }],
    ],
    ['a run that does not exist (404)', ['POST', '/api/runs/nope/cancel'], ['run:cancel', { runId: 'nope' }]],
    [
      'an invalid graph, with its diagnostics (400)',
      ['POST', '/api/runs', { graph: graph([{ from: 'ghost.text', to: 'who.x' }]) }],
      ['run:start', { graph: graph([{ from: 'ghost.text', to: 'who.x' }]) }],
    ],
  ] as const)('%s', async (_name, http, ipc) => {
    const [method, path, body] = http as readonly [string, string, unknown?];
    const [channel, payload] = ipc as readonly [string, unknown];
    const browser = await viaHttp(method, path, body);
    expect(browser.status).toBeGreaterThanOrEqual(400);
    expect(await viaIpc(channel, payload)).toEqual(browser);
  });

  it('the same conflict when the file changed on disk since it was opened (409)', async () => {
    const stale = '2001-01-01T00:00:00.000Z';
    const browser = await viaHttp('PUT', '/api/file', { path: 'a.adloom.json', text: '{}', expectedModifiedAt: stale });
    const ipc = await viaIpc('file:save', { path: 'a.adloom.json', text: '{}', expectedModifiedAt: stale });
    expect(browser.status).toBe(409);
    expect(ipc.status).toBe(409);
    const withoutTime = (text?: string) => text?.replace(/\(at [^)]+\)/, '(at …)');
    expect(withoutTime(ipc.error)).toBe(withoutTime(browser.error));
  });
});
