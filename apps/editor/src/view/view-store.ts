import type { Catalog, Diagnostic } from '@adloom/graph';
import type { HostInfo } from '@adloom/host';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LooseWire } from '../palette/wire-drop.ts';
import type { ListMismatch } from '../run/list-lengths.ts';

export interface XY {
  x: number;
  y: number;
}

/** What replaces the document once its unsaved changes are dealt with. */
export type LeaveFor = { action: 'open'; path: string } | { action: 'template'; path: string } | { action: 'new' };

/** The one modal thing open at a time. */
export type Dialog =
  | { kind: 'palette'; flow: XY; screen: XY; wire?: LooseWire }
  | { kind: 'open' }
  | { kind: 'saveAs' }
  | { kind: 'examples' }
  | { kind: 'settings' }
  | { kind: 'help' }
  | { kind: 'recovery'; key: string; text: string; savedAt: string; fileText: string | null; path: string | null }
  | { kind: 'conflict'; path: string }
  | { kind: 'unsaved'; next: LeaveFor }
  | { kind: 'wire'; nodeId: string }
  | { kind: 'contactSheet' }
  | {
      kind: 'lightbox';
      url: string;
      mediaKind: 'image' | 'video' | 'page';
      caption: string;
      isMissing?: boolean;
      items?: LightboxItem[];
      index?: number;
    };

/** One of the results a lightbox steps through with ← and →. */
export interface LightboxItem {
  url: string;
  mediaKind: 'image' | 'video' | 'page';
  caption: string;
  /** The file is gone from the store: the lightbox says so instead of showing it. */
  isMissing?: boolean;
}

export interface Toast {
  id: number;
  message: string;
  tone: 'info' | 'error' | 'success';
}

export type HostStatus = 'connecting' | 'ready' | 'unreachable';

export interface ViewState {
  hostStatus: HostStatus;
  hostError: string | null;
  hostInfo: HostInfo | null;
  catalog: Catalog | null;
  /** What is selected on the canvas; never part of the document or its history. */
  selectedNodes: string[];
  selectedEdges: string[];
  selectedGroups: string[];
  /** From validateGraph, refreshed shortly after each change. */
  diagnostics: Diagnostic[];
  diagnosticsByNode: Record<string, Diagnostic[]>;
  dialog: Dialog | null;
  toasts: Toast[];
  showLibrary: boolean;
  showResults: boolean;
  showProblems: boolean;
  /** The overview in the canvas corner; hidden, it gives the ports under it back. */
  showMinimap: boolean;
  /** Where the pointer last was over the canvas, in flow coordinates: where pasted and added nodes go. */
  pointer: XY | null;
  /** A refused connection's reason while dragging it. */
  connectionHint: string | null;
  /** Nodes whose shown result was made before a change to their params or upstream. */
  staleNodes: Record<string, true>;
  /** Nodes a run would fail on because lists of different lengths meet there (with the fix). */
  listMismatches: ListMismatch[];
}

export interface ViewActions {
  setSelection(nodes: string[], edges: string[], groups: string[]): void;
  setDiagnostics(diagnostics: Diagnostic[]): void;
  openDialog(dialog: Dialog): void;
  closeDialog(): void;
  toast(message: string, tone?: Toast['tone']): void;
  dismissToast(id: number): void;
}

const MINIMAP_KEY = 'adloom.minimap';

function readMinimapChoice(): boolean {
  try {
    return typeof localStorage === 'undefined' || localStorage.getItem(MINIMAP_KEY) !== 'hidden';
  } catch {
    return true;
  }
}

/** Remembers whether the minimap is shown, for the next window. */
export function rememberMinimapChoice(isShown: boolean): void {
  try {
    localStorage.setItem(MINIMAP_KEY, isShown ? 'shown' : 'hidden');
  } catch {
    // storage off: the choice lasts as long as the page
  }
}

export type ViewStore = StoreApi<ViewState & ViewActions>;

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function sameDiagnostics(a: readonly Diagnostic[] | undefined, b: readonly Diagnostic[]): boolean {
  if (!a || a.length !== b.length) return false;
  return a.every((d, i) => {
    const e = b[i] as Diagnostic;
    return d.message === e.message && d.severity === e.severity && d.param === e.param && d.port === e.port && d.path === e.path;
  });
}

/**
 * Diagnostics grouped by node. A node whose list did not change keeps the same array, so its
 * view does not re-render when another node's problems change.
 */
export function groupDiagnostics(
  previous: Record<string, Diagnostic[]>,
  diagnostics: Diagnostic[],
): Record<string, Diagnostic[]> {
  const grouped: Record<string, Diagnostic[]> = {};
  for (const d of diagnostics) {
    if (!d.nodeId) continue;
    const list = grouped[d.nodeId];
    if (list) list.push(d);
    else grouped[d.nodeId] = [d];
  }
  for (const [id, list] of Object.entries(grouped)) {
    const old = previous[id];
    if (old && sameDiagnostics(old, list)) grouped[id] = old;
  }
  return grouped;
}

let toastIds = 1;

export function createViewStore(): ViewStore {
  return createStore<ViewState & ViewActions>()((set, get) => ({
    hostStatus: 'connecting',
    hostError: null,
    hostInfo: null,
    catalog: null,
    selectedNodes: [],
    selectedEdges: [],
    selectedGroups: [],
    diagnostics: [],
    diagnosticsByNode: {},
    dialog: null,
    toasts: [],
    showLibrary: true,
    showResults: false,
    showProblems: false,
    pointer: null,
    connectionHint: null,
    staleNodes: {},
    showMinimap: readMinimapChoice(),
    listMismatches: [],

    setSelection(nodes, edges, groups) {
      const state = get();
      if (sameList(state.selectedNodes, nodes) && sameList(state.selectedEdges, edges) && sameList(state.selectedGroups, groups))
        return;
      set({ selectedNodes: nodes, selectedEdges: edges, selectedGroups: groups });
    },

    setDiagnostics(diagnostics) {
      set({ diagnostics, diagnosticsByNode: groupDiagnostics(get().diagnosticsByNode, diagnostics) });
    },

    openDialog(dialog) {
      set({ dialog });
    },

    closeDialog() {
      set({ dialog: null });
    },

    toast(message, tone = 'info') {
      const id = toastIds++;
      set({ toasts: [...get().toasts.slice(-3), { id, message, tone }] });
      setTimeout(() => get().dismissToast(id), tone === 'error' ? 8000 : 4000);
    },

    dismissToast(id) {
      set({ toasts: get().toasts.filter((t) => t.id !== id) });
    },
  }));
}
