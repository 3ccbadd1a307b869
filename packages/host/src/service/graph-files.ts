import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { writeFileAtomic } from '@adloom/engine';
import { HostError } from '../host-error.ts';
import type { GraphEntry, OpenedFile, RecoveryEntry, SavedFile } from '../responses.ts';
import { readFileStart, summarizeGraphText } from './graph-summary.ts';
import { resolveInWorkspace } from './workspace-path.ts';

const SKIP = new Set(['node_modules', '.git', '.adloom', 'runs', 'dist']);

/** A file on disk changed since the editor opened it: a 409. */
export class ConflictError extends HostError {
  constructor(message: string) {
    super(409, message);
    this.name = 'ConflictError';
  }
}

/**
 * `*.adloom.json` files under a folder, newest first, with their names and descriptions. Only
 * the start of each file is read (graph-summary.ts): a huge, deeply nested or broken file is
 * listed under its file name and never stops the listing.
 */
export async function listGraphFiles(root: string, prefix = ''): Promise<GraphEntry[]> {
  const out: GraphEntry[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > 6) return;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP.has(entry.name) && !entry.name.startsWith('.')) await walk(path, depth + 1);
      } else if (entry.name.endsWith('.adloom.json')) {
        const info = await stat(path).catch(() => undefined);
        if (!info?.isFile()) continue;
        const summary = summarizeGraphText(await readFileStart(path).catch(() => ''));
        out.push({
          path: prefix + relative(root, path).split('\\').join('/'),
          name: summary.name || basename(path, '.adloom.json'),
          ...(summary.description ? { description: summary.description } : {}),
          modifiedAt: info.mtime.toISOString(),
        });
      }
    }
  };
  await walk(root, 0);
  return out.sort((a, b) => b.modifiedAt.localeCompare(a.modifiedAt));
}

export async function openGraphFile(absolute: string, path: string): Promise<OpenedFile> {
  const [text, info] = await Promise.all([readFile(absolute, 'utf8'), stat(absolute)]);
  return { path, text, modifiedAt: info.mtime.toISOString() };
}

/** Saves atomically; refuses when the file changed on disk since `expectedModifiedAt`. */
export async function saveGraphFile(
  absolute: string,
  path: string,
  text: string,
  options: { expectedModifiedAt?: string; force?: boolean },
): Promise<SavedFile> {
  if (options.expectedModifiedAt && !options.force) {
    const current = await stat(absolute).catch(() => undefined);
    if (current && current.mtime.toISOString() !== options.expectedModifiedAt) {
      throw new ConflictError(`${path} changed on disk since it was opened (at ${current.mtime.toISOString()})`);
    }
  }
  await writeFileAtomic(absolute, text);
  return { path, modifiedAt: (await stat(absolute)).mtime.toISOString() };
}

/**
 * The recovery journal of a graph: `.<name>.recovery.json` beside the file, or under
 * `.adloom/recovery/` for a graph that was never saved (`untitled-<id>`).
 */
export async function recoveryPath(workspace: string, path: string): Promise<string> {
  if (/^untitled-[A-Za-z0-9_-]+$/.test(path)) return join(workspace, '.adloom', 'recovery', `${path}.json`);
  const absolute = await resolveInWorkspace(workspace, path);
  return join(dirname(absolute), `.${basename(absolute)}.recovery.json`);
}

export async function readRecovery(workspace: string, path: string): Promise<RecoveryEntry | null> {
  try {
    const entry = JSON.parse(await readFile(await recoveryPath(workspace, path), 'utf8')) as RecoveryEntry;
    return { path, text: entry.text, savedAt: entry.savedAt };
  } catch {
    return null;
  }
}

export async function writeRecovery(workspace: string, path: string, text: string): Promise<void> {
  await writeFileAtomic(await recoveryPath(workspace, path), JSON.stringify({ path, text, savedAt: new Date().toISOString() }));
}

export async function discardRecovery(workspace: string, path: string): Promise<void> {
  await rm(await recoveryPath(workspace, path), { force: true });
}
