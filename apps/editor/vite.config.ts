import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `vite` (dev) forwards /api to a running `adloom serve`; set ADLOOM_API to its address.
const api = process.env.ADLOOM_API ?? 'http://127.0.0.1:4317';

export default defineConfig({
  plugins: [react()],
  // Relative asset URLs: the same build is served by `adloom serve` and loaded by the desktop shell.
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 3000 },
  server: { proxy: { '/api': { target: api, changeOrigin: true } } },
  preview: { proxy: { '/api': { target: api, changeOrigin: true } } },
});
