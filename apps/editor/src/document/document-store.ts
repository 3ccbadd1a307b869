import {
  type Diagnostic,
  GRAPH_FORMAT_VERSION,
  type GraphEdge,
  type GraphFile,
  loadGraphText,
  NODE_ID_PATTERN,
  serializeGraph,
} from '@adloom/graph';
import { applyPatches, type Draft, enablePatches, produceWithPatches } from 'immer';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { remapPaste } from './clipboard.ts';
import {
  addNodeTo,
  connectIn,
  createGroupIn,
  moveNodesIn,
  pasteInto,
  removeEdgesFrom,
  removeGroupFrom,
  removeNodesFrom,
  renameGroupIn,
  renameNodeIn,
  setDescriptionIn,
  setParamIn,
  setViewportIn,
  type XY,
} from './graph-recipes.ts';
import { groupsOf } from './groups.ts';
import { COALESCE_MS, HISTORY_LIMIT, type HistoryEntry, mergeForward, mergeInverse } from './history.ts';
import { idBaseForType, uniqueNodeId } from './node-ids.ts';

enablePatches();

export type { XY };

/** Where a document came from. */
export interface DocumentSource {
  /** Workspace-relative path; `null` for a graph never saved. */
  path: string | null;
  text: string;
  /** The file's time on disk when opened, for the conflict check on save. */
  modifiedAt?: string | null;
  /** An example opened as a template: relative paths in its params resolve from there. */
  templateOf?: string | null;
}

export interface ChangeOptions {
  /** Changes with the same key close together in time are one undo step (typing in one field). */
  key?: string;
}

export interface DocumentState {
  /** The graph as it will be saved: unknown keys and unknown node types kept as loaded. */
  graph: GraphFile;
  path: string | null;
  /** Names an unsaved graph's recovery journal entry: `untitled-<id>`. */
  untitledId: string;
  templateOf: string | null;
  modifiedAt: string | null;
  past: HistoryEntry[];
  future: HistoryEntry[];
  /** The state the document is in, as the id of the history step that made it. */
  position: number;
  /** The position at the last open or save: the document is dirty when it differs. */
  savedPosition: number;
  /** Counts every change, undo and load: what autosave and derived views watch. */
  revision: number;
  /** The key of the gesture in progress (a drag): its changes are one step whatever the time. */
  gesture: string | null;
}

export interface DocumentActions {
  load(source: DocumentSource): { ok: true } | { ok: false; diagnostics: Diagnostic[] };
  newGraph(name?: string): void;
  /** Applies a change as an undo step; false when it changed nothing. */
  change(recipe: (draft: Draft<GraphFile>) => undefined | GraphFile, options?: ChangeOptions): boolean;
  /** Puts another version of the graph (recovered text) in place, as one undo step. */
  replaceGraph(text: string): { ok: true } | { ok: false; reason: string };
  beginGesture(key: string): void;
  endGesture(): void;
  undo(): boolean;
  redo(): boolean;
  /** Ends the current step, so the next change starts a new one. */
  seal(): void;
  addNode(
    type: string,
    position: XY,
    options?: { params?: Record<string, unknown>; isGraphInput?: boolean; id?: string },
  ): string;
  removeNodes(ids: Iterable<string>): void;
  removeEdges(ids: Iterable<string>): void;
  /** Removes nodes and edges together, as one step. */
  removeElements(nodeIds: Iterable<string>, edgeIds: Iterable<string>): void;
  moveNodes(positions: Record<string, XY>): void;
  setParam(nodeId: string, name: string, value: unknown): void;
  connect(from: string, to: string, replaces?: GraphEdge): void;
  renameNode(oldId: string, newId: string): { ok: true } | { ok: false; reason: string };
  setName(name: string): void;
  setDescription(description: string): void;
  paste(clip: GraphFile, offset: XY, isGraphInput?: (type: string) => boolean): string[];
  createGroup(nodeIds: string[], title?: string): string | undefined;
  renameGroup(groupId: string, title: string): void;
  removeGroup(groupId: string): void;
  /** Sets the saved viewport without an undo step (the view is not an edit). */
  setViewport(viewport: { x: number; y: number; zoom: number }): void;
  markSaved(path: string, modifiedAt: string | null): void;
  /** The file text of the document now. */
  text(): string;
}

export type DocumentStore = StoreApi<DocumentState & DocumentActions>;

export function isDirty(state: Pick<DocumentState, 'position' | 'savedPosition'>): boolean {
  return state.position !== state.savedPosition;
}

/** `untitled-<id>` or the path: where the recovery journal keeps this document. */
export function recoveryKey(state: Pick<DocumentState, 'path' | 'untitledId'>): string {
  return state.path ?? `untitled-${state.untitledId}`;
}

export function emptyGraph(name = 'Untitled'): GraphFile {
  return {
    adloom: GRAPH_FORMAT_VERSION,
    name,
    nodes: {},
    edges: [],
    ui: { viewport: { x: 0, y: 0, zoom: 1 }, groups: [] },
  };
}

function newUntitledId(): string {
  return globalThis.crypto.randomUUID().slice(0, 8);
}

/** The document store: the graph, its file, and undo/redo as immer patches. */
export function createDocumentStore(options: { now?: () => number } = {}): DocumentStore {
  const now = options.now ?? (() => Date.now());
  let nextId = 1;

  return createStore<DocumentState & DocumentActions>()((set, get) => {
    const sealTop = (past: HistoryEntry[]): HistoryEntry[] => {
      const top = past.at(-1);
      if (!top || top.sealed) return past;
      return [...past.slice(0, -1), { ...top, sealed: true }];
    };

    const change: DocumentActions['change'] = (recipe, changeOptions = {}) => {
      const state = get();
      const [graph, patches, inversePatches] = produceWithPatches(state.graph, recipe);
      if (!patches.length) return false;
      const key = state.gesture ?? changeOptions.key;
      const at = now();
      const top = state.past.at(-1);
      let past: HistoryEntry[];
      let position = state.position;
      const joins =
        top && !top.sealed && key !== undefined && top.key === key && (state.gesture !== null || at - top.at <= COALESCE_MS);
      if (top && joins) {
        const merged: HistoryEntry = {
          ...top,
          patches: mergeForward(top.patches, patches),
          inversePatches: mergeInverse(top.inversePatches, inversePatches),
          at,
        };
        past = [...state.past.slice(0, -1), merged];
      } else {
        const entry: HistoryEntry = { id: nextId++, patches, inversePatches, key, at, sealed: false };
        past = [...sealTop(state.past), entry];
        position = entry.id;
        if (past.length > HISTORY_LIMIT) past = trimBase(past.slice(1), past[0]);
      }
      set({ graph, past, future: [], position, revision: state.revision + 1 });
      return true;
    };

    /** The id that names the state before the oldest kept step. */
    let baseId = 0;
    const positionOf = (past: HistoryEntry[]) => past.at(-1)?.id ?? baseId;

    const trimBase = (past: HistoryEntry[], dropped: HistoryEntry | undefined) => {
      if (dropped) baseId = dropped.id;
      return past;
    };

    return {
      graph: emptyGraph(),
      path: null,
      untitledId: newUntitledId(),
      templateOf: null,
      modifiedAt: null,
      past: [],
      future: [],
      position: 0,
      savedPosition: 0,
      revision: 0,
      gesture: null,

      load(source) {
        const loaded = loadGraphText(source.text, source.path ?? undefined);
        if (!loaded.graph) return { ok: false, diagnostics: loaded.diagnostics };
        baseId = nextId++;
        set({
          graph: loaded.graph,
          path: source.path,
          untitledId: newUntitledId(),
          templateOf: source.templateOf ?? null,
          modifiedAt: source.modifiedAt ?? null,
          past: [],
          future: [],
          position: baseId,
          // A template opens as a new, unsaved graph.
          savedPosition: source.path === null ? -1 : baseId,
          revision: get().revision + 1,
          gesture: null,
        });
        return { ok: true };
      },

      newGraph(name) {
        baseId = nextId++;
        set({
          graph: emptyGraph(name),
          path: null,
          untitledId: newUntitledId(),
          templateOf: null,
          modifiedAt: null,
          past: [],
          future: [],
          position: baseId,
          savedPosition: baseId,
          revision: get().revision + 1,
          gesture: null,
        });
      },

      change,

      beginGesture(key) {
        set({ gesture: key, past: sealTop(get().past) });
      },

      endGesture() {
        set({ gesture: null, past: sealTop(get().past) });
      },

      seal() {
        set({ past: sealTop(get().past) });
      },

      undo() {
        const state = get();
        const top = state.past.at(-1);
        if (!top) return false;
        const graph = applyPatches(state.graph, top.inversePatches);
        const past = state.past.slice(0, -1);
        set({
          graph,
          past,
          future: [...state.future, { ...top, sealed: true }],
          position: positionOf(past),
          revision: state.revision + 1,
          gesture: null,
        });
        return true;
      },

      redo() {
        const state = get();
        const next = state.future.at(-1);
        if (!next) return false;
        const graph = applyPatches(state.graph, next.patches);
        let past = [...sealTop(state.past), next];
        if (past.length > HISTORY_LIMIT) past = trimBase(past.slice(1), past[0]);
        set({
          graph,
          past,
          future: state.future.slice(0, -1),
          position: next.id,
          revision: state.revision + 1,
          gesture: null,
        });
        return true;
      },

      addNode(type, position, addOptions = {}) {
        const graph = get().graph;
        const id =
          addOptions.id && NODE_ID_PATTERN.test(addOptions.id) && !Object.hasOwn(graph.nodes, addOptions.id)
            ? addOptions.id
            : uniqueNodeId(idBaseForType(type), (candidate) => Object.hasOwn(graph.nodes, candidate));
        const params: Record<string, unknown> = { ...(addOptions.params ?? {}) };
        if (addOptions.isGraphInput && params.name === undefined) params.name = id;
        change((draft) => {
          addNodeTo(draft, id, { type, params, ui: { x: Math.round(position.x), y: Math.round(position.y) } });
        });
        return id;
      },

      removeNodes(ids) {
        get().removeElements(ids, []);
      },

      removeEdges(ids) {
        get().removeElements([], ids);
      },

      removeElements(nodeIds, ids) {
        const nodes = new Set(nodeIds);
        const edges = new Set(ids);
        if (!nodes.size && !edges.size) return;
        change((draft) => {
          removeEdgesFrom(draft, edges);
          if (nodes.size) removeNodesFrom(draft, nodes);
        });
      },

      moveNodes(positions) {
        change(
          (draft) => {
            moveNodesIn(draft, positions);
          },
          { key: 'move' },
        );
      },

      setParam(nodeId, name, value) {
        change(
          (draft) => {
            setParamIn(draft, nodeId, name, value);
          },
          { key: `param:${nodeId}.${name}` },
        );
      },

      connect(from, to, replaces) {
        change((draft) => {
          connectIn(draft, from, to, replaces);
        });
      },

      renameNode(oldId, newId) {
        const graph = get().graph;
        if (oldId === newId) return { ok: true };
        if (!Object.hasOwn(graph.nodes, oldId)) return { ok: false, reason: `there is no node "${oldId}"` };
        if (!NODE_ID_PATTERN.test(newId)) {
          return { ok: false, reason: 'an id starts with a letter and uses only letters, digits, "_" and "-"' };
        }
        if (Object.hasOwn(graph.nodes, newId)) return { ok: false, reason: `there is already a node "${newId}"` };
        change((draft) => {
          renameNodeIn(draft, oldId, newId);
        });
        return { ok: true };
      },

      setName(name) {
        change(
          (draft) => {
            draft.name = name;
          },
          { key: 'name' },
        );
      },

      setDescription(description) {
        change(
          (draft) => {
            setDescriptionIn(draft, description);
          },
          { key: 'description' },
        );
      },

      paste(clip, offset, isGraphInput) {
        const graph = get().graph;
        const pasted = remapPaste(graph, clip, { offset, isGraphInput });
        if (!pasted.ids.size) return [];
        change((draft) => {
          pasteInto(draft, pasted);
        });
        return [...pasted.ids.values()];
      },

      createGroup(nodeIds, title = 'Group') {
        const graph = get().graph;
        const members = nodeIds.filter((id) => Object.hasOwn(graph.nodes, id));
        if (!members.length) return undefined;
        const taken = new Set<string>(groupsOf(graph).map((group) => group.id));
        const id = uniqueNodeId('group', taken);
        change((draft) => {
          createGroupIn(draft, id, title, members);
        });
        return id;
      },

      renameGroup(groupId, title) {
        change(
          (draft) => {
            renameGroupIn(draft, groupId, title);
          },
          { key: `group-title:${groupId}` },
        );
      },

      removeGroup(groupId) {
        change((draft) => {
          removeGroupFrom(draft, groupId);
        });
      },

      setViewport(viewport) {
        const state = get();
        const current = state.graph.ui?.viewport;
        if (current && current.x === viewport.x && current.y === viewport.y && current.zoom === viewport.zoom) return;
        const [graph] = produceWithPatches(state.graph, (draft) => {
          setViewportIn(draft, viewport);
        });
        set({ graph });
      },

      markSaved(path, modifiedAt) {
        const state = get();
        set({
          path,
          modifiedAt,
          templateOf: null,
          savedPosition: state.position,
          past: sealTop(state.past),
          revision: state.revision + 1,
        });
      },

      replaceGraph(text) {
        const loaded = loadGraphText(text, get().path ?? undefined);
        if (!loaded.graph) return { ok: false, reason: loaded.diagnostics[0]?.message ?? 'not a graph file' };
        const graph = loaded.graph;
        change(() => graph);
        return { ok: true };
      },

      text() {
        return serializeGraph(get().graph);
      },
    };
  });
}
