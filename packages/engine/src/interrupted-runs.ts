import { readdir, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write.ts';
import { isProcessAlive } from './process-alive.ts';

/** What a running run leaves in `<workDir>/.adloom/running/<runId>.json` until it finishes. */
interface RunningMark {
  pid: number;
  host: string;
  outDir: string;
}

const marksDir = (workDir: string) => join(workDir, '.adloom', 'running');

/** Notes that a run is under way, so a later run can tell when its process died; returns the unmark. */
export async function markRunning(workDir: string, runId: string, outDir: string): Promise<() => Promise<void>> {
  const mark: RunningMark = { pid: process.pid, host: hostname(), outDir };
  const path = join(marksDir(workDir), `${runId}.json`);
  await writeFileAtomic(path, JSON.stringify(mark), { durable: false });
  return () => rm(path, { force: true });
}

/**
 * [engine.R1] Marks the manifests of runs whose process died on this machine (`kill -9`, a power cut)
 * `interrupted` instead of leaving them `running` forever. Runs of other machines sharing the
 * folder are theirs to mark. Returns the run ids it marked.
 */
export async function markInterruptedRuns(workDir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(marksDir(workDir));
  } catch {
    return [];
  }
  const marked: string[] = [];
  const host = hostname();
  for (const name of names) {
    if (!name.endsWith('.json')) continue;
    const path = join(marksDir(workDir), name);
    let mark: RunningMark;
    try {
      mark = JSON.parse(await readFile(path, 'utf8')) as RunningMark;
    } catch {
      continue; // being written, or torn: the next sweep sees it whole
    }
    if (mark.host !== host || mark.pid === process.pid || isProcessAlive(mark.pid)) continue;
    const manifestPath = join(mark.outDir, 'manifest.json');
    try {
      const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>;
      if (manifest.status === 'running') {
        manifest.status = 'interrupted';
        manifest.interruptedAt = new Date().toISOString();
        manifest.error = `the process that ran it (pid ${mark.pid}) ended before the run did`;
        await writeFileAtomic(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
        marked.push(name.slice(0, -'.json'.length));
      }
    } catch {
      // No manifest (removed with its folder): nothing to mark.
    }
    await rm(path, { force: true });
  }
  return marked;
}
