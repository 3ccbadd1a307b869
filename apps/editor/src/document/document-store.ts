import {
  type Diagnostic,
  GRAPH_FORMAT_VERSION,
  type GraphEdge,
  type GraphFile,
  loadGraphText,
  NODE_ID_PATTERN,
  serializeGraph,
} from '@adloom/graph';
import { type Draft, enablePatches, type Patch, produceWithPatches } from 'immer';
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

/** Who changed the graph: an edit, undo or redo putting a step back, or the view (not an edit). */
export type ChangeSource = 'edit' | 'history' | 'view';

export interface ChangeOptions {
  /** Changes with the same key close together in time are one undo step (typing in one field). */
  key?: string;
  /** `edit` unless told: what a history records. */
  source?: ChangeSource;
}

/**
 * What the store announces to its listeners: a change to the graph as immer patches, or
 * another document opened in its place.
 */
export type DocumentChange =
  | { source: ChangeSource; patches: Patch[]; inversePatches: Patch[]; key?: string }
  | {
      source: 'open';
      /** A graph that is not on disk as it is (a template): unsaved from the start. */
      isUnsaved: boolean;
    };

export interface DocumentState {
  /** The graph as it will be saved: unknown keys and unknown node types kept as loaded. */
  graph: GraphFile;
  path: string | null;
  /** Names an unsaved graph's recovery journal entry: `untitled-<id>`. */
  untitledId: string;
  templateOf: string | null;
  modifiedAt: string | null;
  /** Counts every change, undo and load: what autosave and derived views watch. */
  revision: number;
}

export interface DocumentActions {
  load(source: DocumentSource): { ok: true } | { ok: false; diagnostics: Diagnostic[] };
  newGraph(name?: string): void;
  /** Applies a change and announces it; false when it changed nothing. */
  change(recipe: (draft: Draft<GraphFile>) => undefined | GraphFile, options?: ChangeOptions): boolean;
  /**
   * Calls `listener` with every change, before the store's subscribers hear of it (so what a
   * listener keeps, such as undo steps, is up to date when they read it); returns the unsubscribe.
   */
  listen(listener: (change: DocumentChange) => void): () => void;
  /** Puts another version of the graph (recovered text) in place, as one change. */
  replaceGraph(text: string): { ok: true } | { ok: false; reason: string };
  addNode(
    type: string,
    position: XY,
    options?: { params?: Record<string, unknown>; isGraphInput?: boolean; id?: string },
  ): string;
  removeNodes(ids: Iterable<string>): void;
  removeEdges(ids: Iterable<string>): void;
  /** Removes nodes and edges together, as one change. */
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
  /** Sets the saved viewport as a `view` change, which no history records (the view is not an edit). */
  setViewport(viewport: { x: number; y: number; zoom: number }): void;
  /** The path and time on disk after a save. */
  markSaved(path: string, modifiedAt: string | null): void;
  /** The file text of the document now. */
  text(): string;
}

export type DocumentStore = StoreApi<DocumentState & DocumentActions>;

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

/**
 * The document store: the graph and its file. Every change is made with immer patches and
 * announced to listeners; undo is a history watching from outside (`createHistory`).
 */
export function createDocumentStore(): DocumentStore {
  const listeners = new Set<(change: DocumentChange) => void>();
  const announce = (change: DocumentChange) => {
    for (const listener of listeners) listener(change);
  };

  return createStore<DocumentState & DocumentActions>()((set, get) => {
    const change: DocumentActions['change'] = (recipe, options = {}) => {
      const state = get();
      const [graph, patches, inversePatches] = produceWithPatches(state.graph, recipe);
      if (!patches.length) return false;
      const source = options.source ?? 'edit';
      announce({ source, patches, inversePatches, key: options.key });
      // The view is not an edit: autosave and what derives from the document need not hear of it.
      set({ graph, revision: source === 'view' ? state.revision : state.revision + 1 });
      return true;
    };

    return {
      graph: emptyGraph(),
      path: null,
      untitledId: newUntitledId(),
      templateOf: null,
      modifiedAt: null,
      revision: 0,

      load(source) {
        const loaded = loadGraphText(source.text, source.path ?? undefined);
        if (!loaded.graph) return { ok: false, diagnostics: loaded.diagnostics };
        // A template opens as a new, unsaved graph.
        announce({ source: 'open', isUnsaved: source.path === null });
        set({
          graph: loaded.graph,
          path: source.path,
          untitledId: newUntitledId(),
          templateOf: source.templateOf ?? null,
          modifiedAt: source.modifiedAt ?? null,
          revision: get().revision + 1,
        });
        return { ok: true };
      },

      newGraph(name) {
        announce({ source: 'open', isUnsaved: false });
        set({
          graph: emptyGraph(name),
          path: null,
          untitledId: newUntitledId(),
          templateOf: null,
          modifiedAt: null,
          revision: get().revision + 1,
        });
      },

      change,

      listen(listener) {
        listeners.add(listener);
        return () => {
          listeners.delete(listener);
        };
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
        const current = get().graph.ui?.viewport;
        if (current && current.x === viewport.x && current.y === viewport.y && current.zoom === viewport.zoom) return;
        change(
          (draft) => {
            setViewportIn(draft, viewport);
          },
          { source: 'view' },
        );
      },

      markSaved(path, modifiedAt) {
        set({ path, modifiedAt, templateOf: null, revision: get().revision + 1 });
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
