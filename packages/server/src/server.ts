import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, readFile, realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve } from 'node:path';
import { type NodeRegistry, type RunEvent, writeFileAtomic } from '@adloom/engine';
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
} from './api.ts';
import { EventStream } from './event-stream.ts';
import {
  ConflictError,
  discardRecovery,
  listGraphFiles,
  openGraphFile,
  readRecovery,
  saveGraphFile,
  writeRecovery,
} from './graph-files.ts';
import { hostPathScrubber } from './host-paths.ts';
import { crossSiteReason } from './request-origin.ts';
import { RunChecker } from './run-check.ts';
import { type RunHost, RunHub } from './run-hub.ts';
import { isServedHost, servedHosts } from './served-hosts.ts';
import { isSessionSecret, newSessionSecret, SESSION_HEADER, withSessionMeta } from './session-secret.ts';
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
  /**
   * Fixed session secret (tests; the editor's dev server, which injects the same one), at
   * least 16 characters. Default: `ADLOOM_SESSION`, else a new random one per process.
   */
  session?: string;
  version?: string;
  /** Where runs go instead of this process: a queue of workers (`adloom serve --redis`). */
  runs?: RunHost;
}

export interface RunningServer {
  url: string;
  port: number;
  /** Set when the server requires one; open `url` (it carries `?token=`) to get in. */
  token?: string;
  /**
   * This process's session secret: every API request carries it in the `x-adloom-session`
   * header (the editor page gets it in a `<meta>` tag). With a token, `Authorization: Bearer`
   * stands in for it.
   */
  session: string;
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
  "script-src 'self'; connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; " +
  "frame-ancestors 'self'";

/** The largest request body: a graph file's text (50 MB at most) and its JSON wrapping. */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

const isLoopback = (host: string) => host === '127.0.0.1' || host === 'localhost' || host === '::1';

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

const tooLarge = () => new HttpError(413, `the request body is larger than the ${MAX_BODY_BYTES / 1024 / 1024} MB limit`);

/**
 * A request body as text, once it is known to be JSON. A form or a `no-cors` fetch from another
 * page can only send text/plain, form or multipart bodies: refusing those (415) keeps them out.
 */
async function readBodyText(req: IncomingMessage): Promise<string> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new HttpError(415, `a request body must be sent as application/json (this one is ${type || 'untyped'})`);
  }
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function readBody<T extends z.ZodType>(req: IncomingMessage, schema: T): Promise<z.infer<T>> {
  const text = await readBodyText(req);
  let raw: unknown;
  try {
    raw = JSON.parse(text || 'null');
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

/** A run event as the browser may see it: its error words and run folder without this machine's paths. */
function withoutHostPathsInErrors(event: RunEvent, scrub: (text: string) => string): RunEvent {
  const out = { ...event } as Record<string, unknown>;
  if (typeof out.outDir === 'string') out.outDir = scrub(out.outDir);
  if (typeof out.error === 'string') out.error = scrub(out.error);
  else if (out.error && typeof out.error === 'object') {
    const error = { ...(out.error as Record<string, unknown>) };
    if (typeof error.message === 'string') error.message = scrub(error.message);
    out.error = error;
  }
  return out as unknown as RunEvent;
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
  const session = options.session ?? process.env.ADLOOM_SESSION ?? newSessionSecret();
  if (session.length < 16 || !/^[\w.~-]+$/.test(session)) {
    throw new Error('the session secret (ADLOOM_SESSION) must be at least 16 letters, digits or "-_.~"');
  }
  const scrub = hostPathScrubber({ workspace, examples: examplesDir, editor: editorDir });
  const secrets = new Map<string, string>();
  const settingsFile = join(workspace, '.adloom', 'settings.json');
  let settings = await readSettingsFile(settingsFile);
  const hub: RunHost =
    options.runs ??
    new RunHub(
      options.registry,
      workspace,
      () => ({
        ...process.env,
        ...settingsEnv(settings, process.env),
        ...Object.fromEntries(secrets),
      }),
      // The bundled examples' own assets may be read too: they are part of this installation.
      { readRoots: examplesDir ? [workspace, examplesDir] : [workspace] },
    );
  const catalog = options.registry.catalog();
  const checker = new RunChecker(catalog);
  let hosts = new Set<string>();

  const matchesToken = (given: string | undefined): boolean => {
    if (!token || given === undefined) return false;
    const a = Buffer.from(given);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };
  const bearerOf = (req: IncomingMessage) => req.headers.authorization?.replace(/^Bearer\s+/i, '');
  const hasToken = (req: IncomingMessage, url: URL): boolean => {
    if (!token) return true;
    return matchesToken(
      bearerOf(req) ??
        /(?:^|;\s*)adloom_token=([^;]+)/.exec(req.headers.cookie ?? '')?.[1] ??
        url.searchParams.get('token') ??
        '',
    );
  };
  /**
   * Whether the request proves it comes from the editor page (or a script given the token): a
   * header no other page can set, since the browser lets another origin send custom headers
   * only after a CORS preflight that this server never approves. EventSource and the address
   * bar cannot set headers, so the routes they use also take the secret as `?session=`.
   */
  const hasSession = (req: IncomingMessage, url: URL, inQuery: boolean): boolean => {
    const header = req.headers[SESSION_HEADER];
    if (isSessionSecret(typeof header === 'string' ? header : undefined, session)) return true;
    if (inQuery && isSessionSecret(url.searchParams.get('session') ?? undefined, session)) return true;
    return matchesToken(bearerOf(req));
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
        const checked = await checker.check(await readBodyText(req));
        if (!checked.ok) throw new HttpError(checked.status, checked.error, checked.issues);
        const body = checked.body;
        const graphPath = body.path ? await resolveInWorkspace(workspace, body.path) : undefined;
        const runId = hub.start(body.graph, {
          graphPath,
          inputs: body.inputs,
          only: body.only,
          noCache: body.noCache,
          validated: true,
        });
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
      const stream = new EventStream<RunEvent>(res, (event) => JSON.stringify(withoutHostPathsInErrors(event, scrub)));
      const stop = hub.subscribe(runId, (event) => {
        stream.push(event);
        if (event.type === 'run.finished') {
          clearInterval(heartbeat);
          stream.end();
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
      const runDir = join(workspace, 'runs', match[1] as string);
      if (!existsSync(runDir)) throw new HttpError(404, `there is no run ${match[1]}`);
      const path = await resolveInWorkspace(runDir, decodeURIComponent(match[2] as string));
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
    if (file === join(editorDir, 'index.html')) {
      // The page carries this process's secret: never from a cache, never framed elsewhere.
      const html = withSessionMeta(await readFile(file, 'utf8'), session);
      res.writeHead(200, {
        ...headers,
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'x-frame-options': 'SAMEORIGIN',
        'referrer-policy': 'no-referrer',
      });
      res.end(req.method === 'HEAD' ? undefined : html);
      return;
    }
    await sendFile(req, res, file, headers);
  };

  /** Which credential a route needs: none (content-addressed media), the secret in a header, or also in the query. */
  const sessionRule = (method: string, pathname: string): 'none' | 'header' | 'header-or-query' => {
    if (/^\/api\/artifacts\//.test(pathname) && (method === 'GET' || method === 'HEAD')) return 'none';
    if (/^\/api\/runs\/[\w-]+\/(events$|files\/)/.test(pathname) && (method === 'GET' || method === 'HEAD'))
      return 'header-or-query';
    return 'header';
  };

  const server = createServer((req, res) => {
    const handle = async () => {
      // A name that is not this server's is a page that pointed its own domain here (DNS
      // rebinding): answer nothing, before any file is read or anything is changed.
      const hostHeader = req.headers.host ?? '';
      if (!isServedHost(hostHeader, hosts)) {
        throw new HttpError(421, `this Adloom host answers only to its own addresses, not "${hostHeader.slice(0, 100)}"`);
      }
      const url = new URL(req.url ?? '/', 'http://localhost');
      try {
        decodeURIComponent(url.pathname);
      } catch {
        throw new HttpError(400, 'the address has a malformed % escape');
      }
      if (!hasToken(req, url)) throw new HttpError(401, 'this Adloom host needs its token: open the URL it printed');
      if (token && url.searchParams.get('token')) {
        res.setHeader('set-cookie', `adloom_token=${token}; HttpOnly; SameSite=Strict; Path=/`);
      }
      if (!url.pathname.startsWith('/api/')) return serveEditor(req, res, url);
      const method = req.method ?? 'GET';
      const rule = sessionRule(method, url.pathname);
      if (rule !== 'none') {
        const reason = crossSiteReason(req, hostHeader);
        if (reason) throw new HttpError(403, reason);
        if (!hasSession(req, url, rule === 'header-or-query')) {
          throw new HttpError(
            403,
            `this request lacks this Adloom host's session secret (the ${SESSION_HEADER} header): reload the editor page`,
          );
        }
      }
      await api(req, res, url);
    };
    handle().catch((error: unknown) => {
      if (res.headersSent) {
        res.end();
        return;
      }
      // A refused body may still be arriving: close rather than read it.
      if (!req.complete) res.setHeader('connection', 'close');
      if (error instanceof HttpError) return sendJson(res, error.status, { error: scrub(error.message), issues: error.details });
      // Names only the path the page sent: the desktop host answers the same words.
      if (error instanceof OutsideWorkspaceError) return sendJson(res, 403, { error: error.message });
      if (error instanceof ConflictError) return sendJson(res, 409, { error: scrub(error.message) });
      console.error(`adloom serve: ${req.method} ${req.url}: ${(error as Error).stack ?? error}`);
      sendJson(res, 500, { error: `the host failed: ${scrub((error as Error).message ?? String(error))}` });
    });
  });

  await new Promise<void>((ready, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 4870, host, () => ready());
  });
  const { port } = server.address() as AddressInfo;
  hosts = servedHosts(host, port);
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/${token ? `?token=${token}` : ''}`,
    port,
    token,
    session,
    close: async () => {
      hub.cancelAll();
      await checker.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
