import { mkdir, mkdtemp, realpath, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler, fileForAppUrl } from './app-protocol.ts';
import { contentSecurityPolicy } from './csp.ts';

const SHA = 'ab'.padEnd(64, 'c');
let workspace: string;
let editorDir: string;
let handle: (request: Request) => Promise<Response>;

beforeAll(async () => {
  const root = await realpath(await mkdtemp(join(tmpdir(), 'adloom-protocol-')));
  editorDir = join(root, 'editor');
  workspace = join(root, 'workspace');
  await mkdir(join(editorDir, 'assets'), { recursive: true });
  await writeFile(join(editorDir, 'index.html'), '<!doctype html><script type="module" src="./assets/app.js"></script>');
  await writeFile(join(editorDir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(root, 'secret.txt'), 'TOP-SECRET-CONTENT');
  await mkdir(join(workspace, '.adloom', 'artifacts', 'ab'), { recursive: true });
  await writeFile(join(workspace, '.adloom', 'artifacts', 'ab', `${SHA}.mp4`), Buffer.from('0123456789'));
  await mkdir(join(workspace, 'runs', 'r1'), { recursive: true });
  await writeFile(join(workspace, 'runs', 'r1', 'manifest.json'), '{"ok":true}');
  handle = createAppProtocolHandler({ editorDir, workspace });
});

const get = (url: string, headers: Record<string, string> = {}, method = 'GET') => handle(new Request(url, { method, headers }));

describe('app:// protocol', () => {
  it('[desktop.A1] serves the editor with the strict CSP, and falls back to index.html for app routes', async () => {
    const index = await get('app://adloom/index.html');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await index.text()).toContain('assets/app.js');
    const script = await get('app://adloom/assets/app.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log(1)');
    expect(await (await get('app://adloom/some/route')).text()).toContain('<!doctype html>');
  });

  it('[desktop.A2] never serves a file outside the editor folder', async () => {
    // The URL parser folds dot segments away: this is /secret.txt, which the editor has not.
    expect(await (await get('app://adloom/%2e%2e/secret.txt')).text()).not.toContain('TOP-SECRET-CONTENT');
    // Encoded slashes survive the parser; the folder check stops them.
    const escaped = await get('app://adloom/..%2F..%2Fsecret.txt');
    expect(escaped.status).toBe(403);
    expect(await escaped.text()).not.toContain('TOP-SECRET-CONTENT');
  });

  it('[desktop.A3] serves artifacts by hash, sandboxed, with byte ranges for video seeking', async () => {
    const whole = await get(`app://adloom/artifacts/${SHA}.mp4`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('video/mp4');
    expect(whole.headers.get('content-security-policy')).toMatch(/^sandbox;/);
    expect(await whole.text()).toBe('0123456789');
    const part = await get(`app://adloom/artifacts/${SHA}.mp4`, { range: 'bytes=2-5' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 2-5/10');
    expect(await part.text()).toBe('2345');
    expect((await get(`app://adloom/artifacts/${SHA}.mp4`, { range: 'bytes=-3' })).headers.get('content-range')).toBe(
      'bytes 7-9/10',
    );
    expect((await get(`app://adloom/artifacts/${SHA}.mp4`, { range: 'bytes=20-' })).status).toBe(416);
    expect((await get(`app://adloom/artifacts/${'0'.repeat(64)}.png`)).status).toBe(404);
  });

  it('[desktop.A4] serves a run folder’s files, and nothing above it', async () => {
    const manifest = await get('app://adloom/runs/r1/files/manifest.json');
    expect(await manifest.json()).toEqual({ ok: true });
    expect(manifest.headers.get('content-security-policy')).toMatch(/^sandbox;/);
    expect((await get('app://adloom/runs/r1/files/..%2F..%2F.adloom%2Fartifacts%2Fab%2Fx')).status).toBe(403);
  });

  it('[desktop.A5] answers only GET and HEAD, only on its own host', async () => {
    expect((await get('app://adloom/index.html', {}, 'POST')).status).toBe(405);
    const head = await get(`app://adloom/artifacts/${SHA}.mp4`, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('10');
    expect((await get('app://other/index.html')).status).toBe(404);
  });

  it('[desktop.A6] maps an artifact or run-file URL to its file on disk, and nothing else', () => {
    expect(fileForAppUrl(`app://adloom/artifacts/${SHA}.mp4`, workspace)).toBe(
      join(workspace, '.adloom', 'artifacts', 'ab', `${SHA}.mp4`),
    );
    expect(fileForAppUrl('app://adloom/runs/r1/files/a%20b.png', workspace)).toBe(join(workspace, 'runs', 'r1', 'a b.png'));
    expect(fileForAppUrl('app://adloom/runs/r1/files/..%2F..%2Fx', workspace)).toBeNull();
    expect(fileForAppUrl('app://adloom/index.html', workspace)).toBeNull();
    expect(fileForAppUrl('https://adloom/artifacts/x.png', workspace)).toBeNull();
  });
});
