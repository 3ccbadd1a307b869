import { join } from 'node:path';
import type { NodeRegistry, RunEvent } from '@adloom/engine';
import { HostService, type HostServiceOptions } from '../src/service/host-service.ts';
import { RunHub } from '../src/service/run-hub.ts';
import { MemorySecrets } from '../src/service/secret-storage.ts';
import { SettingsFile } from '../src/service/settings-file.ts';
import { WorkspacePaths } from '../src/service/workspace-paths.ts';

/**
 * A host on `workspace`, built as `adloom serve` builds one (its settings under `.adloom`,
 * secrets in memory, no environment); a second one on the same folder is a restart.
 */
export function hostOn(workspace: string, registry: NodeRegistry, overrides: Partial<HostServiceOptions> = {}): HostService {
  return new HostService({
    kind: 'browser',
    version: '0.1.0-test',
    paths: new WorkspacePaths(workspace),
    catalog: () => registry.catalog(),
    runs: new RunHub(registry, workspace, () => ({})),
    settings: new SettingsFile(join(workspace, '.adloom', 'settings.json')),
    secrets: new MemorySecrets(),
    env: {},
    ...overrides,
  });
}

/** Every event of a run, once it has finished. */
export function runEvents(host: HostService, runId: string): Promise<RunEvent[]> {
  return new Promise((resolve) => {
    const seen: RunEvent[] = [];
    host.subscribeRun(runId, (event) => {
      seen.push(event);
      if (event.type === 'run.finished') resolve(seen);
    });
  });
}
