import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeRegistry } from '@adloom/engine';
import { pack as corePack } from '@adloom/nodes-core';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/index.ts';

// Real Chromium pages, as a user's browser would load them: another web page must not drive
// the host, while the editor page (which holds the session secret) still can.

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
let host: RunningServer;
let attacker: Server;
let attackerOrigin: string;
let browser: Browser;

beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'adloom-cross-site-'));
  const editorDir = await mkdtemp(join(tmpdir(), 'adloom-cross-site-editor-'));
  await writeFile(
    join(editorDir, 'index.html'),
    '<!doctype html><html><head><title>Adloom</title></head><body>editor</body></html>',
  );
  host = await startServer({ workspace, registry: new NodeRegistry([corePack]), port: 0, editorDir });
  // The other page: any site the user visits, here on another port of the same loopback address.
  attacker = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html><body><iframe name="sink"></iframe></body></html>');
  });
  await new Promise<void>((ready) => attacker.listen(0, '127.0.0.1', () => ready()));
  attackerOrigin = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // A name of someone else's that resolves to this machine: DNS rebinding without a DNS server.
      '--host-resolver-rules=MAP rebound.example 127.0.0.1',
    ],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await new Promise((done) => attacker?.close(done));
});

let page: Page;
beforeEach(async () => {
  page = await (await browser.newContext()).newPage();
});

const hostUrl = () => `http://127.0.0.1:${host.port}`;
const runFolders = async () => (await readdir(join(workspace, 'runs')).catch(() => [])).sort();
const settingsText = () => readFile(join(workspace, '.adloom', 'settings.json'), 'utf8').catch(() => '(none)');

/** From inside the page: a fetch a page may send anywhere without asking (a "simple" request). */
function noCorsFetch(target: Page, url: string, method: string, body: string): Promise<string> {
  return target.evaluate(
    async ({ url, method, body }) => {
      try {
        const res = await fetch(url, { method, mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body });
        return `answered (${res.type})`;
      } catch (error) {
        return `failed: ${(error as Error).message}`;
      }
    },
    { url, method, body },
  );
}

/** From inside the page: a CORS fetch, which the browser sends only if the host's preflight agrees. */
function corsFetch(target: Page, url: string, method: string, body: string): Promise<string> {
  return target.evaluate(
    async ({ url, method, body }) => {
      try {
        const res = await fetch(url, { method, headers: { 'content-type': 'text/plain' }, body });
        return `answered ${res.status}`;
      } catch (error) {
        return `failed: ${(error as Error).message}`;
      }
    },
    { url, method, body },
  );
}

/** From inside the page: a `<form enctype="text/plain">` posted into an iframe, once it has loaded. */
function submitForm(target: Page, action: string, field: string, value: string): Promise<void> {
  return target.evaluate(
    ({ action, field, value }) =>
      new Promise<void>((done) => {
        const sink = document.querySelector('iframe[name="sink"]') as HTMLIFrameElement;
        sink.addEventListener('load', () => done(), { once: true });
        const form = document.createElement('form');
        form.method = 'post';
        form.enctype = 'text/plain';
        form.action = action;
        form.target = 'sink';
        const input = document.createElement('input');
        input.name = field;
        input.value = value;
        form.append(input);
        document.body.append(form);
        form.submit();
      }),
    { action, field, value },
  );
}

describe('[server.H2] another web page cannot drive the host', () => {
  it('a no-cors fetch and a text/plain form to POST /api/runs and PUT /api/settings start nothing and change nothing', async () => {
    await page.goto(attackerOrigin);
    const run = JSON.stringify({ graph });
    const settings = JSON.stringify({ providers: { openai: { baseUrl: `${attackerOrigin}/v1` } } });
    // Each fetch resolves once the host answered: the requests did reach it.
    expect(await noCorsFetch(page, `${hostUrl()}/api/runs`, 'POST', run)).toBe('answered (opaque)');
    expect(await noCorsFetch(page, `${hostUrl()}/api/settings`, 'POST', settings)).toBe('answered (opaque)');
    // PUT is not a "simple" method: the browser asks first (a CORS preflight), the host never agrees.
    expect(await corsFetch(page, `${hostUrl()}/api/settings`, 'PUT', settings)).toBe('failed: Failed to fetch');
    expect(await noCorsFetch(page, `http://localhost:${host.port}/api/runs`, 'POST', run)).toBe('answered (opaque)');
    // A form body `{"graph":…,"x":"=…"}`: valid JSON once the browser joins name and value with "=".
    const field = `${run.slice(0, -1)},"x":"`;
    await submitForm(page, `${hostUrl()}/api/runs`, field, '"}');
    await submitForm(page, `${hostUrl()}/api/settings`, `${settings.slice(0, -1)},"x":"`, '"}');

    expect(await runFolders()).toEqual([]);
    expect(await settingsText()).toBe('(none)');
  });

  it('the editor page itself runs a graph with its secret, and the same request without it is refused', async () => {
    await page.goto(hostUrl());
    const answers = await page.evaluate(async (body) => {
      const session = document.querySelector<HTMLMetaElement>('meta[name="adloom-session"]')?.content ?? '';
      const send = (headers: Record<string, string>) =>
        fetch('/api/runs', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }).then(
          async (res) => ({ status: res.status, body: await res.text() }),
        );
      return { without: await send({}), with: await send({ 'x-adloom-session': session }), session };
    }, JSON.stringify({ graph }));
    expect(answers.session).toBe(host.session);
    expect(answers.without.status).toBe(403);
    expect(answers.with.status).toBe(200);
    const { runId } = JSON.parse(answers.with.body) as { runId: string };
    // The run's events reach the page over EventSource, the secret in its address.
    const finished = await page.evaluate(
      ({ runId, session }) =>
        new Promise<string>((done) => {
          const source = new EventSource(`/api/runs/${runId}/events?session=${session}`);
          source.onmessage = (message) => {
            const event = JSON.parse(message.data) as { type: string; status?: string };
            if (event.type === 'run.finished') {
              source.close();
              done(event.status ?? '');
            }
          };
        }),
      { runId, session: answers.session },
    );
    expect(finished).toBe('succeeded');
    expect(await runFolders()).toEqual([runId]);
  });

  it("another page cannot read the editor page's secret", async () => {
    await page.goto(attackerOrigin);
    const read = await page.evaluate(async (url) => {
      try {
        return await (await fetch(url)).text();
      } catch (error) {
        return `failed: ${(error as Error).message}`;
      }
    }, hostUrl());
    expect(read).toMatch(/^failed: /);
    expect(read).not.toContain(host.session);
  });
});

describe('[server.H1] a rebound name reaches nothing', () => {
  it('a page on a name that resolves to 127.0.0.1 gets 421 and cannot read or change anything', async () => {
    await writeFile(join(workspace, 'g.adloom.json'), JSON.stringify(graph));
    const before = await runFolders();
    const response = await page.goto(`http://rebound.example:${host.port}/`);
    expect(response?.status()).toBe(421);
    expect(await page.content()).not.toContain('adloom-session');
    // Same origin as far as the browser knows: it would let this page read every answer.
    const answers = await page.evaluate(async () => {
      const graphs = await fetch('/api/graphs');
      const run = await fetch('/api/runs', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ graph: { adloom: 1, nodes: {}, edges: [] } }),
      });
      return { graphs: graphs.status, listing: await graphs.text(), run: run.status };
    });
    expect(answers).toMatchObject({ graphs: 421, run: 421 });
    expect(answers.listing).not.toContain('g.adloom.json');
    expect(await runFolders()).toEqual(before);
  });
});
