/**
 * The two pages the editor benches compare, on the same generated graph: the editor served by
 * `adloom serve` over a temporary workspace, and the bare React Flow page, each a production
 * build of its own, in one headless Chromium.
 */
import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { serializeGraph } from '@adloom/graph';
import { build } from 'vite';
import { launchBrowser } from '../../apps/editor/e2e/browser-kit.ts';
import { benchGraph } from './bench-graph.ts';

const here = import.meta.dirname;
const editorRoot = resolve(here, '../../apps/editor');
const repoRoot = resolve(here, '../..');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

export type PageKind = 'editor' | 'bare';

export async function startBenchPages(options: { nodes: number; minify: boolean }) {
  const { nodes, minify } = options;
  // Production builds of React on both sides, whatever the calling shell set.
  process.env.NODE_ENV = 'production';
  const work = mkdtempSync(join(tmpdir(), 'adloom-editor-bench-'));
  const editorDir = join(work, 'editor-dist');
  const bareDir = join(work, 'bare-dist');
  process.stderr.write(`… building the editor and the bare page${minify ? '' : ', unminified'}\n`);
  await build({
    root: editorRoot,
    configFile: join(editorRoot, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: editorDir, minify, sourcemap: false },
  });
  await build({
    root: join(here, 'bare'),
    configFile: false,
    base: './',
    logLevel: 'warn',
    plugins: [(await import('@vitejs/plugin-react')).default()],
    build: { outDir: bareDir, emptyOutDir: true, minify, chunkSizeWarningLimit: 5000 },
  });
  writeFileSync(join(work, 'bench.adloom.json'), serializeGraph(benchGraph(nodes)));

  const bare = createServer((req, res) => {
    const path = join(bareDir, new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/$/, '/index.html'));
    try {
      statSync(path);
    } catch {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
    createReadStream(path).pipe(res);
  });
  await new Promise<void>((ready) => bare.listen(0, '127.0.0.1', () => ready()));
  const barePort = (bare.address() as { port: number }).port;

  const serve = spawn(
    process.execPath,
    [join(repoRoot, 'packages/cli/bin/adloom.js'), 'serve', '--port', '0', '--workspace', work],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ADLOOM_EDITOR_DIR: editorDir } },
  );
  const editorUrl = await new Promise<string>((done) => {
    let out = '';
    serve.stdout?.on('data', (chunk: Buffer) => {
      out += chunk;
      const match = /(http:\/\/\S+)/.exec(out);
      if (match) done(match[1] as string);
    });
  });

  const browser = await launchBrowser();

  return {
    browser,
    /** Where each page opens the bench graph. */
    urlOf: (kind: PageKind) =>
      kind === 'bare' ? `http://127.0.0.1:${barePort}/?n=${nodes}` : `${editorUrl}?open=bench.adloom.json`,
    /**
     * An init script that records when all the nodes are rendered (the graph fits the view) and
     * measured (no longer hidden), and when the frame after that begins (`__painted`): ready is
     * seen at the start of a frame, before the browser styles, lays out and paints what it found.
     * The editor sizes its nodes before they are drawn (node-layout.ts), so they are never hidden
     * and its ready comes before their first layout: painted compares the two pages alike.
     */
    readyProbe: `
      (() => {
        const check = () => {
          const nodes = document.querySelectorAll('.react-flow__node');
          if (nodes.length >= ${nodes} && [...nodes].every((n) => n.style.visibility !== 'hidden')) {
            window.__ready = { ms: performance.now(), rendered: nodes.length };
            requestAnimationFrame(() => (window.__painted = performance.now()));
            return;
          }
          requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      })();
    `,
    async close() {
      await browser.close();
      serve.kill();
      bare.close();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
