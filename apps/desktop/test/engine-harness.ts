import { mkdtemp, realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type GraphFile, loadGraphObject } from '@adloom/graph';
import type { RunEvent } from '@adloom/host';
import { type EngineProcess, EngineSupervisor } from '../src/engine-protocol.ts';
import { forkEngine } from '../src/forked-engine.ts';

/** The engine child from source: plain Node runs it as Electron's utilityProcess would. */
export const ENGINE_CHILD = join(import.meta.dirname, '../src/engine-child.ts');
export const TEST_PACK = pathToFileURL(join(import.meta.dirname, 'fixtures/test-pack.ts')).href;

export async function tempWorkspace(prefix = 'adloom-desktop-'): Promise<string> {
  return realpath(await mkdtemp(join(tmpdir(), prefix)));
}

/** The environment a test engine starts with: no keys from the machine running the tests. */
export function engineEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ADLOOM_PACKS: TEST_PACK, ...extra };
  delete env.OPENAI_API_KEY;
  delete env.COMPATIBLE_API_KEY;
  return env;
}

/** A supervisor over real forked children; `processes` holds every child it started. */
export function forkedSupervisor(workspace: string, options: { childModule?: string; env?: NodeJS.ProcessEnv } = {}) {
  const processes: EngineProcess[] = [];
  const supervisor = new EngineSupervisor({
    spawn: () => {
      const child = forkEngine(options.childModule ?? ENGINE_CHILD, ['--workspace', workspace], options.env ?? engineEnv());
      processes.push(child);
      return child;
    },
  });
  return { supervisor, processes };
}

export function graphOf(nodes: Record<string, unknown>, edges: { from: string; to: string }[] = []): GraphFile {
  const loaded = loadGraphObject({ adloom: 1, name: 'Test', nodes, edges });
  if (!loaded.graph) throw new Error(JSON.stringify(loaded.diagnostics));
  return loaded.graph;
}

/** Every event of a run, to its run.finished. */
export function eventsOf(source: Pick<EngineSupervisor, 'subscribe'>, runId: string): Promise<RunEvent[]> {
  return new Promise((resolve) => {
    const events: RunEvent[] = [];
    source.subscribe(runId, (event) => {
      events.push(event);
      if (event.type === 'run.finished') resolve(events);
    });
  });
}

export const greeting = () =>
  graphOf(
    {
      who: { type: 'input.text', params: { name: 'who', default: 'world' } },
      greet: { type: 'text.template', params: { template: 'Hello, {{who}}!' } },
    },
    [{ from: 'who.text', to: 'greet.who' }],
  );
