import { defineConfig } from 'vitest/config';

// One vitest project per workspace; `npm test` runs them all.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'graph', root: 'packages/graph', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] } },
      { test: { name: 'engine', root: 'packages/engine', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] } },
      { test: { name: 'cli', root: 'packages/cli', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 60_000 } },
      { test: { name: 'nodes-core', root: 'nodes/core', include: ['src/**/*.test.ts'] } },
      { test: { name: 'nodes-text', root: 'nodes/text', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 30_000 } },
      { test: { name: 'nodes-image', root: 'nodes/image', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 30_000 } },
      { test: { name: 'nodes-video', root: 'nodes/video', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 60_000 } },
      { test: { name: 'nodes-variants', root: 'nodes/variants', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 60_000 } },
      { test: { name: 'nodes-page', root: 'nodes/page', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 60_000 } },
      { test: { name: 'server', root: 'packages/server', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 30_000 } },
      { test: { name: 'editor', root: 'apps/editor', include: ['src/**/*.test.ts', 'src/**/*.test.tsx'] } },
      { test: { name: 'e2e', root: 'apps/editor', include: ['e2e/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 180_000, fileParallelism: false } },
    ],
  },
});
