import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Catalog } from '@adloom/graph';
import { writeFileAtomic } from './atomic-write.ts';
import { type Candidate, loadPacks, type PackSources, packCandidates } from './pack-loader.ts';

/** Bumped when the cache file's shape or what it is keyed on changes. */
const FORMAT = 2;

/** More files than this under the packs' folders and the catalog is not cached: stamping them would cost more than loading. */
const MAX_STAMPED_FILES = 20_000;

const TEST_FILE = /\.test\.[cm]?[jt]sx?$/;

type Found = Awaited<ReturnType<typeof packCandidates>>;

interface CacheFile {
  format: number;
  /** What the list of packs was found from: the workspace's node_modules and packs folders. */
  scan: string;
  found: Found;
  /** Every file the catalog was made from: the packs, their @adloom dependencies, the host's engine and SDK. */
  stamp: string;
  catalog: Catalog;
}

/** The folder for the user's caches: ADLOOM_CACHE_DIR, else the platform's own. */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ADLOOM_CACHE_DIR) return env.ADLOOM_CACHE_DIR;
  if (process.platform === 'win32') return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'adloom', 'cache');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'adloom');
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'adloom');
}

const hash = (text: string) => createHash('sha256').update(text).digest('hex');

// Missing files are answered without an exception: one costs more than the stat itself.
function statLine(path: string): string {
  const s = statSync(path, { throwIfNoEntry: false });
  return s ? `${path} ${s.mtimeMs} ${s.size}` : `${path} -`;
}

/** Size and time of every file a catalog depends on, as lines; undefined past MAX_STAMPED_FILES. */
class Stamper {
  readonly lines: string[] = [];
  private readonly done = new Set<string>();
  overflow = false;

  /** A file, or every file under a folder (node_modules and dot folders left out). */
  add(path: string): void {
    if (this.overflow || this.done.has(path)) return;
    if (!statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
      this.addFile(path);
      return;
    }
    this.done.add(path);
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      // Tests beside the code make no node types; someone editing one needs no new catalog.
      if (entry.name === 'node_modules' || entry.name.startsWith('.') || TEST_FILE.test(entry.name)) continue;
      const child = join(path, entry.name);
      if (entry.isDirectory()) this.add(child);
      else this.addFile(child);
      if (this.lines.length > MAX_STAMPED_FILES) this.overflow = true;
    }
  }

  /** The files directly in a folder, not those in its subfolders (dot files and tests left out). */
  addFilesIn(dir: string): void {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isFile() && !entry.name.startsWith('.') && !TEST_FILE.test(entry.name)) this.addFile(join(dir, entry.name));
    }
  }

  private addFile(path: string): void {
    if (this.done.has(path)) return;
    this.done.add(path);
    this.lines.push(statLine(path));
  }

  /** A package: its package.json and its src/ and dist/ (the whole folder when it has neither). */
  addPackage(dir: string): void {
    const key = `package ${dir}`;
    if (this.done.has(key)) return;
    this.done.add(key);
    this.addFile(join(dir, 'package.json'));
    const parts = ['src', 'dist'].map((name) => join(dir, name)).filter((path) => existsSync(path));
    for (const part of parts.length ? parts : [dir]) this.add(part);
    // An install beside it (npm rewrites node_modules/.package-lock.json) may change what it imports.
    const lock = nearestInstall(dir);
    if (lock) this.add(lock);
  }
}

/** The install record (npm's node_modules/.package-lock.json) nearest above `dir`. */
function nearestInstall(dir: string): string | undefined {
  for (let up = dir; dirname(up) !== up; up = dirname(up)) {
    const lock = join(up, 'node_modules', '.package-lock.json');
    if (existsSync(lock)) return lock;
  }
  return undefined;
}

/** The folder of the package at `name` as `from` would import it, by walking up its node_modules. */
function dependencyDir(from: string, name: string): string | undefined {
  for (let dir = from; dirname(dir) !== dir; dir = dirname(dir)) {
    const path = join(dir, 'node_modules', name);
    if (existsSync(path)) return realpathSync.native(path);
  }
  return undefined;
}

function packageDirOfFile(file: string): string | undefined {
  for (let dir = dirname(file); dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  return undefined;
}

/** Whether `path` lies inside the folder `dir` (or is it). */
function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * A pack's folder, its @adloom dependencies, or (a pack that is one file) the folder around it.
 * Beside its src/ and dist/, what its loader imports: the folder of its `adloom.pack` entry and
 * the package's own top-level files, so a pack patched in place in node_modules is seen.
 */
function stampCandidate(stamper: Stamper, candidate: Candidate): void {
  const manifest = join(candidate.location, 'package.json');
  if (!existsSync(manifest)) {
    stamper.add(dirname(candidate.location));
    return;
  }
  let pkg:
    | { dependencies?: Record<string, string>; peerDependencies?: Record<string, string>; adloom?: { pack?: unknown } }
    | undefined;
  try {
    pkg = JSON.parse(readFileSync(manifest, 'utf8'));
  } catch {
    // an unreadable package.json: its stamp below says when it changes
  }
  const location = realpathSync.native(candidate.location);
  stamper.addPackage(location);
  stamper.addFilesIn(location);
  const entry = typeof pkg?.adloom?.pack === 'string' ? resolve(location, pkg.adloom.pack) : undefined;
  // The entry is the package's to name, not a path to walk: one outside its folder is not followed.
  if (entry && isInside(location, entry)) stamper.add(dirname(entry));
  for (const name of Object.keys({ ...pkg?.dependencies, ...pkg?.peerDependencies })) {
    if (!name.startsWith('@adloom/')) continue;
    const dir = dependencyDir(location, name);
    if (dir) stamper.addPackage(dir);
  }
}

/** What the list of packs is found from, without reading any package: the folders' own times and the install record. */
function scanKey(sources: PackSources): string {
  const lines = [JSON.stringify({ ...sources, bundled: undefined, cwd: sources.cwd ?? process.cwd() })];
  // The host's own install: where its built-in packs and ADLOOM_PACKS names resolve.
  const hostInstall = nearestInstall(dirname(fileURLToPath(import.meta.url)));
  if (hostInstall) lines.push(statLine(hostInstall));
  if (sources.workspace) {
    const modules = join(sources.workspace, 'node_modules');
    lines.push(
      statLine(join(sources.workspace, '.adloom', 'packs')),
      statLine(modules),
      statLine(join(modules, '.package-lock.json')),
    );
    try {
      for (const name of readdirSync(modules)) if (name.startsWith('@')) lines.push(statLine(join(modules, name)));
    } catch {
      // no node_modules
    }
  }
  return hash(lines.join('\n'));
}

/** The host's own packages a catalog is made with: the engine, the SDK packs define nodes with, the graph types. */
function stampHost(stamper: Stamper): void {
  const engineDir = dirname(dirname(fileURLToPath(import.meta.url)));
  stamper.addPackage(engineDir);
  for (const name of ['@adloom/sdk', '@adloom/graph']) {
    const dir = packageDirOfFile(fileURLToPath(import.meta.resolve(name)));
    if (dir) stamper.addPackage(dir);
  }
}

function stampOf(found: Found): string | undefined {
  const stamper = new Stamper();
  stampHost(stamper);
  for (const candidate of found) if (!('failed' in candidate)) stampCandidate(stamper, candidate);
  return stamper.overflow ? undefined : hash(stamper.lines.join('\n'));
}

async function readCache(file: string): Promise<CacheFile | undefined> {
  try {
    const cache = JSON.parse(await readFile(file, 'utf8')) as CacheFile;
    return cache?.format === FORMAT && typeof cache.stamp === 'string' && cache.catalog?.nodes ? cache : undefined;
  } catch {
    return undefined;
  }
}

/**
 * [packs.P6] The catalog of the packs `sources` name (what `adloom validate`, `nodes` and
 * `packs` need), from a cache in `cacheDir` when no file it was made from has changed since:
 * each pack's files, its @adloom dependencies, the host's engine, SDK and graph packages, and
 * the installs beside them. Otherwise the packs load for real and the cache is written anew
 * (atomically; a catalog with a pack that failed to load is not kept). `fromCache` says which.
 */
export async function loadCatalog(sources: PackSources, cacheDir: string): Promise<{ catalog: Catalog; fromCache: boolean }> {
  if (sources.bundled?.length) return { catalog: (await loadPacks(sources)).catalog(), fromCache: false };
  const scan = scanKey(sources);
  const file = join(cacheDir, `catalog-${scan.slice(0, 16)}.json`);
  const cache = await readCache(file);
  const found = cache?.scan === scan ? cache.found : await packCandidates(sources);
  const stamp = stampOf(found);
  if (cache && stamp && cache.stamp === stamp && cache.scan === scan) return { catalog: cache.catalog, fromCache: true };
  const catalog = (await loadPacks(sources, found)).catalog();
  if (stamp && !catalog.packs?.some((pack) => pack.error)) {
    const entry: CacheFile = { format: FORMAT, scan, found, stamp, catalog };
    await writeFileAtomic(file, JSON.stringify(entry), { durable: false }).catch(() => undefined);
  }
  return { catalog, fromCache: false };
}
