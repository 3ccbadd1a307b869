/**
 * `adloom serve`: the Host API over HTTP + SSE, a thin transport over the host service
 * (@adloom/host/service), plus the built editor. Routes (JSON unless noted; every body is
 * checked with the @adloom/host schema named here):
 *   GET    /api/info                          → HostInfo
 *   GET    /api/catalog                       → Catalog
 *   GET    /api/graphs                        → GraphEntry[]   (*.adloom.json under the workspace)
 *   GET    /api/examples                      → GraphEntry[]   (the bundled examples; open as templates)
 *   GET    /api/file?path=P                   → OpenedFile     (P relative to the workspace, or `examples/...`)
 *   PUT    /api/file           saveFileBody   → SavedFile      (atomic write; refuses paths outside the workspace)
 *   GET    /api/recovery?path=P               → RecoveryEntry | null
 *   PUT    /api/recovery       recoveryBody   → { ok: true }   (the autosave journal beside the file)
 *   DELETE /api/recovery?path=P               → { ok: true }
 *   GET    /api/runs?path=P&limit=N           → RunList        (the run folders, newest first; P keeps one graph's)
 *   POST   /api/runs           startRunBody   → { runId }      (checked in a worker thread)
 *   GET    /api/runs/:runId/events            → text/event-stream of RunEvent (past events replayed first; a run
 *                                                 of an earlier session told again from its manifest)
 *   POST   /api/runs/:runId/cancel            → { ok: true }
 *   POST   /api/assist         assistBody     → { turnId }     (one assistant turn, in the background)
 *   GET    /api/assist/:turnId/events         → text/event-stream of AssistEvent (past events replayed first)
 *   POST   /api/assist/:turnId/confirm  confirmAssistBody → { ok: true }  (yes or no to the turn's `confirm`)
 *   POST   /api/assist/:turnId/cancel         → { ok: true }
 *   GET    /api/conversations?name=N          → ConversationEntry[] (the conversation kept for a graph)
 *   DELETE /api/conversations?name=N          → { ok: true }
 *   POST   /api/conversations/move  moveConversationBody → { ok: true }  (an untitled graph's, once it is saved)
 *   GET    /api/artifacts/:sha256.:ext        → the stored file (content-addressed, immutable)
 *   GET    /api/runs/:runId/files/*           → a file of the run folder (manifest.json, artifacts)
 *   GET    /api/settings                      → Settings
 *   PUT    /api/settings       settingsSchema → Settings
 *   GET    /api/secrets                       → SecretStatus[] (names and whether set; never values)
 *   PUT    /api/secrets/:name  secretBody     → { ok: true }   (write-only)
 *
 * Every /api request but artifacts carries the session secret in `x-adloom-session` (the
 * editor page gets it from `<meta name="adloom-session">`; events and run files also take
 * `?session=`), and every body is `application/json`. See docs/host-security.md.
 *
 * Errors: a HostError's status and `{ error, issues? }`: 400 (bad body; a malformed % escape),
 * 401 (token), 403 (path outside the workspace; another page's Origin; no session secret),
 * 404, 409 (file changed on disk since it was opened), 413 (body over 64 MB), 415 (body not
 * JSON), 421 (a Host name this server does not serve), 500.
 * Bound to any address but 127.0.0.1/localhost, every request needs the token
 * (header `Authorization: Bearer T`, which also stands in for the session secret, or
 * `?token=T` once, which sets a cookie).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { constants, existsSync } from 'node:fs';
import { type FileHandle, open, readFile, realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream';
import type { NodeRegistry, RunEvent } from '@adloom/engine';
import {
  type AssistEvent,
  assistBody,
  confirmAssistBody,
  HostError,
  isHostError,
  moveConversationBody,
  recoveryBody,
  requestIssues,
  saveFileBody,
  secretBody,
  settingsSchema,
} from '@adloom/host';
import {
  HostService,
  MemorySecrets,
  RunChecker,
  type RunHost,
  RunHub,
  resolveInWorkspace,
  SettingsFile,
  WorkspacePaths,
} from '@adloom/host/service';
import type { z } from 'zod';
import { EventStream } from './event-stream.ts';
import { hostPathScrubber } from './host-paths.ts';
import { crossSiteReason } from './request-origin.ts';
import { isServedHost, servedHosts } from './served-hosts.ts';
import { isSessionSecret, newSessionSecret, SESSION_HEADER, withSessionMeta } from './session-secret.ts';

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

const tooLarge = () => new HostError(413, `the request body is larger than the ${MAX_BODY_BYTES / 1024 / 1024} MB limit`);

/**
 * A request body as text, once it is known to be JSON. A form or a `no-cors` fetch from another
 * page can only send text/plain, form or multipart bodies: refusing those (415) keeps them out.
 */
async function readBodyText(req: IncomingMessage): Promise<string> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new HostError(415, `a request body must be sent as application/json (this one is ${type || 'untyped'})`);
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
    throw new HostError(400, 'the request body is not valid JSON');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const { message, issues } = requestIssues(parsed.error);
    throw new HostError(400, message, issues);
  }
  return parsed.data;
}

/**
 * Streams a file, honouring a single Range (video seeking needs it). The file is opened before
 * anything is sent and read from that open file, so one deleted or replaced meanwhile (a store
 * cleaned while the editor loads its thumbnails) is a 404 or its whole bytes, never an error
 * that nothing catches. Opened without blocking: a pipe in its place is refused, not waited on.
 */
async function sendFile(req: IncomingMessage, res: ServerResponse, path: string, headers: Record<string, string> = {}) {
  let file: FileHandle;
  try {
    file = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    throw new HostError(404, 'no such file');
  }
  let streaming = false;
  try {
    const info = await file.stat();
    if (!info.isFile()) throw new HostError(404, 'no such file');
    const type = MIME[extname(path).toLowerCase()] ?? 'application/octet-stream';
    const size = info.size;
    const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
    const isPartial = !!range && !!(range[1] || range[2]);
    let start = 0;
    let end = size - 1;
    if (isPartial && range) {
      start = range[1] ? Number(range[1]) : size - Number(range[2]);
      end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
      if (start > end || start >= size) {
        res.writeHead(416, { 'content-range': `bytes */${size}` });
        res.end();
        return;
      }
    }
    res.writeHead(isPartial ? 206 : 200, {
      'content-type': type,
      'content-length': String(end - start + 1),
      'accept-ranges': 'bytes',
      ...(isPartial ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}),
      ...headers,
    });
    if (req.method === 'HEAD' || size === 0) {
      res.end();
      return;
    }
    streaming = true;
    // A read that fails half-way (or a client that leaves) ends the response cut short; the file is closed either way.
    pipeline(file.createReadStream({ start, end }), res, () => undefined);
  } finally {
    if (!streaming) await file.close();
  }
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

/** An assistant event as the browser may see it: its words without this machine's paths (a run folder in a tool step). */
function withoutHostPathsInWords(event: AssistEvent, scrub: (text: string) => string): AssistEvent {
  const out = { ...event } as Record<string, unknown>;
  for (const key of ['delta', 'summary', 'question', 'text', 'message']) {
    if (typeof out[key] === 'string') out[key] = scrub(out[key] as string);
  }
  return out as unknown as AssistEvent;
}

/**
 * Server-sent events of something the host keeps going (a run, an assistant turn): past events
 * first, a heartbeat while it is quiet, the stream ended after its last event.
 */
function streamEvents<T>(
  req: IncomingMessage,
  res: ServerResponse,
  subscribe: (listener: (event: T) => void) => () => void,
  isLast: (event: T) => boolean,
  format: (event: T) => string,
): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  });
  res.write(': connected\n\n');
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  const stream = new EventStream<T>(res, format);
  const stop = subscribe((event) => {
    stream.push(event);
    if (isLast(event)) {
      clearInterval(heartbeat);
      stream.end();
    }
  });
  req.on('close', () => {
    clearInterval(heartbeat);
    stop();
  });
}

/**
 * `adloom serve`: the built editor and the Host API over HTTP + SSE, for one workspace
 * folder. Binds 127.0.0.1 by default; any other address requires a token.
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
  const catalog = options.registry.catalog();
  const checker = new RunChecker(catalog);
  const runs: RunHost =
    options.runs ??
    new RunHub(options.registry, workspace, () => process.env, {
      // The bundled examples' own assets may be read too: they are part of this installation.
      readRoots: examplesDir ? [workspace, examplesDir] : [workspace],
    });
  const service = new HostService({
    kind: 'browser',
    version: options.version ?? '0.1.0',
    paths: new WorkspacePaths(workspace, examplesDir),
    catalog: () => catalog,
    runs,
    settings: new SettingsFile(join(workspace, '.adloom', 'settings.json')),
    // In memory only: a key given to the page lasts as long as this process.
    secrets: new MemorySecrets(),
    env: process.env,
    checkRun: (request) => checker.check(request as string),
  });
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

  const api = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const method = req.method ?? 'GET';
    const route = `${method} ${url.pathname}`;
    const query = (name: string) => {
      const value = url.searchParams.get(name);
      if (!value) throw new HostError(400, `the "${name}" query parameter is required`);
      return value;
    };
    let match: RegExpExecArray | null;
    switch (route) {
      case 'GET /api/info':
        return sendJson(res, 200, await service.info());
      case 'GET /api/catalog':
        return sendJson(res, 200, await service.catalog());
      case 'GET /api/graphs':
        return sendJson(res, 200, await service.listGraphs());
      case 'GET /api/examples':
        return sendJson(res, 200, await service.listExamples());
      case 'GET /api/file':
        return sendJson(res, 200, await service.openFile(query('path')));
      case 'PUT /api/file': {
        const body = await readBody(req, saveFileBody);
        return sendJson(res, 200, await service.saveFile(body.path, body.text, body));
      }
      case 'GET /api/recovery':
        return sendJson(res, 200, await service.readRecovery(query('path')));
      case 'PUT /api/recovery': {
        const body = await readBody(req, recoveryBody);
        await service.writeRecovery(body.path, body.text);
        return sendJson(res, 200, { ok: true });
      }
      case 'DELETE /api/recovery':
        await service.discardRecovery(query('path'));
        return sendJson(res, 200, { ok: true });
      case 'GET /api/runs': {
        const path = url.searchParams.get('path');
        const limit = url.searchParams.get('limit');
        return sendJson(
          res,
          200,
          await service.listRuns({
            ...(path ? { path } : {}),
            // Not a number stays one the check refuses (400), rather than no limit.
            ...(limit ? { limit: /^\d+$/.test(limit) ? Number(limit) : Number.NaN } : {}),
          }),
        );
      }
      case 'POST /api/runs':
        // The text goes to the checker's thread unparsed: a huge body is parsed there.
        return sendJson(res, 200, await service.startRun(await readBodyText(req)));
      case 'GET /api/settings':
        return sendJson(res, 200, await service.getSettings());
      case 'PUT /api/settings':
        return sendJson(res, 200, await service.saveSettings(await readBody(req, settingsSchema)));
      case 'GET /api/secrets':
        return sendJson(res, 200, await service.listSecrets());
      case 'POST /api/assist':
        return sendJson(res, 200, await service.startAssist(await readBody(req, assistBody)));
      case 'GET /api/conversations':
        return sendJson(res, 200, await service.readConversation(query('name')));
      case 'DELETE /api/conversations':
        await service.clearConversation(query('name'));
        return sendJson(res, 200, { ok: true });
      case 'POST /api/conversations/move': {
        const { from, to } = await readBody(req, moveConversationBody);
        await service.moveConversation(from, to);
        return sendJson(res, 200, { ok: true });
      }
      default:
        break;
    }
    if ((match = /^\/api\/runs\/([\w-]+)\/events$/.exec(url.pathname)) && method === 'GET') {
      const runId = match[1] as string;
      service.requireRun(runId);
      return streamEvents<RunEvent>(
        req,
        res,
        (listener) => service.subscribeRun(runId, listener),
        (event) => event.type === 'run.finished',
        (event) => JSON.stringify(withoutHostPathsInErrors(event, scrub)),
      );
    }
    if ((match = /^\/api\/assist\/([\w-]+)\/events$/.exec(url.pathname)) && method === 'GET') {
      const turnId = match[1] as string;
      service.requireAssist(turnId);
      return streamEvents<AssistEvent>(
        req,
        res,
        (listener) => service.subscribeAssist(turnId, listener),
        (event) => event.type === 'done',
        (event) => JSON.stringify(withoutHostPathsInWords(event, scrub)),
      );
    }
    if ((match = /^\/api\/assist\/([\w-]+)\/confirm$/.exec(url.pathname)) && method === 'POST') {
      const { approved } = await readBody(req, confirmAssistBody);
      await service.confirmAssist(match[1] as string, approved);
      return sendJson(res, 200, { ok: true });
    }
    if ((match = /^\/api\/assist\/([\w-]+)\/cancel$/.exec(url.pathname)) && method === 'POST') {
      await service.cancelAssist(match[1] as string);
      return sendJson(res, 200, { ok: true });
    }
    if ((match = /^\/api\/runs\/([\w-]+)\/cancel$/.exec(url.pathname)) && method === 'POST') {
      await service.cancelRun(match[1] as string);
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
      if (!existsSync(runDir)) throw new HostError(404, `there is no run ${match[1]}`);
      const path = await resolveInWorkspace(runDir, decodeURIComponent(match[2] as string));
      return sendFile(req, res, path, { 'content-security-policy': "sandbox; default-src 'none'" });
    }
    if ((match = /^\/api\/secrets\/([A-Z][A-Z0-9_]*)$/.exec(url.pathname)) && method === 'PUT') {
      const { value } = await readBody(req, secretBody);
      await service.setSecret(match[1] as string, value);
      return sendJson(res, 200, { ok: true });
    }
    throw new HostError(404, `no such API route: ${method} ${url.pathname}`);
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
    if (
      /^\/api\/(runs\/[\w-]+\/(events$|files\/)|assist\/[\w-]+\/events$)/.test(pathname) &&
      (method === 'GET' || method === 'HEAD')
    )
      return 'header-or-query';
    return 'header';
  };

  const server = createServer((req, res) => {
    const handle = async () => {
      // A name that is not this server's is a page that pointed its own domain here (DNS
      // rebinding): answer nothing, before any file is read or anything is changed.
      const hostHeader = req.headers.host ?? '';
      if (!isServedHost(hostHeader, hosts)) {
        throw new HostError(421, `this Adloom host answers only to its own addresses, not "${hostHeader.slice(0, 100)}"`);
      }
      const url = new URL(req.url ?? '/', 'http://localhost');
      try {
        decodeURIComponent(url.pathname);
      } catch {
        throw new HostError(400, 'the address has a malformed % escape');
      }
      if (!hasToken(req, url)) throw new HostError(401, 'this Adloom host needs its token: open the URL it printed');
      if (token && url.searchParams.get('token')) {
        res.setHeader('set-cookie', `adloom_token=${token}; HttpOnly; SameSite=Strict; Path=/`);
      }
      if (!url.pathname.startsWith('/api/')) return serveEditor(req, res, url);
      const method = req.method ?? 'GET';
      const rule = sessionRule(method, url.pathname);
      if (rule !== 'none') {
        const reason = crossSiteReason(req, hostHeader);
        if (reason) throw new HostError(403, reason);
        if (!hasSession(req, url, rule === 'header-or-query')) {
          throw new HostError(
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
      if (isHostError(error)) {
        // A path refused (403) is named as the page sent it, as the desktop host names it.
        const words = error.status === 403 ? error.message : scrub(error.message);
        return sendJson(res, error.status, { error: words, issues: error.issues });
      }
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
      service.close();
      await checker.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
