/**
 * An editor window of the desktop app in Debian's Chromium, for tests of the editor's panels
 * over the desktop's host. Real: the built editor, the built preload (preload.cjs, the file
 * Electron loads), main's router and handlers with their sender check and zod payloads, the
 * app:// protocol handler with its CSP, a forked engine, the stores on disk (ipc-harness.ts).
 *
 * What stands in for Electron, and only that:
 * - `protocol.handle('app')`: Chromium cannot serve a custom scheme, so the app's origin
 *   (app://adloom/) is a loopback HTTP origin whose every request reaches the real handler
 *   (createAppProtocolHandler) as the app:// request it stands for; its answers go back as
 *   they are. The one URL the page sees changed: the Host's artifact URLs
 *   (app://adloom/artifacts/…) are moved onto that origin.
 * - `contextBridge.exposeInMainWorld`: sets the property on the page's window (no isolated world).
 * - `ipcRenderer.invoke` / `ipcMain.handle`: a Playwright binding into the harness's router,
 *   with the calling frame as `senderFrame` (its URL moved back to app://adloom/); `send`
 *   likewise. `webContents.send` (run and assistant events, menu commands): `page.evaluate`
 *   calling the preload's listeners, in order.
 * - The session's block on the renderer's own network requests: a route that aborts anything
 *   off the app's origin and records it.
 * - `utilityProcess` and `safeStorage`: a forked Node child and an AES-GCM cipher, as in ipc-harness.ts.
 */
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { Browser, Page } from 'playwright-core';
import { buildEditor, launchBrowser } from '../../editor/e2e/browser-kit.ts';
import { buildPreload } from '../build.ts';
import { APP_ORIGIN, editorUrl } from '../src/app-origin.ts';
import { createAppProtocolHandler } from '../src/app-protocol.ts';
import type { SenderFrame } from '../src/sender-check.ts';
import { desktopHarness } from './ipc-harness.ts';

/** The page's names for the crossings to main (Playwright bindings) and back (the preload's listeners). */
const INVOKE = 'adloomTestIpcInvoke';
const SEND = 'adloomTestIpcSend';
const PUSH = 'adloomTestIpcPush';

declare global {
  interface Window {
    adloomTestIpcInvoke?: (channel: string, payload: unknown) => Promise<unknown>;
    adloomTestIpcSend?: (channel: string, payload: unknown) => Promise<void>;
    adloomTestIpcPush?: (channel: string, payload: unknown) => void;
  }
}

/**
 * Runs in the page before its own scripts: `electron` as the preload requires it, then the
 * preload itself. Serialized with its source, so it names nothing outside itself.
 */
function preloadInPage(
  names: { invoke: string; send: string; push: string; appOrigin: string },
  runPreload: (require: (id: string) => unknown, module: { exports: unknown }, exports: unknown) => void,
): void {
  const page = window as unknown as Record<string, (...args: unknown[]) => unknown>;
  const listeners = new Map<string, ((event: unknown, payload: unknown) => void)[]>();
  const ipcRenderer = {
    invoke: (channel: string, payload: unknown) => page[names.invoke]!(channel, payload),
    send: (channel: string, payload: unknown) => void page[names.send]!(channel, payload),
    on: (channel: string, listener: (event: unknown, payload: unknown) => void) => {
      listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
    },
  };
  Object.defineProperty(window, names.push, {
    value: (channel: string, payload: unknown) => {
      for (const listener of listeners.get(channel) ?? []) listener({}, payload);
    },
  });
  const contextBridge = {
    exposeInMainWorld: (key: string, api: Record<string, unknown>) => {
      const host = { ...api };
      const artifactUrl = api.artifactUrl as (artifact: unknown) => string;
      // app://adloom/… is this page's own origin here.
      host.artifactUrl = (artifact: unknown) => artifactUrl(artifact).replace(names.appOrigin, location.origin);
      Object.defineProperty(window, key, { value: Object.freeze(host) });
    },
  };
  const module = { exports: {} };
  runPreload(
    (id) => {
      if (id !== 'electron') throw new Error(`a sandboxed preload cannot require ${id}`);
      return { contextBridge, ipcRenderer };
    },
    module,
    module.exports,
  );
}

/** The app:// request a loopback request stands for. */
function appRequest(request: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === 'string') headers.set(name, value);
  }
  return new Request(`${APP_ORIGIN}${request.url ?? '/'}`, { method: request.method ?? 'GET', headers });
}

async function answer(response: Response, to: ServerResponse): Promise<void> {
  to.writeHead(response.status, Object.fromEntries(response.headers));
  if (!response.body) {
    to.end();
    return;
  }
  Readable.fromWeb(response.body as NodeReadableStream).pipe(to);
  await once(to, 'close');
}

export interface DesktopWindow {
  page: Page;
  harness: Awaited<ReturnType<typeof desktopHarness>>;
  /** The app's origin as the page knows it (the loopback one). */
  origin: string;
  /** An app URL (app://adloom/…) as the page loads it. */
  pageUrl(appUrl: string): string;
  /** Every URL the page asked for, in order; and those off the app's origin, which were refused. */
  requests: string[];
  refused: string[];
  pageErrors: string[];
  /** The headers the app:// handler answered each URL with (the last time). */
  headersOf: Map<string, Record<string, string>>;
  close(): Promise<void>;
}

/** Builds the editor and the preload, starts main's side and the protocol server, and opens a window. */
export async function openDesktopWindow(): Promise<DesktopWindow> {
  const built = await mkdtemp(join(tmpdir(), 'adloom-desktop-window-'));
  const made: { browser?: Browser; harness?: DesktopWindow['harness']; server?: ReturnType<typeof createServer> } = {};
  const close = async () => {
    await made.browser?.close();
    made.harness?.supervisor.dispose();
    made.server?.closeAllConnections();
    made.server?.close();
    for (const dir of [built, made.harness?.workspace, made.harness?.userData]) {
      if (dir) await rm(dir, { recursive: true, force: true });
    }
  };
  try {
    const editorDir = join(built, 'editor');
    await buildEditor(editorDir);
    const preload = await readFile(await buildPreload(join(built, 'preload')), 'utf8');

    let pushes = Promise.resolve();
    let page: Page | undefined;
    // webContents.send: one push after another, dropped once the page is gone (as for a destroyed window).
    const onPush = (channel: string, payload: unknown) => {
      pushes = pushes.then(async () => {
        await page
          ?.evaluate(([name, c, p]) => window[name as 'adloomTestIpcPush']?.(c as string, p), [PUSH, channel, payload] as const)
          .catch(() => undefined);
      });
    };
    const harness = (made.harness = await desktopHarness({}, { onPush }));
    const handle = createAppProtocolHandler({ editorDir, workspace: harness.workspace });

    const headersOf = new Map<string, Record<string, string>>();
    const server = (made.server = createServer((request, response) => {
      const appUrl = `${APP_ORIGIN}${request.url ?? '/'}`;
      handle(appRequest(request))
        .then((answered) => {
          headersOf.set(appUrl, Object.fromEntries(answered.headers));
          return answer(answered, response);
        })
        .catch((error: Error) => {
          response.writeHead(500, { 'content-type': 'text/plain' });
          response.end(`the app:// handler failed on ${appUrl}: ${error.message}`);
        });
    }));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const pageUrl = (appUrl: string) => (appUrl.startsWith(APP_ORIGIN) ? origin + appUrl.slice(APP_ORIGIN.length) : appUrl);
    const appUrlOf = (url: string) => (url.startsWith(`${origin}/`) ? APP_ORIGIN + url.slice(origin.length) : url);

    const browser = (made.browser = await launchBrowser());
    // No bypassCSP: the handler's CSP holds as in the app.
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const requests: string[] = [];
    const refused: string[] = [];
    await context.route(
      () => true,
      (route) => {
        const url = route.request().url();
        requests.push(url);
        if (url.startsWith(`${origin}/`)) return route.continue();
        refused.push(url);
        return route.abort('blockedbyclient');
      },
    );
    await context.exposeBinding(INVOKE, ({ frame }, channel: string, payload: unknown) => {
      const senderFrame: SenderFrame = { url: appUrlOf(frame.url()), parent: frame.parentFrame() };
      return harness.invoke(channel, payload, senderFrame);
    });
    await context.exposeBinding(SEND, (_source, channel: string, payload: unknown) => harness.ipc.send(channel, payload));
    await context.addInitScript(
      `(${preloadInPage.toString()})(${JSON.stringify({ invoke: INVOKE, send: SEND, push: PUSH, appOrigin: APP_ORIGIN })}, ` +
        `function (require, module, exports) {\n${preload}\n});`,
    );
    page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      // A CSP refusal is only a console message; it counts as an error here.
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) pageErrors.push(message.text());
    });
    await page.goto(pageUrl(editorUrl()));
    await page.waitForSelector('.react-flow__pane', { timeout: 30_000 });
    return { page, harness, origin, pageUrl, requests, refused, pageErrors, headersOf, close };
  } catch (error) {
    await close();
    throw error;
  }
}
