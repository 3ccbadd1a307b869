import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

// `vite` (dev) forwards /api to a running `adloom serve`; set ADLOOM_API to its address, and
// ADLOOM_SESSION to the same secret for both (docs/host-security.md): the page gets it as
// `adloom serve` would give it, and the host sees its own origin on every forwarded request.
const api = process.env.ADLOOM_API ?? 'http://127.0.0.1:4317';
const session = process.env.ADLOOM_SESSION;
const proxy = { '/api': { target: api, changeOrigin: true, headers: { origin: new URL(api).origin } } };
const sessionMeta: Plugin = {
  name: 'adloom-session',
  transformIndexHtml: () =>
    session ? [{ tag: 'meta', attrs: { name: 'adloom-session', content: session }, injectTo: 'head' }] : [],
};

export default defineConfig({
  plugins: [react(), sessionMeta],
  // The workspace packages' sources (their "adloom-source" export), never a build left in dist/.
  resolve: { conditions: ['adloom-source', ...defaultClientConditions] },
  // Relative asset URLs: the same build is served by `adloom serve` and loaded by the desktop shell.
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 3000 },
  server: { proxy },
  preview: { proxy },
});
