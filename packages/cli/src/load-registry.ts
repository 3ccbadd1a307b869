import { readFileSync } from 'node:fs';
import { loadPacks, type NodeRegistry } from '@adloom/engine';

/** The command's own dependencies: those that declare themselves packs are its built-ins. */
function dependencies(): string[] {
  const own = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  return Object.keys(own.dependencies ?? {});
}

/**
 * The registry a command runs with: the built-in packs, the workspace's (`.adloom/packs/*`,
 * `node_modules`), and `ADLOOM_PACKS`; a pack that fails to load is listed with its reason.
 */
export async function loadRegistry(
  options: { workspace?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<NodeRegistry> {
  const env = options.env ?? process.env;
  return loadPacks({
    builtIn: dependencies(),
    workspace: options.workspace ?? options.cwd ?? process.cwd(),
    extra: env.ADLOOM_PACKS,
    cwd: options.cwd ?? process.cwd(),
  });
}
