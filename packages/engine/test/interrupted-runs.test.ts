import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { markInterruptedRuns } from '../src/index.ts';
import { graphOf, makeTestKit, makeWorkDir, readManifest } from './test-kit.ts';

/** Starts a run in another process and resolves with its id once its node is half-way through writing. */
async function runUntilHalfWritten(workDir: string) {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'fixtures', 'run-pending.ts'), workDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const [line] = (await once(lines, 'line')) as [string];
  return { child, runId: (JSON.parse(line) as { runId: string }).runId };
}

describe('[engine.R1] a run whose process was killed', { timeout: 30_000 }, () => {
  it('is marked interrupted, and its half-written files are swept, by the next run in the folder', async () => {
    const dir = await makeWorkDir();
    const { child, runId } = await runUntilHalfWritten(dir);
    expect(await readdir(join(dir, '.adloom', 'artifacts', 'tmp'))).toHaveLength(1);
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect((await readManifest(join(dir, 'runs', runId))).status).toBe('running');

    const next = await makeTestKit().run(graphOf({ v: ['test.value', { value: 1 }] }), dir);
    expect(next.status).toBe('succeeded');
    const killed = (await readManifest(join(dir, 'runs', runId))) as unknown as Record<string, unknown>;
    expect(killed).toMatchObject({
      status: 'interrupted',
      error: expect.stringMatching(/^the process that ran it \(pid \d+\) ended before the run did$/),
    });
    expect(await readdir(join(dir, '.adloom', 'artifacts', 'tmp'))).toEqual([]);
    // Marked once: nothing is left to mark.
    expect(await markInterruptedRuns(dir)).toEqual([]);
  });

  it('leaves a run that is still going alone', async () => {
    const dir = await makeWorkDir();
    const { child, runId } = await runUntilHalfWritten(dir);
    try {
      expect(await markInterruptedRuns(dir)).toEqual([]);
      expect((await readManifest(join(dir, 'runs', runId))).status).toBe('running');
      expect(await readdir(join(dir, '.adloom', 'artifacts', 'tmp'))).toHaveLength(1);
    } finally {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  });
});
