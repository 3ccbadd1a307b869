import { constants, existsSync, lstatSync } from 'node:fs';
import { lstat, open, readdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { isProcessAlive, type RunEvent } from '@adloom/engine';
import { extensionForMime } from '@adloom/graph';
import { z } from 'zod';
import type { RunEntry, RunEntryStatus, RunList } from '../responses.ts';

/** The most runs one listing returns. */
export const RUN_LIST_LIMIT = 200;
/** A manifest larger than this is listed as skipped, never read whole. */
export const MANIFEST_READ_BYTES = 16 * 1024 * 1024;
/** The most run folders one listing reads the manifests of, newest first (a filter may pass few of them). */
const MAX_MANIFEST_READS = 1000;
/** Summaries kept between listings, by folder (a few hundred bytes each); a changed manifest is read again. */
const CACHE_SIZE = 2000;
/** How deep a manifest's outputs are searched for files; deeper values pass as they are. */
const MAX_DEPTH = 32;

/** A run id as run folders are named: what a listing or a replay will look at. */
export const isRunFolderName = (name: string) => name.length <= 100 && /^[\w-]+$/.test(name);

const nodeRecord = z.object({
  status: z.string().max(20),
  cached: z.boolean().optional(),
  durationMs: z.number().nonnegative().optional(),
  attempts: z.number().int().nonnegative().optional(),
  error: z.object({ message: z.string().max(100_000).optional() }).optional(),
  outputs: z.record(z.string(), z.unknown()).optional(),
});

/** What the history reads of `runs/<runId>/manifest.json` (written by the engine's RunFolder). */
const manifestSchema = z.object({
  adloomManifest: z.literal(1),
  graph: z.object({ name: z.string().max(1000), file: z.string().max(4096).optional() }),
  startedAt: z.string().max(100),
  finishedAt: z.string().max(100).optional(),
  durationMs: z.number().nonnegative().optional(),
  status: z.enum(['running', 'succeeded', 'failed', 'cancelled', 'interrupted']),
  error: z.string().max(100_000).optional(),
  nodes: z.record(z.string().max(200), nodeRecord),
});
type Manifest = z.infer<typeof manifestSchema>;

type ReadManifest = { manifest: Manifest } | { problem: string };

/** What a listing keeps of a manifest: the entry, with the graph's file as written and the status as written. */
type RunSummary = Omit<RunEntry, 'runId' | 'path' | 'status'> & { file?: string; status: Manifest['status'] };

function summaryOf(manifest: Manifest): RunSummary {
  return {
    ...(manifest.graph.file ? { file: manifest.graph.file } : {}),
    graphName: manifest.graph.name,
    status: manifest.status,
    startedAt: manifest.startedAt,
    ...(manifest.finishedAt ? { finishedAt: manifest.finishedAt } : {}),
    ...(manifest.durationMs !== undefined ? { durationMs: manifest.durationMs } : {}),
    nodes: nodeCounts(manifest),
  };
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * A file's bytes, read only when it is a plain file (not a link, a pipe or a device) of at most
 * `limit` bytes: a run folder is data, a hostile one must not hang or exhaust the host.
 */
async function readPlainFile(path: string, limit: number): Promise<{ text: string } | { problem: string }> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    // No following a link, and no waiting on a pipe: either would read what the folder does not hold.
    handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      problem: code === 'ENOENT' ? 'it has no manifest.json' : 'its manifest.json cannot be read (a link, or not allowed)',
    };
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { problem: 'its manifest.json is not a file' };
    if (info.size > limit) {
      return { problem: `its manifest.json is ${megabytes(info.size)}, over the ${megabytes(limit)} the run history reads` };
    }
    const buffer = Buffer.alloc(info.size);
    let read = 0;
    while (read < info.size) {
      const { bytesRead } = await handle.read(buffer, read, info.size - read, read);
      if (!bytesRead) break;
      read += bytesRead;
    }
    return { text: buffer.subarray(0, read).toString('utf8') };
  } finally {
    await handle.close();
  }
}

async function readManifest(dir: string): Promise<ReadManifest> {
  const file = await readPlainFile(join(dir, 'manifest.json'), MANIFEST_READ_BYTES);
  if ('problem' in file) return file;
  let raw: unknown;
  try {
    raw = JSON.parse(file.text);
  } catch {
    return { problem: 'its manifest.json is not JSON (torn, or not written by Adloom)' };
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { problem: `its manifest.json is not a run manifest (${first?.path.join('.') || 'body'}: ${first?.message})` };
  }
  return { manifest: parsed.data };
}

function nodeCounts(manifest: Manifest): RunEntry['nodes'] {
  const counts = { ok: 0, failed: 0, cached: 0, total: 0 };
  for (const node of Object.values(manifest.nodes)) {
    counts.total++;
    if (node.status === 'cached' || (node.status === 'succeeded' && node.cached)) counts.cached++;
    else if (node.status === 'succeeded') counts.ok++;
    else if (node.status === 'failed') counts.failed++;
  }
  return counts;
}

export interface RunHistoryOptions {
  workspace: string;
  /** The bundled examples: a run of `examples/…` names its graph that way. */
  examplesDir?: string;
  /** Whether the host was given this file outside the workspace (the desktop's chosen files). */
  isGranted?: (absolute: string) => boolean;
  /** Whether a run is one of the host's own, still known to it (its events are live). */
  isLive: (runId: string) => boolean;
}

const insideOf = (root: string, path: string): string | undefined => {
  const rel = relative(root, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : undefined;
};

/**
 * [host.R1] The workspace's run folders as a history: the runs newest first, each read from its
 * manifest as data. Nothing a manifest says is a path to open: its graph's file only names the
 * graph (inside the workspace, or a file the host was given), and its files are found again by
 * their hash in the artifact store, which is where the editor is served them from.
 */
export class RunHistory {
  private readonly options: RunHistoryOptions;
  private readonly cache = new Map<string, { stamp: string; summary: RunSummary | { problem: string } }>();

  constructor(options: RunHistoryOptions) {
    this.options = options;
  }

  get runsDir(): string {
    return join(this.options.workspace, 'runs');
  }

  /** The graph's file as the editor names it, or nothing when the host would not name it. */
  private graphPathOf(file: string | undefined): string | undefined {
    if (!file || !isAbsolute(file) || file.includes('\0')) return undefined;
    const absolute = resolve(file);
    const inWorkspace = insideOf(this.options.workspace, absolute);
    if (inWorkspace) return inWorkspace;
    const inExamples = this.options.examplesDir ? insideOf(this.options.examplesDir, absolute) : undefined;
    if (inExamples) return `examples/${inExamples}`;
    return this.options.isGranted?.(absolute) ? absolute : undefined;
  }

  /** A run folder's summary, its manifest read once per version of the file. */
  private async summaryOf(runId: string, stamp: string): Promise<RunSummary | { problem: string }> {
    const cached = this.cache.get(runId);
    if (stamp && cached?.stamp === stamp) return cached.summary;
    const read = await readManifest(join(this.runsDir, runId));
    const summary = 'problem' in read ? read : summaryOf(read.manifest);
    if (stamp) {
      this.cache.delete(runId);
      this.cache.set(runId, { stamp, summary });
      if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    }
    return summary;
  }

  /** Whether a run folder with a manifest is on disk: one stat, so a subscription can answer 404 at once. */
  has(runId: string): boolean {
    if (!isRunFolderName(runId)) return false;
    try {
      return lstatSync(join(this.runsDir, runId, 'manifest.json')).isFile();
    } catch {
      return false;
    }
  }

  /** The runs on disk, newest first: at most `limit`, only those of `path` when given. */
  async list(options: { path?: string; limit?: number } = {}): Promise<RunList> {
    const limit = Math.min(options.limit ?? RUN_LIST_LIMIT, RUN_LIST_LIMIT);
    let names: string[];
    try {
      // The folder itself must be the workspace's: a `runs` link to elsewhere is not listed.
      const info = await lstat(this.runsDir);
      if (!info.isDirectory()) return { runs: [], skipped: [] };
      const entries = await readdir(this.runsDir, { withFileTypes: true });
      names = entries.filter((e) => e.isDirectory() && isRunFolderName(e.name)).map((e) => e.name);
    } catch {
      return { runs: [], skipped: [] };
    }
    // Newest first by the manifest's last write (run ids sort by their start, but ids may be given).
    const stamped = await Promise.all(
      names.map(async (name) => {
        try {
          const info = await lstat(join(this.runsDir, name, 'manifest.json'));
          return { name, mtime: info.mtimeMs, stamp: `${info.mtimeMs}:${info.size}:${info.ino}` };
        } catch {
          return { name, mtime: 0, stamp: '' };
        }
      }),
    );
    stamped.sort((a, b) => b.mtime - a.mtime || (a.name < b.name ? 1 : -1));
    const runs: RunEntry[] = [];
    const skipped: RunList['skipped'] = [];
    for (const { name, stamp } of stamped.slice(0, MAX_MANIFEST_READS)) {
      if (runs.length >= limit) break;
      const summary = await this.summaryOf(name, stamp);
      if ('problem' in summary) {
        if (!options.path && skipped.length < limit) skipped.push({ runId: name, reason: summary.problem });
        continue;
      }
      const { file, status, ...rest } = summary;
      const path = this.graphPathOf(file);
      if (options.path !== undefined && path !== options.path) continue;
      runs.push({
        runId: name,
        ...(path ? { path } : {}),
        ...rest,
        status: status === 'running' ? await this.runningStatus(name) : status,
      });
    }
    runs.sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0));
    return { runs, skipped };
  }

  /**
   * A manifest that says `running`: a run of this host's, or one whose process still runs (its
   * mark in `.adloom/running/`, from another process or machine); else its process ended first.
   */
  private async runningStatus(runId: string): Promise<RunEntryStatus> {
    if (this.options.isLive(runId)) return 'running';
    const mark = await readPlainFile(join(this.options.workspace, '.adloom', 'running', `${runId}.json`), 4096);
    if ('problem' in mark) return 'interrupted';
    try {
      const { pid, host } = JSON.parse(mark.text) as { pid?: unknown; host?: unknown };
      if (host !== hostname()) return 'running';
      return typeof pid === 'number' && Number.isInteger(pid) && pid > 0 && isProcessAlive(pid) ? 'running' : 'interrupted';
    } catch {
      return 'running';
    }
  }

  /**
   * [host.R2] A past run told again as the events a live run sends: started, each node's finish
   * (its outputs, files found by hash in the store) or failure, then finished. Returns a stop.
   */
  replay(runId: string, listener: (event: RunEvent) => void): () => void {
    let stopped = false;
    const emit = (event: RunEvent) => {
      if (!stopped) listener(event);
    };
    const outDir = join(this.runsDir, runId);
    this.replayEvents(runId, outDir).then(
      (events) => {
        for (const event of events) emit(event);
      },
      (error: Error) =>
        emit({
          type: 'run.finished',
          runId,
          status: 'failed',
          durationMs: 0,
          outDir,
          error: `cannot reopen the run: ${error.message}`,
        }),
    );
    return () => {
      stopped = true;
    };
  }

  private async replayEvents(runId: string, outDir: string): Promise<RunEvent[]> {
    const read = isRunFolderName(runId) ? await readManifest(outDir) : { problem: 'it is not a run id' };
    if ('problem' in read) {
      return [
        { type: 'run.finished', runId, status: 'failed', durationMs: 0, outDir, error: `cannot reopen the run: ${read.problem}` },
      ];
    }
    const { manifest } = read;
    const files = await this.storeFiles(manifest);
    const ids = Object.keys(manifest.nodes);
    const events: RunEvent[] = [{ type: 'run.started', runId, graph: manifest.graph.name, nodes: ids, outDir }];
    for (const [nodeId, node] of Object.entries(manifest.nodes)) {
      if (node.status === 'succeeded' || node.status === 'cached') {
        events.push({
          type: 'node.finished',
          runId,
          nodeId,
          durationMs: node.durationMs ?? 0,
          cached: node.status === 'cached' || node.cached === true,
          outputs: withStoreFiles(node.outputs ?? {}, files) as Record<string, unknown>,
        });
      } else if (node.status === 'failed') {
        events.push({
          type: 'node.failed',
          runId,
          nodeId,
          error: { message: node.error?.message ?? 'failed' },
          attempts: node.attempts ?? 1,
        });
      } else if (node.status === 'skipped') {
        events.push({ type: 'node.skipped', runId, nodeId, reason: 'skipped: an input it needs failed' });
      }
    }
    const status = manifest.status === 'running' ? await this.runningStatus(runId) : manifest.status;
    const ended = status === 'succeeded' || status === 'failed' || status === 'cancelled';
    events.push({
      type: 'run.finished',
      runId,
      status: ended ? status : 'failed',
      durationMs: manifest.durationMs ?? 0,
      outDir,
      ...(status === 'interrupted'
        ? { error: `the run was interrupted${manifest.error ? `: ${manifest.error}` : ''}` }
        : status === 'running'
          ? { error: 'the run is still going in another process: its results are written when it ends' }
          : {}),
    });
    return events;
  }

  /**
   * [host.R3] One of the host's own runs told again to a late subscriber (the run history reopening
   * it): each file it names that is gone from the store since is marked `isMissing`, as a run told
   * from its manifest marks it. Looked for by its hash in this workspace's store, the place the
   * editor is served it from: one stat a file.
   */
  withMissingFilesMarked(event: RunEvent): RunEvent {
    if (event.type !== 'node.finished') return event;
    const root = join(this.options.workspace, '.adloom', 'artifacts');
    const isInStore = (ref: { sha256: string; path: string }) => {
      const name = basename(ref.path);
      return name.startsWith(`${ref.sha256}.`) && existsSync(join(root, ref.sha256.slice(0, 2), name));
    };
    const outputs = mapFiles(event.outputs, isStoredRef, (ref) => (isInStore(ref) ? ref : { ...ref, isMissing: true }));
    return { ...event, outputs: outputs as Record<string, unknown> };
  }

  /**
   * Each file's place in the artifact store, by hash: looked up in the store's folders (one
   * listing per folder), never taken from the manifest, so it also says which files are gone.
   */
  private async storeFiles(manifest: Manifest): Promise<StoreFileOf> {
    const hashes = new Set<string>();
    for (const node of Object.values(manifest.nodes)) collectHashes(node.outputs, hashes, 0);
    const root = join(this.options.workspace, '.adloom', 'artifacts');
    const byPrefix = new Map<string, string[]>();
    for (const sha of hashes) byPrefix.set(sha.slice(0, 2), [...(byPrefix.get(sha.slice(0, 2)) ?? []), sha]);
    const found = new Map<string, string>();
    await Promise.all(
      [...byPrefix].map(async ([prefix, shas]) => {
        const names = await readdir(join(root, prefix)).catch(() => [] as string[]);
        for (const sha of shas) {
          const name = names.find((n) => n.startsWith(`${sha}.`));
          if (name) found.set(sha, join(root, prefix, name));
        }
      }),
    );
    // A file no longer in the store keeps a store-shaped path, and says it is gone; nothing else is read.
    return (sha, mime) => {
      const path = found.get(sha);
      if (path) return { path, isMissing: false };
      const extension = /^[a-z]+\/[\w.+-]+$/.test(mime) ? extensionForMime(mime) : 'bin';
      return { path: join(root, sha.slice(0, 2), `${sha}.${extension}`), isMissing: true };
    };
  }
}

const SHA256 = /^[a-f0-9]{64}$/;

/** A file's path in the artifact store, by its hash and type, and whether the file is no longer there. */
type StoreFileOf = (sha256: string, mime: string) => { path: string; isMissing: boolean };

/** Whether a value of a manifest stands for a file: its hash, kind and type (the run folder's `file`, or a path). */
function isFileLike(value: unknown): value is Record<string, unknown> & { sha256: string; kind: string; mime: string } {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.sha256 === 'string' &&
    SHA256.test(v.sha256) &&
    typeof v.kind === 'string' &&
    typeof v.mime === 'string' &&
    (typeof v.file === 'string' || typeof v.path === 'string')
  );
}

function collectHashes(value: unknown, out: Set<string>, depth: number): void {
  if (depth > MAX_DEPTH || !value || typeof value !== 'object') return;
  if (isFileLike(value)) {
    out.add(value.sha256);
    return;
  }
  for (const item of Array.isArray(value) ? value : Object.values(value)) collectHashes(item, out, depth + 1);
}

const optionalNumber = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The value with each file reference `isFile` finds in it replaced by `replace`'s, at most MAX_DEPTH levels down. */
function mapFiles<F>(value: unknown, isFile: (v: unknown) => v is F, replace: (file: F) => unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH || !value || typeof value !== 'object') return value;
  if (isFile(value)) return replace(value);
  if (Array.isArray(value)) return value.map((item) => mapFiles(item, isFile, replace, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapFiles(v, isFile, replace, depth + 1)]));
}

/**
 * The manifest's values with each file as a live run sends it: an artifact reference whose path
 * is its store file; one whose file is gone from the store (a cleaned `.adloom`, a pruned cache)
 * says so with `isMissing: true`, so the editor shows that instead of a broken image.
 */
function withStoreFiles(value: unknown, storeFileOf: StoreFileOf): unknown {
  return mapFiles(value, isFileLike, (file) => {
    const mime = file.mime.slice(0, 200);
    const { path, isMissing } = storeFileOf(file.sha256, mime);
    const ref: Record<string, unknown> = {
      kind: file.kind.slice(0, 40),
      path,
      mime,
      sha256: file.sha256,
      ...(isMissing ? { isMissing: true } : {}),
    };
    for (const key of ['bytes', 'width', 'height', 'durationSec'] as const) {
      const n = optionalNumber(file[key]);
      if (n !== undefined) ref[key] = n;
    }
    if (typeof file.provider === 'string') ref.provider = file.provider.slice(0, 200);
    if (file.meta && typeof file.meta === 'object' && !Array.isArray(file.meta)) ref.meta = file.meta;
    return ref;
  });
}

/** An artifact reference as the host's own runs send it: its hash and its store file's path. */
function isStoredRef(value: unknown): value is Record<string, unknown> & { sha256: string; path: string } {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return typeof v.sha256 === 'string' && SHA256.test(v.sha256) && typeof v.kind === 'string' && typeof v.path === 'string';
}
