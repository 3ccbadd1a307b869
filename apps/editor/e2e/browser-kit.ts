import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { build } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '../../..');
export const editorRoot = resolve(here, '..');
export const screenshotsDir = join(here, 'screenshots');
const adloomBin = join(repoRoot, 'packages/cli/bin/adloom.js');

/** A port that was free a moment ago: the server restarts on it, so the page keeps its origin. */
export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

export interface ServeProcess {
  url: string;
  child: ChildProcess;
  /** Ends the server the hard way, as a crash would. */
  kill(): Promise<void>;
}

/** Runs the real `adloom serve` on a workspace, as a user would, and waits for its URL. */
export async function serve(workspace: string, port: number, editorDir = join(editorRoot, 'dist')): Promise<ServeProcess> {
  const child = spawn(process.execPath, [adloomBin, 'serve', '--port', String(port), '--workspace', workspace], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ADLOOM_EDITOR_DIR: editorDir },
  });
  // What it printed (the last part), so a server that dies under a test says why.
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`adloom serve did not start:\n${output}`)), 60_000);
    const read = () => {
      const match = /(http:\/\/\S+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout?.off('data', read);
      child.stderr?.off('data', read);
      done(match[1] as string);
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`adloom serve exited with ${code}:\n${output}`));
    });
  });
  let isEnding = false;
  child.once('exit', (code, signal) => {
    if (!isEnding) process.stderr.write(`adloom serve on ${workspace} ended by itself (${code ?? signal}):\n${output}\n`);
  });
  return {
    url,
    child,
    kill: () =>
      new Promise<void>((done) => {
        // A process ended by a signal keeps a null exit code: waiting for its exit again would never end.
        if (child.exitCode !== null || child.signalCode !== null) return done();
        isEnding = true;
        child.once('exit', () => done());
        child.kill('SIGKILL');
      }),
  };
}

/** `adloom <args>`: its exit code and output. */
export async function adloom(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [adloomBin, ...args], { cwd: repoRoot });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Saves a screenshot under e2e/screenshots/ for a person to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotsDir, { recursive: true });
  await page.screenshot({ path: join(screenshotsDir, `${name}.png`) });
}

/** The centre of an element, for mouse gestures. */
export async function centerOf(page: Page, selector: string): Promise<{ x: number; y: number }> {
  const box = await page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`${selector} is not on screen`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drags with the mouse in small steps, the way a hand does. */
export async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }, hold?: () => Promise<void>) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2 + 10, { steps: 8 });
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await hold?.();
  await page.mouse.up();
}

export const handle = (nodeId: string, port: string, kind: 'source' | 'target') =>
  `.react-flow__handle.${kind}[data-nodeid="${nodeId}"][data-handleid="${port}"]`;

export const node = (nodeId: string) => `.react-flow__node[data-id="${nodeId}"]`;

/** A graph file in the workspace, written as a designer would have saved it; returns its path. */
export function writeGraph(workspace: string, name: string, nodes: Record<string, unknown>, edges: [string, string][]): string {
  const file = `${name}.adloom.json`;
  const text = JSON.stringify({ adloom: 1, name, nodes, edges: edges.map(([from, to]) => ({ from, to })) }, null, 2);
  writeFileSync(join(workspace, file), `${text}\n`);
  return file;
}

/** The editor's address with a query, e.g. `?open=launch.adloom.json`. */
export const editorUrl = (server: Pick<ServeProcess, 'url'>, query = '') => `${server.url.replace(/\/$/, '')}/${query}`;

/** Opens a workspace file the way a link does (`?open=`), and waits for its nodes and its name. */
export async function openByLink(page: Page, server: Pick<ServeProcess, 'url'>, file: string, firstNode: string): Promise<void> {
  await page.goto(editorUrl(server, `?open=${encodeURIComponent(file)}`));
  await page.waitForSelector(node(firstNode));
  await textMatching(page.locator('.doc-path'), file);
}

/** Whether a point of the page lies on the canvas (not under a panel, not off screen). */
async function isOnCanvas(page: Page, point: { x: number; y: number }): Promise<boolean> {
  const canvas = await page.locator('.react-flow').first().boundingBox();
  if (!canvas) return false;
  return point.x > canvas.x && point.y > canvas.y && point.x < canvas.x + canvas.width && point.y < canvas.y + canvas.height;
}

/**
 * [editor.D11] Selects a node the way a user does, with a click on its header's corner, whatever view
 * an earlier test left: zoomed far out the title is hidden (a click on it waited 30 s), and a
 * node off screen is first brought back by fitting the view. Waits until the node is selected.
 */
export async function selectNode(page: Page, nodeId: string): Promise<void> {
  const box = page.locator(node(nodeId));
  await box.waitFor({ state: 'visible' });
  const corner = async () => {
    const b = await box.boundingBox();
    return b ? { x: b.x + Math.min(10, b.width / 4), y: b.y + Math.min(6, b.height / 4) } : { x: -1, y: -1 };
  };
  if (!(await isOnCanvas(page, await corner()))) {
    await page.evaluate(() => window.adloomEditor!.fitView());
    await waitFor(async () => isOnCanvas(page, await corner()), `node ${nodeId} on the canvas after fitting the view`);
    // The fit animates: click where the node comes to rest.
    let last = '';
    await waitFor(async () => {
      const now = JSON.stringify(await box.boundingBox());
      const isStill = now === last;
      last = now;
      return isStill;
    }, `node ${nodeId} at rest after fitting the view`);
  }
  const { x, y } = await corner();
  const b = await box.boundingBox();
  try {
    await box.click({ position: { x: x - (b?.x ?? 0), y: y - (b?.y ?? 0) }, timeout: 5_000 });
  } catch {
    // Seen on loaded machines: the pane takes the click at the corner. A keyboard user selects
    // the focused node with Enter.
    await box.focus();
    await page.keyboard.press('Enter');
  }
  await waitFor(
    () => page.evaluate((id) => window.adloomEditor!.view.getState().selectedNodes.includes(id), nodeId),
    `node ${nodeId} selected`,
  );
}

/** Waits until the element is on screen. */
export async function visible(locator: Locator, timeout = 10_000): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout });
}

export async function gone(locator: Locator, timeout = 10_000): Promise<void> {
  await locator.first().waitFor({ state: 'detached', timeout });
}

/** Waits until the element's text matches, and returns it. */
export async function textMatching(locator: Locator, pattern: RegExp | string, timeout = 10_000): Promise<string> {
  const end = Date.now() + timeout;
  let text = '';
  for (;;) {
    text =
      (await locator
        .first()
        .textContent({ timeout })
        .catch(() => '')) ?? '';
    if (typeof pattern === 'string' ? text === pattern : pattern.test(text)) return text;
    if (Date.now() > end) throw new Error(`expected text ${pattern}, found "${text}"`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Builds the editor into dist/ (the one `adloom serve` serves), or into `outDir`: a suite that
 * reloads its page keeps its own copy, which another suite's build cannot empty under it.
 * vitest sets NODE_ENV=test, which Vite would honour with a development build of React.
 */
export async function buildEditor(outDir?: string): Promise<void> {
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: editorRoot,
      configFile: join(editorRoot, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
      ...(outDir ? { build: { outDir, emptyOutDir: true } } : {}),
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}

/** Pairs of nodes whose measured boxes overlap on the canvas. */
export async function overlappingNodes(page: Page): Promise<string[]> {
  await waitFor(
    () => page.evaluate(() => window.adloomEditor!.flow.getState().nodes.every((n) => n.measured?.width)),
    'every node measured',
  );
  const boxes = await page.evaluate(() =>
    window.adloomEditor!.flow.getState().nodes.map((n) => ({
      id: n.id,
      x: n.position.x,
      y: n.position.y,
      width: n.measured?.width ?? 0,
      height: n.measured?.height ?? 0,
    })),
  );
  const found: string[] = [];
  for (const a of boxes)
    for (const b of boxes) {
      if (a.id >= b.id) continue;
      const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      if (!apart) found.push(`${a.id} and ${b.id}`);
    }
  return found;
}

/** Waits until the current run has ended, and returns how. */
export async function runEnded(page: Page, timeout = 120_000): Promise<string> {
  await page.waitForFunction(
    () => ['succeeded', 'failed', 'cancelled'].includes(window.adloomEditor!.run.getState().status),
    null,
    { timeout },
  );
  return page.evaluate(() => window.adloomEditor!.run.getState().status);
}

export interface EditorSessionOptions {
  /** Names the temporary workspace: `history` makes `adloom-history-e2e-…`. */
  name: string;
  /** Fills the workspace before the server starts (a node pack is found only at start). */
  prepare?: (workspace: string) => void | Promise<void>;
  /** A workspace file to open first, by link; else the editor opens on a new graph. */
  open?: string;
  viewport?: { width: number; height: number };
}

/** A real editor on a real `adloom serve`, as one suite uses it. */
export interface EditorSession {
  workspace: string;
  /** The editor's address; a restarted server keeps it. */
  readonly url: string;
  readonly server: ServeProcess;
  browser: Browser;
  page: Page;
  /** Every error the page raised, for a suite to find empty at its end. */
  pageErrors: string[];
  /** Opens a workspace file by link and waits for its first node and its name. */
  open(file: string, firstNode: string): Promise<void>;
  /** Starts `adloom serve` again on the same workspace and port (ending the old one first, if it still runs). */
  restartServer(): Promise<void>;
  /** Closes the browser, ends the server and removes the workspace and the editor's build. */
  close(): Promise<void>;
}

/**
 * One suite's editor: builds it into a folder of its own (another suite's build
 * cannot empty it under a reload), fills a temporary workspace, starts `adloom serve` on it,
 * and opens the editor in Chromium, waiting until its canvas is there. What it started is
 * ended again should any step fail.
 */
export async function startEditorSession(options: EditorSessionOptions): Promise<EditorSession> {
  const made: { editorDir?: string; workspace?: string; server?: ServeProcess; browser?: Browser } = {};
  const close = async () => {
    await made.browser?.close();
    await made.server?.kill();
    if (made.workspace) rmSync(made.workspace, { recursive: true, force: true });
    if (made.editorDir) rmSync(made.editorDir, { recursive: true, force: true });
  };
  try {
    const editorDir = (made.editorDir = mkdtempSync(join(tmpdir(), `adloom-${options.name}-e2e-dist-`)));
    await buildEditor(editorDir);
    const workspace = (made.workspace = mkdtempSync(join(tmpdir(), `adloom-${options.name}-e2e-`)));
    await options.prepare?.(workspace);
    const port = await freePort();
    made.server = await serve(workspace, port, editorDir);
    const browser = (made.browser = await launchBrowser());
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1440, height: 900 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(editorUrl(made.server, options.open ? `?open=${encodeURIComponent(options.open)}` : ''));
    // A loaded machine may take its time over the first page.
    if (options.open) await textMatching(page.locator('.doc-path'), options.open, 30_000);
    await page.waitForSelector('.react-flow__pane', { timeout: 30_000 });
    return {
      workspace,
      get url() {
        return (made.server as ServeProcess).url;
      },
      get server() {
        return made.server as ServeProcess;
      },
      browser,
      page,
      pageErrors,
      open: (file, firstNode) => openByLink(page, made.server as ServeProcess, file, firstNode),
      restartServer: async () => {
        await made.server?.kill();
        made.server = await serve(workspace, port, editorDir);
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
