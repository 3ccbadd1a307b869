import { readFileSync } from 'node:fs';
import type { NodeRegistry, PackSources } from '@adloom/engine';
import type { Catalog } from '@adloom/graph';

/** The command's own dependencies: those that declare themselves packs are its built-ins. */
function dependencies(): string[] {
  const own = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  return Object.keys(own.dependencies ?? {});
}

interface RegistryOptions {
  workspace?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

function packSources(options: RegistryOptions): PackSources {
  const env = options.env ?? process.env;
  return {
    builtIn: dependencies(),
    workspace: options.workspace ?? options.cwd ?? process.cwd(),
    extra: env.ADLOOM_PACKS,
    cwd: options.cwd ?? process.cwd(),
  };
}

/**
 * The registry a command runs with: the built-in packs, the workspace's (`.adloom/packs/*`,
 * `node_modules`), and `ADLOOM_PACKS`; a pack that fails to load is listed with its reason.
 */
export async function loadRegistry(options: RegistryOptions = {}): Promise<NodeRegistry> {
  const { loadPacks } = await import('@adloom/engine');
  return loadPacks(packSources(options));
}

/**
 * The catalog of the same packs, for commands that only read it (validate, nodes, packs): from
 * the user's cache while no file of any pack has changed, so no pack or its libraries load.
 */
export async function loadCatalog(options: RegistryOptions = {}): Promise<Catalog> {
  const { loadCatalog: cachedCatalog, userCacheDir } = await import('@adloom/engine/catalog');
  return (await cachedCatalog(packSources(options), userCacheDir(options.env))).catalog;
}
