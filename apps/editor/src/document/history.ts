import type { Patch } from 'immer';

/** One undoable step: the patches that made it and the ones that take it back. */
export interface HistoryEntry {
  /** Unique for the session; names the document state after this step (for the dirty marker). */
  id: number;
  patches: Patch[];
  inversePatches: Patch[];
  /** Changes with the same key within the coalescing window join this step (a typing burst). */
  key?: string;
  /** When the last change joined this step, in ms. */
  at: number;
  /** A sealed step takes no more changes: a save, an undo or the end of a drag closed it. */
  sealed: boolean;
}

/** Changes to one field closer together than this are one step. */
export const COALESCE_MS = 500;

/** Steps kept; the oldest go first. */
export const HISTORY_LIMIT = 500;

const pathKey = (patch: Patch) => patch.path.join('\u0000');

/**
 * Forward patches of two steps in a row as one list. When both are only `replace`s of
 * unrelated paths (a drag, typing in one field), the later value of each path wins, so a long
 * drag keeps one patch per moved coordinate rather than one per mouse move.
 */
export function mergeForward(first: Patch[], second: Patch[]): Patch[] {
  const all = [...first, ...second];
  if (!isCompactable(all)) return all;
  const byPath = new Map<string, Patch>();
  for (const patch of all) {
    const key = pathKey(patch);
    byPath.delete(key);
    byPath.set(key, patch);
  }
  return [...byPath.values()];
}

/** Inverse patches of two steps in a row as one list: the earlier value of each path wins. */
export function mergeInverse(first: Patch[], second: Patch[]): Patch[] {
  // `second` undoes the later step, so it applies first.
  const all = [...second, ...first];
  if (!isCompactable(all)) return all;
  const byPath = new Map<string, Patch>();
  for (const patch of all) byPath.set(pathKey(patch), patch);
  return [...byPath.values()];
}

/** Only replaces, and no path inside another (where order would matter). */
function isCompactable(patches: Patch[]): boolean {
  if (!patches.every((patch) => patch.op === 'replace')) return false;
  const keys = new Set(patches.map(pathKey));
  for (const patch of patches) {
    for (let length = 1; length < patch.path.length; length++) {
      if (keys.has(patch.path.slice(0, length).join('\u0000'))) return false;
    }
  }
  return true;
}
