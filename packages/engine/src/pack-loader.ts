import { readFileSync } from 'node:fs';
import { readdir, readFile, realpath } from 'node:fs/promises';
import { registerHooks } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { PackInfo } from '@adloom/graph';
import type { NodePack } from '@adloom/sdk';
import { NodeRegistry } from './registry.ts';

/** The pack API this host speaks: a package's `"adloom": { "apiVersion": 1 }`. */
export const PACK_API_VERSION = 1;

export interface PackSources {
  /** The host's own dependencies: those whose package.json has an `adloom` field are its built-in packs. */
  builtIn?: readonly string[];
  /** Packs already imported (a bundled host), added as built-ins. */
  bundled?: readonly NodePack[];
  /** `<workspace>/.adloom/packs/*` and the workspace's `node_modules` are searched. */
  workspace?: string;
  /** `ADLOOM_PACKS`: comma-separated folders, files or package names; paths are relative to `cwd`. */
  extra?: string;
  cwd?: string;
}

interface PackageJson {
  name?: string;
  version?: string;
  adloom?: { apiVersion?: unknown; pack?: unknown };
}

export interface Candidate {
  origin: PackInfo['origin'];
  /** A folder with a package.json, or a module file. */
  location: string;
  /** A package name to import as it is (a built-in). */
  specifier?: string;
}

let sdkHookInstalled = false;

/**
 * [packs.P2] A pack imports `@adloom/sdk` as a peer: whatever copy lies beside it (or none),
 * it gets this host's own, so its NodeError and defineNode are the host's.
 */
function useHostSdk(): void {
  if (sdkHookInstalled) return;
  sdkHookInstalled = true;
  const hostSdk = import.meta.resolve('@adloom/sdk');
  registerHooks({
    resolve(specifier, context, nextResolve) {
      if (specifier === '@adloom/sdk') return { url: hostSdk, shortCircuit: true };
      return nextResolve(specifier, context);
    },
  });
}

async function readPackageJson(dir: string): Promise<PackageJson | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as PackageJson;
  } catch {
    return undefined;
  }
}

/** The folder of an installed package, from its entry point: the nearest package.json that names it. */
function packageDirOf(specifier: string): string {
  let dir = dirname(fileURLToPath(import.meta.resolve(specifier)));
  for (let i = 0; i < 5; i++, dir = dirname(dir)) {
    try {
      if ((JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson).name === specifier) return dir;
    } catch {
      // no package.json at this level
    }
  }
  throw new Error(`cannot find the folder of the package ${specifier}`);
}

/** Folders directly inside `dir` (and inside its `@scope` folders when `scoped`). */
async function subfolders(dir: string, scoped: boolean): Promise<string[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() && !entry.isSymbolicLink()) continue;
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (scoped && entry.name.startsWith('@')) out.push(...(await subfolders(path, false)));
    else out.push(path);
  }
  return out.sort();
}

/** Where the packs of `sources` lie, in load order, without importing any; one that cannot be found is a failed entry. */
export async function packCandidates(sources: PackSources): Promise<(Candidate | { failed: PackInfo })[]> {
  const out: (Candidate | { failed: PackInfo })[] = [];
  /** A package by name; one that cannot be found is reported, not thrown. */
  const byName = async (origin: PackInfo['origin'], name: string, onlyPacks: boolean) => {
    try {
      const location = packageDirOf(name);
      if (!onlyPacks || (await readPackageJson(location))?.adloom) out.push({ origin, location, specifier: name });
    } catch (error) {
      out.push({ failed: { name, origin, nodeTypes: [], error: (error as Error).message } });
    }
  };
  for (const name of sources.builtIn ?? []) await byName('built-in', name, true);
  if (sources.workspace) {
    for (const dir of await subfolders(join(sources.workspace, '.adloom', 'packs'), false)) {
      out.push({ origin: 'workspace', location: dir });
    }
    for (const dir of await subfolders(join(sources.workspace, 'node_modules'), true)) {
      if ((await readPackageJson(dir))?.adloom) out.push({ origin: 'node_modules', location: dir });
    }
  }
  const cwd = sources.cwd ?? process.cwd();
  for (const item of (sources.extra ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (item.startsWith('file:')) out.push({ origin: 'ADLOOM_PACKS', location: fileURLToPath(item) });
    else if (item.startsWith('.') || isAbsolute(item)) out.push({ origin: 'ADLOOM_PACKS', location: resolve(cwd, item) });
    else await byName('ADLOOM_PACKS', item, false);
  }
  return out;
}

/** Imports one candidate and says what it is; never throws. */
async function loadCandidate(candidate: Candidate): Promise<{ info: PackInfo; pack?: NodePack }> {
  const pkg = await readPackageJson(candidate.location);
  const info: PackInfo = {
    name: pkg?.name ?? candidate.specifier ?? candidate.location,
    ...(pkg?.version ? { version: pkg.version } : {}),
    origin: candidate.origin,
    nodeTypes: [],
  };
  try {
    let url: string;
    if (pkg) {
      const declared = pkg.adloom;
      if (!declared)
        throw new Error(`its package.json has no "adloom" field ({ "apiVersion": ${PACK_API_VERSION}, "pack": "./index.js" })`);
      if (typeof declared.apiVersion === 'number') info.apiVersion = declared.apiVersion;
      if (declared.apiVersion !== PACK_API_VERSION) {
        throw new Error(`it is written for pack API ${String(declared.apiVersion)}, and this host speaks ${PACK_API_VERSION}`);
      }
      if (typeof declared.pack !== 'string') throw new Error('its package.json\'s "adloom.pack" names no entry file');
      url = pathToFileURL(resolve(candidate.location, declared.pack)).href;
    } else {
      url = pathToFileURL(candidate.location).href;
    }
    useHostSdk();
    const module = (await import(candidate.specifier && candidate.origin === 'built-in' ? candidate.specifier : url)) as {
      pack?: NodePack;
      default?: NodePack;
    };
    const pack = module.pack ?? module.default;
    if (!pack || !Array.isArray(pack.nodes)) throw new Error('its entry exports no `pack` ({ name, nodes })');
    info.nodeTypes = pack.nodes.map((node) => node.type);
    if (Array.isArray(pack.secrets)) info.secrets = pack.secrets;
    if (!pkg) info.name = pack.name;
    return { info, pack };
  } catch (error) {
    return { info: { ...info, error: (error as Error).message } };
  }
}

/**
 * [packs.P1] The packs a host finds: the built-ins, `<workspace>/.adloom/packs/*`, packages
 * with an `adloom` field in the workspace's `node_modules`, and `ADLOOM_PACKS`. A pack that
 * fails to load, or names a type another pack has, is reported and left out; it never stops
 * the host. `found` is what `packCandidates(sources)` found, when the caller has it already.
 */
export async function loadPacks(
  sources: PackSources,
  found?: readonly (Candidate | { failed: PackInfo })[],
): Promise<NodeRegistry> {
  const registry = new NodeRegistry();
  for (const pack of sources.bundled ?? []) {
    registry.addPack(pack);
    registry.packInfo.push({
      name: pack.name,
      origin: 'built-in',
      nodeTypes: pack.nodes.map((n) => n.type),
      ...(pack.secrets ? { secrets: pack.secrets } : {}),
    });
  }
  const seen = new Set<string>();
  for (const candidate of found ?? (await packCandidates(sources))) {
    if ('failed' in candidate) {
      registry.packInfo.push(candidate.failed);
      continue;
    }
    // The workspace's node_modules may hold the host's own packs again (a checkout of Adloom).
    const location = await realpath(candidate.location).catch(() => candidate.location);
    if (seen.has(location)) continue;
    seen.add(location);
    const { info, pack } = await loadCandidate(candidate);
    if (pack) {
      try {
        registry.addPack(pack);
      } catch (error) {
        info.error = (error as Error).message;
      }
    }
    registry.packInfo.push(info);
  }
  return registry;
}
