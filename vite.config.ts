import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Tests run the sources: every workspace package's exports name them under "adloom-source" (its
// build under "default"). What a test starts under Node (the adloom bin, a forked engine, a
// fixture script, a worker thread) inherits the condition through NODE_OPTIONS.
const SOURCE = 'adloom-source';
if (!process.env.NODE_OPTIONS?.includes(`--conditions=${SOURCE}`)) {
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --conditions=${SOURCE}`.trim();
}
// The catalog cache of `adloom validate`/`nodes`/`packs` goes to a folder of this test run, not the user's.
process.env.ADLOOM_CACHE_DIR ??= join(tmpdir(), `adloom-test-cache-${process.pid}`);
const resolve = { conditions: [SOURCE, ...defaultClientConditions] };
const ssr = { resolve: { conditions: [SOURCE, ...defaultServerConditions], externalConditions: [SOURCE] } };

type Extra = { testTimeout?: number; hookTimeout?: number; fileParallelism?: boolean; include?: string[] };

/** One vitest project per workspace, its tests beside the code or under test/. */
const project = (name: string, root: string, extra: Extra = {}) => ({
  resolve,
  ssr,
  test: { name, root, include: ['src/**/*.test.ts', 'test/**/*.test.ts'], ...extra },
});

// `npm test` runs them all; `vitest run --project engine` runs one.
export default defineConfig({
  test: {
    projects: [
      project('graph', 'packages/graph', { testTimeout: 30_000 }),
      project('specs', 'packages/specs'),
      project('sdk', 'packages/sdk'),
      project('engine', 'packages/engine'),
      project('assistant', 'packages/assistant', { testTimeout: 60_000 }),
      project('cli', 'packages/cli', { testTimeout: 60_000 }),
      project('host', 'packages/host', { testTimeout: 30_000 }),
      project('server', 'packages/server', { testTimeout: 30_000 }),
      project('queue', 'packages/queue', { testTimeout: 60_000, hookTimeout: 30_000 }),
      project('nodes-core', 'nodes/core'),
      project('nodes-text', 'nodes/text', { testTimeout: 30_000 }),
      project('nodes-image', 'nodes/image', { testTimeout: 30_000 }),
      project('nodes-video', 'nodes/video', { testTimeout: 60_000 }),
      project('nodes-variants', 'nodes/variants', { testTimeout: 60_000 }),
      project('nodes-page', 'nodes/page', { testTimeout: 60_000 }),
      project('desktop', 'apps/desktop'),
      project('editor', 'apps/editor', { include: ['src/**/*.test.ts', 'src/**/*.test.tsx'] }),
      // repository checks: the rule ids tests cite (docs/rules.md)
      project('scripts', 'scripts', { include: ['*.test.ts'] }),
      project('e2e', 'apps/editor', {
        include: ['e2e/**/*.test.ts'],
        testTimeout: 120_000,
        hookTimeout: 180_000,
        fileParallelism: false,
      }),
    ],
  },
});
