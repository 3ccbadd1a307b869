import { applyPatches, type Patch } from 'immer';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DocumentStore } from './document-store.ts';

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
}

export interface HistoryState {
  /** The steps Undo takes back, the latest last. */
  past: HistoryEntry[];
  /** The steps Redo puts back, the next one last. */
  future: HistoryEntry[];
  /** The state the document is in, as the id of the history step that made it. */
  position: number;
  /** The position at the last open or save: the document is dirty when it differs. */
  savedPosition: number;
}

export interface HistoryActions {
  undo(): boolean;
  redo(): boolean;
  /** Ends the step being made, so the next change starts a new one; returns the position now. */
  mark(): number;
  /** Every change from now to the next mark is one step, however long it takes (a drag). */
  squash(): void;
  /**
   * Every change `change` makes is one step of its own, joined to neither the step before (a
   * typing burst) nor the change after; returns what `change` returns.
   */
  asStep<T>(change: () => T): T;
  /** The document as it was at `position` (from `mark`) is the one on disk; a save marks. */
  markSaved(position: number): void;
}

export type History = StoreApi<HistoryState & HistoryActions>;

export function isDirty(state: Pick<HistoryState, 'position' | 'savedPosition'>): boolean {
  return state.position !== state.savedPosition;
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

/**
 * The undo history of a document, kept from outside the store: it hears every change the store
 * announces and records edits as steps, squashing them until the next mark. Undo and redo put
 * patches back through the store as `history` changes, which it does not record again; the view
 * is never a step; opening a document starts over.
 */
export function createHistory(doc: DocumentStore, options: { now?: () => number } = {}): History {
  const now = options.now ?? (() => Date.now());
  let nextId = 1;
  /** The id that names the state before the oldest kept step. */
  let baseId = 0;
  /** The last step takes more changes: there was no mark since it was made. */
  let isOpen = false;
  /** Between `squash` and the next mark, every change joins the last step. */
  let isSquashing = false;

  const mark = () => {
    isOpen = false;
    isSquashing = false;
    return history.getState().position;
  };

  const kept = (past: HistoryEntry[]) => {
    const dropped = past.length > HISTORY_LIMIT ? past[0] : undefined;
    if (!dropped) return past;
    baseId = dropped.id;
    return past.slice(1);
  };

  const record = (patches: Patch[], inversePatches: Patch[], key: string | undefined) => {
    const state = history.getState();
    const at = now();
    const top = state.past.at(-1);
    const isBurst = key !== undefined && top?.key === key && at - top.at <= COALESCE_MS;
    if (top && isOpen && (isSquashing || isBurst)) {
      const merged: HistoryEntry = {
        ...top,
        patches: mergeForward(top.patches, patches),
        inversePatches: mergeInverse(top.inversePatches, inversePatches),
        at,
      };
      history.setState({ past: [...state.past.slice(0, -1), merged], future: [] });
      return;
    }
    const entry: HistoryEntry = { id: nextId++, patches, inversePatches, key, at };
    isOpen = true;
    history.setState({ past: kept([...state.past, entry]), future: [], position: entry.id });
  };

  /** Puts patches back through the store; it announces them as `history`, not as an edit. */
  const replay = (patches: Patch[]) => {
    doc.getState().change(
      (draft) => {
        const applied = applyPatches(draft, patches);
        // A patch that replaces the whole graph gives a new graph rather than a changed draft.
        return applied === draft ? undefined : applied;
      },
      { source: 'history' },
    );
  };

  const history: History = createStore<HistoryState & HistoryActions>()((set, get) => ({
    past: [],
    future: [],
    position: 0,
    savedPosition: 0,

    // The steps change before the graph does, so the store's subscribers read them up to date.
    undo() {
      const state = get();
      const top = state.past.at(-1);
      if (!top) return false;
      mark();
      const past = state.past.slice(0, -1);
      set({ past, future: [...state.future, top], position: past.at(-1)?.id ?? baseId });
      replay(top.inversePatches);
      return true;
    },

    redo() {
      const state = get();
      const next = state.future.at(-1);
      if (!next) return false;
      mark();
      set({ past: kept([...state.past, next]), future: state.future.slice(0, -1), position: next.id });
      replay(next.patches);
      return true;
    },

    mark,

    squash() {
      mark();
      isSquashing = true;
    },

    asStep(change) {
      get().squash();
      try {
        return change();
      } finally {
        mark();
      }
    },

    markSaved(position) {
      mark();
      set({ savedPosition: position });
    },
  }));

  doc.getState().listen((change) => {
    if (change.source === 'open') {
      mark();
      baseId = nextId++;
      history.setState({ past: [], future: [], position: baseId, savedPosition: change.isUnsaved ? -1 : baseId });
    } else if (change.source === 'edit') {
      record(change.patches, change.inversePatches, change.key);
    }
  });
  return history;
}
