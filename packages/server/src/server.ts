import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, readFile, realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve } from 'node:path';
import { type NodeRegistry, writeFileAtomic } from '@adloom/engine';
import { hasErrors, loadGraphObject, validateGraph } from '@adloom/graph';
import type { z } from 'zod';
import {
  type HostInfo,
  recoveryBody,
  SECRET_NAMES,
  type SecretStatus,
  type Settings,
  saveFileBody,
  secretBody,
  settingsSchema,
  startRunBody,
} from './api.ts';
import {
  ConflictError,
  discardRecovery,
  listGraphFiles,
  openGraphFile,
  readRecovery,
  saveGraphFile,
  writeRecovery,
} from './graph-files.ts';
import { RunHub } from './run-hub.ts';
import { settingsEnv } from './settings-env.ts';
import { OutsideWorkspaceError, resolveInWorkspace } from './workspace-path.ts';

export interface ServerOptions {
  /** The folder whose graphs the editor opens and saves; `.adloom/` and `runs/` live here. */
  workspace: string;
  registry: NodeRegistry;
  /** Default 4870; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. Any other address requires the token. */
  host?: string;
  /** The built editor (apps/editor/dist). */
  editorDir?: string;
  /** The bundled examples folder. */
  examplesDir?: string;
  /** Fixed token (tests); generated when the address needs one. */
  token?: string;
  version?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  /** Set when the server requires one; open `url` (it carries `?token=`) to get in. */
  token?: string;
  close(): Promise<void>;
}

class HttpError extends Error {
  readonly status: number;
  readonly details?: unknown;

  constructor(status: number, message: string, details?: unknown) {
    super(message);
    this.status = status;
    this.details = details;
  }
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.avif': 'image/avif',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

const EDITOR_CSP =
  "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; style-src 'self' 'unsafe-inline'; " +
  "script-src 'self'; connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

const isLoopback = (host: string) => host === '127.0.0.1' || host === 'localhost' || host === '::1';

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

async function readBody<T extends z.ZodType>(req: IncomingMessage, schema: T): Promise<z.infer<T>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 60 * 1024 * 1024) throw new HttpError(413, 'the request body is too large');
    chunks.push(chunk as Buffer);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
  } catch {
    throw new HttpError(400, 'the request body is not valid JSON');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new HttpError(400, `invalid request: ${issues.map((i) => `${i.path || 'body'}: ${i.message}`).join('; ')}`, issues);
  }
  return parsed.data;
}

/** Streams a file, honouring a single Range (video seeking needs it). */
async function sendFile(req: IncomingMessage, res: ServerResponse, path: string, headers: Record<string, string> = {}) {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
    if (!info.isFile()) throw new Error('not a file');
  } catch {
    throw new HttpError(404, 'no such file');
  }
  const type = MIME[extname(path).toLowerCase()] ?? 'application/octet-stream';
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
  if (range && (range[1] || range[2])) {
    const size = info.size;
    const start = range[1] ? Number(range[1]) : size - Number(range[2]);
    const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    if (start > end || start >= size) {
      res.writeHead(416, { 'content-range': `bytes */${size}` });
      res.end();
      return;
    }
    res.writeHead(206, {
      'content-type': type,
      'content-length': String(end - start + 1),
      'content-range': `bytes ${start}-${end}/${size}`,
      'accept-ranges': 'bytes',
      ...headers,
    });
    createReadStream(path, { start, end }).pipe(res);
    return;
  }
  res.writeHead(200, { 'content-type': type, 'content-length': String(info.size), 'accept-ranges': 'bytes', ...headers });
  if (req.method === 'HEAD') res.end();
  else createReadStream(path).pipe(res);
}

async function readSettingsFile(file: string): Promise<Settings> {
  try {
    return settingsSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  } catch {
    return settingsSchema.parse({});
  }
}

/**
 * `adloom serve`: the built editor and the Host API (api.ts) over HTTP + SSE, for one
 * workspace folder. Binds 127.0.0.1 by default; any other address requires a token.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const workspace = await realpath(resolve(options.workspace));
  const editorDir = options.editorDir ? resolve(options.editorDir) : undefined;
  const examplesDir = options.examplesDir ? resolve(options.examplesDir) : undefined;
  const token = options.token ?? (isLoopback(host) ? undefined : randomBytes(24).toString('base64url'));
  const secrets = new Map<string, string>();
  const settingsFile = join(workspace, '.adloom', 'settings.json');
  let settings = await readSettingsFile(settingsFile);
  const hub = new RunHub(options.registry, workspace, () => ({
    ...process.env,
    ...settingsEnv(settings, process.env),
    ...Object.fromEntries(secrets),
  }));
  const catalog = options.registry.catalog();

  const hasToken = (req: IncomingMessage, url: URL): boolean => {
    if (!token) return true;
    const given =
      req.headers.authorization?.replace(/^Bearer\s+/i, '') ??
      /(?:^|;\s*)adloom_token=([^;]+)/.exec(req.headers.cookie ?? '')?.[1] ??
      url.searchParams.get('token') ??
      '';
    const a = Buffer.from(given);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };

  const openPath = async (path: string): Promise<string> => {
    if (path.startsWith('examples/') && examplesDir) {
      const inWorkspace = await resolveInWorkspace(workspace, path).catch(() => undefined);
      if (inWorkspace && existsSync(inWorkspace)) return inWorkspace;
      return resolveInWorkspace(examplesDir, path.slice('examples/'.length));
    }
    return resolveInWorkspace(workspace, path);
  };

  const api = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const method = req.method ?? 'GET';
    const route = `${method} ${url.pathname}`;
    const query = (name: string) => {
      const value = url.searchParams.get(name);
      if (!value) throw new HttpError(400, `the "${name}" query parameter is required`);
      return value;
    };
    let match: RegExpExecArray | null;
    switch (route) {
      case 'GET /api/info': {
        const info: HostInfo = { kind: 'browser', version: options.version ?? '0.1.0', workspace };
        return sendJson(res, 200, info);
      }
      case 'GET /api/catalog':
        return sendJson(res, 200, catalog);
      case 'GET /api/graphs':
        return sendJson(res, 200, await listGraphFiles(workspace));
      case 'GET /api/examples':
        return sendJson(res, 200, examplesDir ? await listGraphFiles(examplesDir, 'examples/') : []);
      case 'GET /api/file': {
        const path = query('path');
        const absolute = await openPath(path);
        try {
          return sendJson(res, 200, await openGraphFile(absolute, path));
        } catch {
          throw new HttpError(404, `there is no file ${path} in the workspace`);
        }
      }
      case 'PUT /api/file': {
        const body = await readBody(req, saveFileBody);
        const absolute = await resolveInWorkspace(workspace, body.path);
        await mkdir(join(absolute, '..'), { recursive: true });
        return sendJson(res, 200, await saveGraphFile(absolute, body.path, body.text, body));
      }
      case 'GET /api/recovery':
        return sendJson(res, 200, await readRecovery(workspace, query('path')));
      case 'PUT /api/recovery': {
        const body = await readBody(req, recoveryBody);
        await writeRecovery(workspace, body.path, body.text);
        return sendJson(res, 200, { ok: true });
      }
      case 'DELETE /api/recovery':
        await discardRecovery(workspace, query('path'));
        return sendJson(res, 200, { ok: true });
      case 'POST /api/runs': {
        const body = await readBody(req, startRunBody);
        const graphPath = body.path ? await resolveInWorkspace(workspace, body.path) : undefined;
        const loaded = loadGraphObject(body.graph, body.path);
        const diagnostics = loaded.graph
          ? validateGraph(loaded.graph, catalog, { file: body.path, inputs: Object.keys(body.inputs ?? {}) })
          : loaded.diagnostics;
        if (!loaded.graph || hasErrors(diagnostics)) {
          throw new HttpError(400, 'the graph is not valid', diagnostics);
        }
        const runId = hub.start(loaded.graph, { graphPath, inputs: body.inputs, only: body.only, noCache: body.noCache });
        return sendJson(res, 200, { runId });
      }
      case 'GET /api/settings':
        return sendJson(res, 200, settings);
      case 'PUT /api/settings': {
        const body = await readBody(req, settingsSchema);
        await writeFileAtomic(settingsFile, `${JSON.stringify(body, null, 2)}\n`);
        settings = body;
        return sendJson(res, 200, body);
      }
      case 'GET /api/secrets': {
        const status: SecretStatus[] = SECRET_NAMES.map((name) => ({ name, isSet: secrets.has(name) || !!process.env[name] }));
        return sendJson(res, 200, status);
      }
      default:
        break;
    }
    if ((match = /^\/api\/runs\/([\w-]+)\/events$/.exec(url.pathname)) && method === 'GET') {
      const runId = match[1] as string;
      if (!hub.has(runId)) throw new HttpError(404, `there is no run ${runId}`);
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
      const stop = hub.subscribe(runId, (event) => {
        res.write(`data: ${JSON.stringify(event)}\n\n`);
        if (event.type === 'run.finished') {
          clearInterval(heartbeat);
          res.end();
        }
      });
      req.on('close', () => {
        clearInterval(heartbeat);
        stop();
      });
      return;
    }
    if ((match = /^\/api\/runs\/([\w-]+)\/cancel$/.exec(url.pathname)) && method === 'POST') {
      if (!hub.cancel(match[1] as string)) throw new HttpError(404, `there is no run ${match[1]}`);
      return sendJson(res, 200, { ok: true });
    }
    if (
      (match = /^\/api\/artifacts\/([a-f0-9]{64})\.([a-z0-9]{1,5})$/.exec(url.pathname)) &&
      (method === 'GET' || method === 'HEAD')
    ) {
      const [, sha, ext] = match as unknown as [string, string, string];
      const path = join(workspace, '.adloom', 'artifacts', sha.slice(0, 2), `${sha}.${ext}`);
      // Content-addressed: the bytes behind a name never change. Pages render sandboxed.
      return sendFile(req, res, path, {
        'cache-control': 'public, max-age=31536000, immutable',
        'content-security-policy':
          "sandbox; default-src 'none'; img-src data: 'self'; style-src 'unsafe-inline'; media-src data: 'self'",
      });
    }
    if ((match = /^\/api\/runs\/([\w-]+)\/files\/(.+)$/.exec(url.pathname)) && (method === 'GET' || method === 'HEAD')) {
      const path = await resolveInWorkspace(join(workspace, 'runs', match[1] as string), decodeURIComponent(match[2] as string));
      return sendFile(req, res, path, { 'content-security-policy': "sandbox; default-src 'none'" });
    }
    if ((match = /^\/api\/secrets\/([A-Z_]+)$/.exec(url.pathname)) && method === 'PUT') {
      const name = match[1] as string;
      if (!(SECRET_NAMES as readonly string[]).includes(name)) throw new HttpError(404, `unknown secret ${name}`);
      const { value } = await readBody(req, secretBody);
      if (value) secrets.set(name, value);
      else secrets.delete(name);
      return sendJson(res, 200, { ok: true });
    }
    throw new HttpError(404, `no such API route: ${method} ${url.pathname}`);
  };

  const serveEditor = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (!editorDir || !existsSync(join(editorDir, 'index.html'))) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The editor is not built yet: run `npm start` (it builds apps/editor), or `npm run build -w @adloom/editor`.\n');
      return;
    }
    let file: string;
    try {
      file = await resolveInWorkspace(editorDir, decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html');
      if (!(await stat(file)).isFile()) file = join(editorDir, 'index.html');
    } catch {
      file = join(editorDir, 'index.html');
    }
    const headers: Record<string, string> = { 'content-security-policy': EDITOR_CSP, 'x-content-type-options': 'nosniff' };
    if (file.endsWith('index.html')) headers['cache-control'] = 'no-store';
    await sendFile(req, res, file, headers);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const handle = async () => {
      if (!hasToken(req, url)) throw new HttpError(401, 'this Adloom host needs its token: open the URL it printed');
      if (token && url.searchParams.get('token')) {
        res.setHeader('set-cookie', `adloom_token=${token}; HttpOnly; SameSite=Strict; Path=/`);
      }
      if (url.pathname.startsWith('/api/')) await api(req, res, url);
      else await serveEditor(req, res, url);
    };
    handle().catch((error: unknown) => {
      if (res.headersSent) {
        res.end();
        return;
      }
      if (error instanceof HttpError) return sendJson(res, error.status, { error: error.message, issues: error.details });
      if (error instanceof OutsideWorkspaceError) return sendJson(res, 403, { error: error.message });
      if (error instanceof ConflictError) return sendJson(res, 409, { error: error.message });
      sendJson(res, 500, { error: (error as Error).message });
    });
  });

  await new Promise<void>((ready, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 4870, host, () => ready());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/${token ? `?token=${token}` : ''}`,
    port,
    token,
    close: async () => {
      hub.cancelAll();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
