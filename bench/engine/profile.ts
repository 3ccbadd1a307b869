/**
 * One benchmark case on its own, for profiling:
 * `node --cpu-prof --cpu-prof-dir=/tmp/prof bench/engine/profile.ts chain 10000 cold [runs]`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutputCache, runGraph } from '@adloom/engine';
import { noopChain, noopFanOut, registry } from './adloom-graphs.ts';

const [shape = 'chain', size = '10000', mode = 'off', times = '5'] = process.argv.slice(2);
const graph = shape === 'chain' ? noopChain(Number(size)) : noopFanOut(Number(size));
const root = await mkdtemp(join(tmpdir(), 'adloom-profile-'));
try {
  const shared = mode === 'warm-memory' ? new OutputCache({ dir: join(root, '.adloom', 'cache') }) : undefined;
  if (mode.startsWith('warm')) await runGraph(graph, { registry, workDir: root, cache: shared });
  for (let i = 0; i < Number(times); i++) {
    const workDir = mode === 'cold' ? join(root, `cold${i}`) : root;
    const t0 = performance.now();
    const result = await runGraph(graph, { registry, workDir, cache: mode === 'off' ? false : shared });
    const ms = performance.now() - t0;
    process.stdout.write(
      `${shape} ${size} ${mode}: ${result.status} in ${ms.toFixed(1)} ms, ${((ms * 1000) / result.nodes.size).toFixed(1)} µs a node\n`,
    );
  }
} finally {
  await rm(root, { recursive: true, force: true });
}
