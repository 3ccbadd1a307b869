import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineNode, NodeRegistry } from '@adloom/engine';
import { pack as corePack } from '@adloom/nodes-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type RunningServer, startServer } from '../src/index.ts';

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
const graphText = `${JSON.stringify(graph, null, 2)}\n`;
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

let workspace: string;
let editorDir: string;
let server: RunningServer;

beforeEach(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'adloom-guard-'));
  editorDir = await mkdtemp(join(tmpdir(), 'adloom-guard-editor-'));
  await writeFile(join(editorDir, 'index.html'), '<!doctype html><html><head><title>Adloom</title></head><body></body></html>');
  server = await startServer({ workspace, registry, port: 0, editorDir });
});
afterEach(() => server.close());

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request with exactly these headers (fetch would not let a test set Host). */
function raw(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
  address = '127.0.0.1',
): Promise<Answer> {
  return new Promise((done, fail) => {
    const req = request({ host: address, port, method, path, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', fail);
    req.end(body);
  });
}

/** As the editor page asks: its own Host, its session secret, JSON bodies. */
const editor = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  raw(
    server.port,
    method,
    path,
    {
      'x-adloom-session': server.session,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body === undefined ? undefined : JSON.stringify(body),
  );

const runFolders = async () => (await readdir(join(workspace, 'runs')).catch(() => [])).sort();
const settingsText = () => readFile(join(workspace, '.adloom', 'settings.json'), 'utf8').catch(() => '(none)');

/** Reads a run's event stream to its end. */
async function finished(runId: string): Promise<string> {
  return (await editor('GET', `/api/runs/${runId}/events`)).body;
}

describe('[server.H1] DNS rebinding: only the names this host serves', () => {
  it('answers 421 to a Host of another name on every kind of route, reading and changing nothing', async () => {
    await writeFile(join(workspace, 'g.adloom.json'), graphText);
    await writeFile(join(workspace, 'pixel.png'), PNG);
    expect((await editor('PUT', '/api/settings', { providers: { openai: { baseUrl: 'http://127.0.0.1:9/v1' } } })).status).toBe(
      200,
    );
    const imageGraph = { adloom: 1, name: 'Pic', nodes: { pic: { type: 'input.image', params: { name: 'pic' } } }, edges: [] };
    const started = await editor('POST', '/api/runs', { graph: imageGraph, inputs: { pic: join(workspace, 'pixel.png') } });
    const { runId } = JSON.parse(started.body) as { runId: string };
    const sha = /"sha256":"([a-f0-9]{64})"/.exec(await finished(runId))?.[1];
    expect(sha).toBeDefined();
    const settingsBefore = await settingsText();
    const runsBefore = await runFolders();

    const evil = { host: `evil.example:${server.port}`, 'x-adloom-session': server.session };
    const json = { ...evil, 'content-type': 'application/json' };
    const attempts: [string, string, Record<string, string>, string?][] = [
      ['GET', '/api/graphs', evil],
      ['GET', '/api/file?path=g.adloom.json', evil],
      ['GET', '/api/settings', evil],
      ['GET', '/api/info', evil],
      ['PUT', '/api/file', json, JSON.stringify({ path: 'g.adloom.json', text: '{"pwned":true}', force: true })],
      ['PUT', '/api/settings', json, JSON.stringify({ providers: { openai: { baseUrl: 'http://evil.example/v1' } } })],
      ['POST', '/api/runs', json, JSON.stringify({ graph })],
      ['GET', '/', evil],
      ['GET', `/api/artifacts/${sha}.png`, evil],
      ['GET', `/api/runs/${runId}/files/manifest.json?session=${server.session}`, evil],
      ['GET', `/api/runs/${runId}/events?session=${server.session}`, evil],
    ];
    for (const [method, path, headers, body] of attempts) {
      const answer = await raw(server.port, method, path, headers, body);
      expect(answer.status, `${method} ${path}`).toBe(421);
      expect(answer.body, `${method} ${path}`).toContain('answers only to its own addresses');
      for (const secret of ['Greeting', '127.0.0.1:9', 'adloom-session', workspace, 'succeeded', '\x89PNG']) {
        expect(answer.body, `${method} ${path}`).not.toContain(secret);
      }
    }
    expect(await readFile(join(workspace, 'g.adloom.json'), 'utf8')).toBe(graphText);
    expect(await settingsText()).toBe(settingsBefore);
    expect(await runFolders()).toEqual(runsBefore);
  });

  it('answers its own names with its own port: 127.0.0.1, localhost and [::1]; not another port or a look-alike', async () => {
    for (const host of [
      `127.0.0.1:${server.port}`,
      `localhost:${server.port}`,
      `[::1]:${server.port}`,
      `LOCALHOST:${server.port}`,
    ]) {
      expect((await editor('GET', '/api/info', undefined, { host })).status, host).toBe(200);
    }
    for (const host of ['127.0.0.1:1', '127.0.0.1', 'localhost.evil.example', `127.0.0.1.nip.io:${server.port}`]) {
      expect((await editor('GET', '/api/info', undefined, { host })).status, host).toBe(421);
    }
  });

  it('bound to another address, answers that address and the loopback names, with the token', async () => {
    const open = await startServer({ workspace, registry, port: 0, host: '127.0.0.2', token: 't0ken' });
    try {
      const bearer = { authorization: 'Bearer t0ken' };
      const at = (host: string) => raw(open.port, 'GET', '/api/info', { ...bearer, host }, undefined, '127.0.0.2');
      expect((await at(`127.0.0.2:${open.port}`)).status).toBe(200);
      expect((await at(`localhost:${open.port}`)).status).toBe(200);
      expect((await at(`evil.example:${open.port}`)).status).toBe(421);
    } finally {
      await open.close();
    }
  });
});

describe('[server.H2] requests only from the editor page', () => {
  it('refuses API requests without the session secret (403) and changes nothing', async () => {
    await writeFile(join(workspace, 'g.adloom.json'), graphText);
    const noSecret = { 'content-type': 'application/json' };
    const attempts: [string, string, string?][] = [
      ['GET', '/api/graphs'],
      ['GET', '/api/file?path=g.adloom.json'],
      ['GET', '/api/info'],
      ['PUT', '/api/file', JSON.stringify({ path: 'g.adloom.json', text: '{}', force: true })],
      ['PUT', '/api/settings', JSON.stringify({ defaultTextProvider: 'openai' })],
      ['PUT', '/api/secrets/OPENAI_API_KEY', JSON.stringify({ value: 'sk-planted' })],
      ['POST', '/api/runs', JSON.stringify({ graph })],
    ];
    for (const [method, path, body] of attempts) {
      const answer = await raw(server.port, method, path, noSecret, body);
      expect(answer.status, `${method} ${path}`).toBe(403);
      expect(JSON.parse(answer.body).error).toContain('session secret');
      expect(answer.body).not.toContain('Greeting');
    }
    const wrong = await raw(server.port, 'GET', '/api/graphs', { 'x-adloom-session': `${server.session.slice(1)}x` });
    expect(wrong.status).toBe(403);
    expect(await readFile(join(workspace, 'g.adloom.json'), 'utf8')).toBe(graphText);
    expect(await settingsText()).toBe('(none)');
    expect(await runFolders()).toEqual([]);
    expect(JSON.parse((await editor('GET', '/api/secrets')).body)[0]).toMatchObject({ name: 'OPENAI_API_KEY' });
  });

  it('puts the secret only into the no-store editor page, and each server has its own', async () => {
    const page = await raw(server.port, 'GET', '/');
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    expect(page.body).toContain(`<meta name="adloom-session" content="${server.session}" />`);
    const other = await startServer({ workspace, registry, port: 0 });
    try {
      expect(other.session).not.toBe(server.session);
      const refused = await raw(other.port, 'GET', '/api/graphs', { 'x-adloom-session': server.session });
      expect(refused.status).toBe(403);
    } finally {
      await other.close();
    }
  });

  it('takes a fixed secret only when it is long enough to guess at no better than a random one', async () => {
    await expect(startServer({ workspace, registry, port: 0, session: 'short' })).rejects.toThrow('at least 16');
    const fixed = await startServer({ workspace, registry, port: 0, session: 'a-fixed-dev-secret-0123' });
    try {
      expect((await raw(fixed.port, 'GET', '/api/info', { 'x-adloom-session': 'a-fixed-dev-secret-0123' })).status).toBe(200);
    } finally {
      await fixed.close();
    }
  });

  it('takes the secret in the address only where a browser cannot send a header: run events and run files', async () => {
    const { runId } = JSON.parse((await editor('POST', '/api/runs', { graph })).body) as { runId: string };
    expect(await finished(runId)).toContain('"type":"run.finished"');
    expect((await raw(server.port, 'GET', `/api/runs/${runId}/events`)).status).toBe(403);
    expect((await raw(server.port, 'GET', `/api/runs/${runId}/events?session=${server.session}`)).status).toBe(200);
    expect((await raw(server.port, 'GET', `/api/runs/${runId}/files/manifest.json`)).status).toBe(403);
    expect((await raw(server.port, 'GET', `/api/runs/${runId}/files/manifest.json?session=${server.session}`)).status).toBe(200);
    expect((await raw(server.port, 'GET', `/api/graphs?session=${server.session}`)).status).toBe(403);
  });

  it('refuses bodies that are not application/json (415), as a form or a no-cors fetch sends them', async () => {
    const body = JSON.stringify({ graph });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '']) {
      const headers: Record<string, string> = { 'x-adloom-session': server.session, ...(type ? { 'content-type': type } : {}) };
      const answer = await raw(server.port, 'POST', '/api/runs', headers, body);
      expect(answer.status, type).toBe(415);
      expect(JSON.parse(answer.body).error).toContain('application/json');
    }
    const settings = await raw(
      server.port,
      'PUT',
      '/api/settings',
      { 'x-adloom-session': server.session, 'content-type': 'text/plain' },
      '{}',
    );
    expect(settings.status).toBe(415);
    expect(await runFolders()).toEqual([]);
    expect(await settingsText()).toBe('(none)');
    expect((await editor('POST', '/api/runs', { graph }, { 'content-type': 'application/json; charset=utf-8' })).status).toBe(
      200,
    );
  });

  it('refuses requests another page sent, by Origin or Sec-Fetch-Site, even with the secret', async () => {
    const refusals: Record<string, string>[] = [
      { origin: 'http://127.0.0.1:8080' },
      { origin: `http://localhost:${server.port}` },
      { origin: 'null' },
      { origin: `https://127.0.0.1:${server.port}` },
      { 'sec-fetch-site': 'same-site' },
      { 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of refusals) {
      const answer = await editor('PUT', '/api/settings', { defaultTextProvider: 'openai' }, headers);
      expect(answer.status, JSON.stringify(headers)).toBe(403);
      expect(JSON.parse(answer.body).error).toContain('other web pages');
    }
    expect(await settingsText()).toBe('(none)');
    const own = await editor(
      'PUT',
      '/api/settings',
      { defaultTextProvider: 'openai' },
      { origin: `http://127.0.0.1:${server.port}`, 'sec-fetch-site': 'same-origin' },
    );
    expect(own.status).toBe(200);
    expect(await settingsText()).toContain('"defaultTextProvider": "openai"');
  });

  it('with a token, a bearer token stands in for the secret; the cookie alone does not', async () => {
    const open = await startServer({ workspace, registry, port: 0, host: '127.0.0.2', token: 't0ken' });
    try {
      const at = (headers: Record<string, string>) =>
        raw(open.port, 'GET', '/api/graphs', { host: `127.0.0.2:${open.port}`, ...headers }, undefined, '127.0.0.2');
      expect((await at({ authorization: 'Bearer t0ken' })).status).toBe(200);
      expect((await at({ cookie: 'adloom_token=t0ken' })).status).toBe(403);
      expect((await at({ cookie: 'adloom_token=t0ken', 'x-adloom-session': open.session })).status).toBe(200);
      expect((await at({ 'x-adloom-session': open.session })).status).toBe(401);
    } finally {
      await open.close();
    }
  });

  it('refuses a body over the limit with 413, naming the limit, before reading it', async () => {
    const answer = await raw(
      server.port,
      'PUT',
      '/api/file',
      { 'x-adloom-session': server.session, 'content-type': 'application/json', 'content-length': String(65 * 1024 * 1024) },
      '{',
    );
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error).toBe('the request body is larger than the 64 MB limit');
    expect((await editor('GET', '/api/info')).status).toBe(200);
  });
});

describe('[server.H9] errors a browser sees', () => {
  const machinePaths = () => [workspace, tmpdir(), editorDir];

  it('a file of a run that does not exist is a 404 without the machine’s paths', async () => {
    const answer = await editor('GET', '/api/runs/nonexistent/files/x');
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body).error).toBe('there is no run nonexistent');
    for (const path of machinePaths()) expect(answer.body).not.toContain(path);
  });

  it('a malformed % escape anywhere in the path is a 400', async () => {
    const { runId } = JSON.parse((await editor('POST', '/api/runs', { graph })).body) as { runId: string };
    await finished(runId);
    for (const path of [`/api/runs/${runId}/files/%E0%A4%A`, '/%zz', '/api/graphs%', '/assets/%C0']) {
      const answer = await editor('GET', path);
      expect(answer.status, path).toBe(400);
      expect(JSON.parse(answer.body).error).toBe('the address has a malformed % escape');
    }
  });

  it('a failure inside the host (500) names the file by its workspace path, not the machine’s', async () => {
    await writeFile(join(workspace, 'g.adloom.json'), graphText);
    const answer = await editor('PUT', '/api/file', { path: 'g.adloom.json/inner.adloom.json', text: '{}' });
    expect(answer.status).toBe(500);
    const { error } = JSON.parse(answer.body) as { error: string };
    expect(error).toMatch(/^the host failed: /);
    for (const path of machinePaths()) expect(error).not.toContain(path);
  });

  it('a path out of the workspace or a missing file is named as the page sent it', async () => {
    const outside = await editor('GET', '/api/file?path=../../etc/passwd');
    expect(outside.status).toBe(403);
    expect(JSON.parse(outside.body).error).toBe('"../../etc/passwd" is outside the workspace folder');
    const missing = await editor('GET', '/api/file?path=missing.adloom.json');
    expect(missing.status).toBe(404);
    for (const path of machinePaths()) expect(missing.body + outside.body).not.toContain(path);
  });

  it('a message to the assistant that no editor would send is refused with the reason, and starts no turn', async () => {
    const json = { 'x-adloom-session': server.session, 'content-type': 'application/json' };
    const message = { graph, conversation: 'a.adloom.json', message: 'hi' };
    const refusals: [string, Answer, number, string][] = [
      [
        'a form',
        await raw(server.port, 'POST', '/api/assist', { ...json, 'content-type': 'text/plain' }, JSON.stringify(message)),
        415,
        'a request body must be sent as application/json (this one is text/plain)',
      ],
      [
        'over the limit',
        await raw(server.port, 'POST', '/api/assist', { ...json, 'content-length': String(65 * 1024 * 1024) }, '{'),
        413,
        'the request body is larger than the 64 MB limit',
      ],
      [
        'not JSON',
        await raw(server.port, 'POST', '/api/assist', json, '{"graph": {"adloom": 1,'),
        400,
        'the request body is not valid JSON',
      ],
      [
        'no message',
        await editor('POST', '/api/assist', { graph, conversation: 'a.adloom.json' }),
        400,
        'invalid request: message: ',
      ],
      ['not a graph', await editor('POST', '/api/assist', { ...message, graph: { nodes: 3 } }), 400, 'the graph cannot be read'],
      [
        'nested 100,000 levels deep',
        await raw(
          server.port,
          'POST',
          '/api/assist',
          json,
          `{"conversation":"a.adloom.json","message":"hi","graph":{"adloom":1,"name":"Deep","nodes":{"a":{"type":"input.text","params":{"name":"a","default":${'['.repeat(100_000)}${']'.repeat(100_000)}}}},"edges":[]}}`,
        ),
        400,
        'nested more than 512 levels deep at nodes.a.params.default; the limit is 512 levels',
      ],
    ];
    for (const [what, answer, status, words] of refusals) {
      expect(answer.status, what).toBe(status);
      // The error says what is wrong; its issues name the place (the field, or the graph's depth).
      const { error, issues } = JSON.parse(answer.body);
      expect(`${error} ${JSON.stringify(issues ?? [])}`, what).toContain(words);
    }
    expect(JSON.parse((await editor('POST', '/api/assist', { graph, conversation: 'a.adloom.json' })).body).issues).toEqual([
      expect.objectContaining({ path: 'message' }),
    ]);
    expect(JSON.parse((await editor('GET', '/api/conversations?name=a.adloom.json')).body)).toEqual([]);
    expect((await editor('GET', '/api/info')).status).toBe(200);
  });

  it("a run's events name its folder inside the workspace, not on the machine", async () => {
    const { runId } = JSON.parse((await editor('POST', '/api/runs', { graph })).body) as { runId: string };
    const stream = await finished(runId);
    expect(stream).toContain(`"outDir":"runs/${runId}"`);
    expect(stream).not.toContain(workspace);
  });
});

describe('[server.H4] listing a workspace reads only what it shows', () => {
  it('lists every graph beside a huge, a 100,000-deep and a broken file, and the host answers after', async () => {
    await writeFile(join(workspace, 'good.adloom.json'), JSON.stringify({ ...graph, description: 'Says hello' }));
    const deep = `{"adloom":1,"name":"Deep","nodes":{"a":{"type":"x","params":{"v":${'['.repeat(100_000)}${']'.repeat(100_000)}}}},"edges":[]}`;
    await writeFile(join(workspace, 'deep.adloom.json'), deep);
    const many: Record<string, unknown> = {};
    for (let i = 0; i < 300_000; i++) many[`n${i}`] = { type: 'text.template', params: { template: 'x'.repeat(80) } };
    await writeFile(join(workspace, 'huge.adloom.json'), JSON.stringify({ adloom: 1, name: 'Huge', nodes: many, edges: [] }));
    await writeFile(join(workspace, 'broken.adloom.json'), '{"adloom":1,"nodes":{"a":');
    await writeFile(join(workspace, 'deep-first.adloom.json'), `${'['.repeat(100_000)}`);
    await mkdir(join(workspace, 'odd.adloom.json'));

    const answer = await editor('GET', '/api/graphs');
    expect(answer.status).toBe(200);
    const entries = JSON.parse(answer.body) as { path: string; name: string; description?: string }[];
    const byPath = Object.fromEntries(entries.map((e) => [e.path, e]));
    expect(Object.keys(byPath).sort()).toEqual([
      'broken.adloom.json',
      'deep-first.adloom.json',
      'deep.adloom.json',
      'good.adloom.json',
      'huge.adloom.json',
    ]);
    expect(byPath['good.adloom.json']).toMatchObject({ name: 'Greeting', description: 'Says hello' });
    expect(byPath['huge.adloom.json']?.name).toBe('Huge');
    expect(byPath['deep.adloom.json']?.name).toBe('Deep');
    expect(byPath['broken.adloom.json']?.name).toBe('broken');
    expect(byPath['deep-first.adloom.json']?.name).toBe('deep-first');
    expect((await editor('GET', '/api/info')).status).toBe(200);
    expect((await editor('GET', '/api/graphs')).status).toBe(200);
  });
});

describe('[server.H5] long work does not hold up the host', () => {
  const chain = (count: number) => {
    const nodes: Record<string, unknown> = { n0: { type: 'input.text', params: { name: 'x', default: 'hi' } } };
    const edges: { from: string; to: string }[] = [];
    for (let i = 1; i < count; i++) {
      nodes[`n${i}`] = { type: 'text.template', params: { template: '{{a}}' } };
      edges.push({ from: `n${i - 1}.text`, to: `n${i}.a` });
    }
    return { adloom: 1, name: 'Chain', nodes, edges };
  };

  /** Posts a run (or a message to the assistant) and, once its body is sent, asks for /api/info: which answer came first. */
  async function infoWhileStarting(body: string, path = '/api/runs'): Promise<{ order: string[]; run: Answer }> {
    const order: string[] = [];
    const run = new Promise<Answer>((done, fail) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: server.port,
          method: 'POST',
          path,
          headers: { 'content-type': 'application/json', 'x-adloom-session': server.session },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            order.push('run');
            done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() });
          });
        },
      );
      req.on('error', fail);
      req.on('finish', () => {
        editor('GET', '/api/info').then((info) => order.push(`info ${info.status}`), fail);
      });
      req.end(body);
    });
    const answer = await run;
    while (order.length < 2) await new Promise((r) => setTimeout(r, 10));
    return { order, run: answer };
  }

  it('answers /api/info while a 100,000-node chain is being checked and started', async () => {
    const { order, run } = await infoWhileStarting(JSON.stringify({ graph: chain(100_000) }));
    expect(run.status).toBe(200);
    expect(JSON.parse(run.body).runId).toMatch(/^\d{8}-\d{6}-[0-9a-f]{6}$/);
    expect(order).toEqual(['info 200', 'run']);
  });

  it('answers /api/info while the assistant reads a 100,000-node chain, and the turn ends with an answer', async () => {
    const message = { graph: chain(100_000), conversation: 'chain.adloom.json', message: 'what does text.template do?' };
    const { order, run } = await infoWhileStarting(JSON.stringify(message), '/api/assist');
    expect(run.status).toBe(200);
    expect(order).toEqual(['info 200', 'run']);
    const events = (await editor('GET', `/api/assist/${JSON.parse(run.body).turnId}/events`)).body;
    expect(events).toContain('"type":"done","status":"done"');
    expect(events).toContain('text.template');
  });

  it('starts a run with a 10 MB brief and keeps answering', async () => {
    const briefGraph = {
      adloom: 1,
      name: 'Brief',
      nodes: {
        brief: { type: 'input.text', params: { name: 'brief' } },
        head: { type: 'text.template', params: { template: '{{b}}' } },
      },
      edges: [{ from: 'brief.text', to: 'head.b' }],
    };
    const { order, run } = await infoWhileStarting(
      JSON.stringify({ graph: briefGraph, inputs: { brief: 'a'.repeat(10 * 1024 * 1024) } }),
    );
    expect(run.status).toBe(200);
    expect(order).toContain('info 200');
    expect(await finished(JSON.parse(run.body).runId)).toContain('"status":"succeeded"');
  });

  it('refuses a graph nested 100,000 levels deep with the limit, and lives on', async () => {
    const deep = `{"graph":{"adloom":1,"name":"Deep","nodes":{"a":{"type":"input.text","params":{"name":"a","default":${'['.repeat(100_000)}${']'.repeat(100_000)}}}},"edges":[]}}`;
    const answer = await raw(
      server.port,
      'POST',
      '/api/runs',
      { 'x-adloom-session': server.session, 'content-type': 'application/json' },
      deep,
    );
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('levels deep');
    expect((await editor('GET', '/api/info')).status).toBe(200);
    expect(await runFolders()).toEqual([]);
  });
});

describe('what held keeps holding', () => {
  it('answers while 200 event streams stay open and 50 connections dribble their headers', async () => {
    const waits = defineNode({
      type: 'test.wait',
      version: 1,
      title: 'Wait',
      category: 'Test',
      description: 'Runs until the run is cancelled.',
      outputs: [{ name: 'text', type: 'text' }],
      params: z.object({}),
      deterministic: false,
      run: ({ signal }) => new Promise((_done, fail) => signal.addEventListener('abort', () => fail(new Error('cancelled')))),
    });
    const slow = await startServer({
      workspace,
      registry: new NodeRegistry([corePack, { name: 'wait', nodes: [waits] }]),
      port: 0,
    });
    const sockets: Socket[] = [];
    try {
      const send = (method: string, path: string, body?: unknown) =>
        raw(
          slow.port,
          method,
          path,
          { 'x-adloom-session': slow.session, 'content-type': 'application/json' },
          body === undefined ? undefined : JSON.stringify(body),
        );
      const started = await send('POST', '/api/runs', {
        graph: { adloom: 1, name: 'W', nodes: { w: { type: 'test.wait' } }, edges: [] },
      });
      const { runId } = JSON.parse(started.body) as { runId: string };
      // 200 subscribers, each waiting for its first bytes.
      const streams = await Promise.all(
        Array.from(
          { length: 200 },
          () =>
            new Promise<Socket>((open, fail) => {
              const socket = connect(slow.port, '127.0.0.1', () =>
                socket.write(
                  `GET /api/runs/${runId}/events?session=${slow.session} HTTP/1.1\r\nHost: 127.0.0.1:${slow.port}\r\n\r\n`,
                ),
              );
              socket.once('data', () => open(socket));
              socket.once('error', fail);
            }),
        ),
      );
      sockets.push(...streams);
      // 50 connections that never finish their headers.
      for (let i = 0; i < 50; i++) {
        const socket = connect(slow.port, '127.0.0.1', () =>
          socket.write(`GET /api/info HTTP/1.1\r\nHost: 127.0.0.1:${slow.port}\r\nX-a: `),
        );
        socket.on('error', () => {});
        sockets.push(socket);
      }
      const info = await send('GET', '/api/info');
      expect(info.status).toBe(200);
      expect((await send('POST', `/api/runs/${runId}/cancel`)).status).toBe(200);
    } finally {
      for (const socket of sockets) socket.destroy();
      await slow.close();
    }
  });
});
