import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { OutsideWorkspaceError, resolveInWorkspace } from '@adloom/host/service';
import { APP_HOST, APP_SCHEME } from './app-origin.ts';
import { ARTIFACT_CSP, contentSecurityPolicy } from './csp.ts';

export interface AppProtocolOptions {
  /** The built editor (apps/editor/dist, or resources/editor when packaged). */
  editorDir: string;
  /** The workspace: artifacts under `.adloom/artifacts/`, run folders under `runs/`. */
  workspace: string;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
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
  '.aac': 'audio/aac',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.ico': 'image/x-icon',
  '.zip': 'application/zip',
};

const text = (status: number, body: string, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers } });

/** A file as a Response, honouring a single byte Range (video seeking needs it). */
async function fileResponse(request: Request, path: string, headers: Record<string, string>): Promise<Response> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) return text(404, 'no such file');
    size = info.size;
  } catch {
    return text(404, 'no such file');
  }
  const type = MIME[extname(path).toLowerCase()] ?? 'application/octet-stream';
  const body = (start?: number, end?: number) =>
    request.method === 'HEAD' ? null : (Readable.toWeb(createReadStream(path, { start, end })) as ReadableStream<Uint8Array>);
  const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.get('range') ?? '');
  if (range && (range[1] || range[2])) {
    const start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
    const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    if (start > end || start >= size) return new Response(null, { status: 416, headers: { 'content-range': `bytes */${size}` } });
    return new Response(body(start, end), {
      status: 206,
      headers: {
        'content-type': type,
        'content-length': String(end - start + 1),
        'content-range': `bytes ${start}-${end}/${size}`,
        'accept-ranges': 'bytes',
        ...headers,
      },
    });
  }
  return new Response(body(), {
    status: 200,
    headers: { 'content-type': type, 'content-length': String(size), 'accept-ranges': 'bytes', ...headers },
  });
}

/**
 * The handler of the app's `app://adloom/` scheme (Electron's `protocol.handle`): the built
 * editor with its CSP, artifacts by content hash, and run folders' files, both sandboxed. Paths
 * never leave their folder. A fetch-style function, so it runs (and is tested) under Node.
 */
export function createAppProtocolHandler(options: AppProtocolOptions): (request: Request) => Promise<Response> {
  const artifactsDir = join(options.workspace, '.adloom', 'artifacts');
  const runsDir = join(options.workspace, 'runs');

  const serveEditor = async (request: Request, pathname: string): Promise<Response> => {
    const index = join(options.editorDir, 'index.html');
    let file = index;
    try {
      file = await resolveInWorkspace(options.editorDir, decodeURIComponent(pathname).replace(/^\/+/, '') || 'index.html');
      if (!(await stat(file)).isFile()) file = index;
    } catch (error) {
      if (error instanceof OutsideWorkspaceError) return text(403, error.message);
      file = index;
    }
    const headers: Record<string, string> = {
      'content-security-policy': contentSecurityPolicy(),
      'x-content-type-options': 'nosniff',
    };
    if (file === index) headers['cache-control'] = 'no-store';
    const response = await fileResponse(request, file, headers);
    if (response.status === 404 && file === index) {
      return text(503, 'The editor is not built: run `npm run build -w @adloom/editor`, then start the app again.');
    }
    return response;
  };

  return async (request) => {
    const url = new URL(request.url);
    if (url.protocol !== `${APP_SCHEME}:` || url.hostname !== APP_HOST) return text(404, 'not an Adloom address');
    if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'only GET and HEAD');
    let match: RegExpExecArray | null;
    if ((match = /^\/artifacts\/([a-f0-9]{64})\.([a-z0-9]{1,5})$/.exec(url.pathname))) {
      const [, sha, ext] = match as unknown as [string, string, string];
      return fileResponse(request, join(artifactsDir, sha.slice(0, 2), `${sha}.${ext}`), {
        'cache-control': 'public, max-age=31536000, immutable',
        'content-security-policy': ARTIFACT_CSP,
        'x-content-type-options': 'nosniff',
      });
    }
    if ((match = /^\/runs\/([\w-]+)\/files\/(.+)$/.exec(url.pathname))) {
      try {
        const path = await resolveInWorkspace(join(runsDir, match[1] as string), decodeURIComponent(match[2] as string));
        return fileResponse(request, path, { 'content-security-policy': ARTIFACT_CSP, 'x-content-type-options': 'nosniff' });
      } catch (error) {
        return text(error instanceof OutsideWorkspaceError ? 403 : 404, (error as Error).message);
      }
    }
    return serveEditor(request, url.pathname);
  };
}

/**
 * The file on disk behind an artifact or run-file URL of the app (to show it in the file
 * manager when a page asks to open it in a new window), or null for any other URL.
 */
export function fileForAppUrl(url: string, workspace: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.hostname !== APP_HOST) return null;
  const artifact = /^\/artifacts\/([a-f0-9]{64})\.([a-z0-9]{1,5})$/.exec(parsed.pathname);
  if (artifact) {
    const [, sha, ext] = artifact as unknown as [string, string, string];
    return join(workspace, '.adloom', 'artifacts', sha.slice(0, 2), `${sha}.${ext}`);
  }
  const runFile = /^\/runs\/([\w-]+)\/files\/(.+)$/.exec(parsed.pathname);
  if (runFile) {
    const runDir = join(workspace, 'runs', runFile[1] as string);
    let inside: string;
    try {
      inside = decodeURIComponent(runFile[2] as string);
    } catch {
      return null;
    }
    const path = resolve(runDir, inside);
    const rel = relative(runDir, path);
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? path : null;
  }
  return null;
}
