import {
  type Catalog,
  findNodeType,
  type GraphFile,
  type GraphNode,
  heightOf,
  NODE_COLUMN,
  NODE_GAP,
  NODE_WIDTH,
  parseEndpoint,
} from '@adloom/graph';
import type { Edge, EdgeChange, Node, NodeChange } from '@xyflow/react';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DocumentStore } from '../document/document-store.ts';
import { edgeIds } from '../document/edge-ids.ts';
import { type GraphGroup, groupsOf } from '../document/groups.ts';
import type { ViewStore } from '../view/view-store.ts';
import { predictedLayout } from './node-layout.ts';

/** React Flow node types the editor draws. */
export const GRAPH_NODE = 'graph';
export const FRAME_NODE = 'frame';
export const FRAME_PREFIX = 'group:';

/** Node data is empty: node views read the document store by id (see graph-node.tsx). */
const NO_DATA: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

/** A node's height in a frame before React Flow has measured it. */
const DEFAULT_HEIGHT = 160;
const FRAME_PADDING = 24;
const FRAME_HEADER = 36;

export interface FlowState {
  nodes: Node[];
  edges: Edge[];
}

export interface FlowActions {
  applyNodeChanges(changes: NodeChange[]): void;
  applyEdgeChanges(changes: EdgeChange[]): void;
  /** Selects exactly these nodes (and no edges), e.g. after a paste. */
  select(nodeIds: Iterable<string>): void;
  selectAll(): void;
}

export type FlowStore = StoreApi<FlowState & FlowActions>;

interface NodeCacheEntry {
  source: GraphNode;
  rf: Node;
}

/**
 * A node's next React Flow object. Only the first carries its predicted handles (node-layout.ts):
 * a later one without them keeps the handles React Flow has, measured since if they moved.
 */
function nextNode({ handles: _, ...node }: Node, change: Partial<Node>): Node {
  return { ...node, ...change };
}

/**
 * Positions for nodes a hand-written file placed nowhere: a column per depth in the graph,
 * so they do not all sit on top of each other. Not saved unless the user moves them.
 */
function fallbackPositions(graph: GraphFile): Map<string, { x: number; y: number }> {
  const missing = Object.entries(graph.nodes).filter(([, node]) => !node.ui);
  const out = new Map<string, { x: number; y: number }>();
  if (!missing.length) return out;
  const depth = new Map<string, number>();
  const incoming = new Map<string, string[]>();
  for (const edge of graph.edges) {
    const from = parseEndpoint(edge.from)?.nodeId;
    const to = parseEndpoint(edge.to)?.nodeId;
    if (from && to) incoming.set(to, [...(incoming.get(to) ?? []), from]);
  }
  const depthOf = (id: string, seen: Set<string>): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    if (seen.has(id)) return 0;
    seen.add(id);
    const d = Math.max(-1, ...(incoming.get(id) ?? []).map((from) => depthOf(from, seen))) + 1;
    depth.set(id, d);
    return d;
  };
  // Each column's next free y: a node below the one before it, as tall as nodes of its type are.
  const tops = new Map<number, number>();
  for (const [id, node] of missing) {
    const d = depthOf(id, new Set());
    const y = tops.get(d) ?? 0;
    tops.set(d, y + heightOf(node.type) + NODE_GAP);
    out.set(id, { x: d * NODE_COLUMN, y });
  }
  return out;
}

/** Each group's frame: the box around its nodes, with room for the title. */
export function frameBounds(
  group: GraphGroup,
  nodes: ReadonlyMap<string, Node>,
): { x: number; y: number; width: number; height: number } | undefined {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const id of group.nodes) {
    const node = nodes.get(id);
    if (!node) continue;
    const width = node.measured?.width ?? NODE_WIDTH;
    const height = node.measured?.height ?? DEFAULT_HEIGHT;
    minX = Math.min(minX, node.position.x);
    minY = Math.min(minY, node.position.y);
    maxX = Math.max(maxX, node.position.x + width);
    maxY = Math.max(maxY, node.position.y + height);
  }
  if (!Number.isFinite(minX)) return undefined;
  return {
    x: minX - FRAME_PADDING,
    y: minY - FRAME_PADDING - FRAME_HEADER,
    width: maxX - minX + FRAME_PADDING * 2,
    height: maxY - minY + FRAME_PADDING * 2 + FRAME_HEADER,
  };
}

function edgeClass(graph: GraphFile, catalog: Catalog | null, from: string): string {
  const source = parseEndpoint(from);
  if (!source || !catalog) return 'edge';
  const node = graph.nodes[source.nodeId];
  const info = node ? findNodeType(catalog, node.type) : undefined;
  const port = info?.outputs.find((p) => p.name === source.port);
  return port ? `edge edge-${port.type}${port.list ? ' edge-list' : ''}` : 'edge';
}

/**
 * React Flow's nodes and edges, derived from the document incrementally: a document node that
 * did not change keeps its React Flow node object, so React Flow and the node views skip it.
 * React Flow's own state (measured sizes, selection) lives here, never in the document.
 */
export function createFlowStore(doc: DocumentStore, view: ViewStore): FlowStore {
  const cache = new Map<string, NodeCacheEntry>();
  let lastGraph: GraphFile | null = null;
  let lastCatalog: Catalog | null = null;

  const store = createStore<FlowState & FlowActions>()((set, get) => ({
    nodes: [],
    edges: [],

    applyNodeChanges(changes) {
      let nodes: Node[] | null = null;
      const index = new Map<string, number>();
      const writable = () => {
        if (!nodes) {
          nodes = [...get().nodes];
          for (const [i, n] of nodes.entries()) index.set(n.id, i);
        }
        return nodes;
      };
      let selectionChanged = false;
      let sizeChanged = false;
      for (const change of changes) {
        if (change.type === 'dimensions') {
          const list = writable();
          const i = index.get(change.id);
          if (i === undefined || !change.dimensions) continue;
          const node = list[i] as Node;
          if (node.measured?.width === change.dimensions.width && node.measured?.height === change.dimensions.height) continue;
          const next = nextNode(node, { measured: { ...change.dimensions } });
          list[i] = next;
          const entry = cache.get(change.id);
          if (entry) entry.rf = next;
          sizeChanged = true;
        } else if (change.type === 'select') {
          const list = writable();
          const i = index.get(change.id);
          if (i === undefined) continue;
          const node = list[i] as Node;
          if (!!node.selected === change.selected) continue;
          const next = nextNode(node, { selected: change.selected });
          list[i] = next;
          const entry = cache.get(change.id);
          if (entry) entry.rf = next;
          selectionChanged = true;
        }
        // Position changes go to the document (see canvas.tsx); removals go through the editor.
      }
      if (!nodes) return;
      let result: Node[] = nodes;
      if (sizeChanged) result = withFrames(result);
      set({ nodes: result });
      if (selectionChanged) publishSelection();
    },

    applyEdgeChanges(changes) {
      let changed = false;
      const edges = get().edges.map((edge) => {
        const change = changes.find((c) => c.type === 'select' && c.id === edge.id) as { selected: boolean } | undefined;
        if (!change || !!edge.selected === change.selected) return edge;
        changed = true;
        return { ...edge, selected: change.selected };
      });
      if (changed) {
        set({ edges });
        publishSelection();
      }
    },

    select(nodeIds) {
      const ids = new Set(nodeIds);
      const nodes = get().nodes.map((node) => {
        const selected = ids.has(node.id);
        if (!!node.selected === selected) return node;
        const next = nextNode(node, { selected });
        const entry = cache.get(node.id);
        if (entry) entry.rf = next;
        return next;
      });
      const edges = get().edges.map((edge) => (edge.selected ? { ...edge, selected: false } : edge));
      set({ nodes, edges });
      publishSelection();
    },

    selectAll() {
      store.getState().select(
        get()
          .nodes.filter((n) => n.type === GRAPH_NODE)
          .map((n) => n.id),
      );
    },
  }));

  function publishSelection() {
    const { nodes, edges } = store.getState();
    const selectedNodes: string[] = [];
    const selectedGroups: string[] = [];
    for (const node of nodes) {
      if (!node.selected) continue;
      if (node.type === FRAME_NODE) selectedGroups.push(node.id.slice(FRAME_PREFIX.length));
      else selectedNodes.push(node.id);
    }
    view.getState().setSelection(
      selectedNodes,
      edges.filter((e) => e.selected).map((e) => e.id),
      selectedGroups,
    );
  }

  /**
   * The nodes with the group frames first (drawn behind). A frame whose box, title and colour
   * did not change keeps its object; the list itself is kept when nothing changed.
   */
  function withFrames(list: Node[]): Node[] {
    const plain = list.filter((n) => n.type !== FRAME_NODE);
    const groups = lastGraph ? groupsOf(lastGraph) : [];
    if (!groups.length) return plain.length === list.length ? list : plain;
    const oldFrames = new Map<string, Node>();
    for (const n of store.getState().nodes) if (n.type === FRAME_NODE) oldFrames.set(n.id, n);
    for (const n of list) if (n.type === FRAME_NODE) oldFrames.set(n.id, n);
    const byId = new Map(plain.map((n) => [n.id, n]));
    const frames: Node[] = [];
    for (const group of groups) {
      const bounds = frameBounds(group, byId);
      if (!bounds) continue;
      const id = `${FRAME_PREFIX}${group.id}`;
      const old = oldFrames.get(id);
      const data = old?.data as { title?: string; color?: string } | undefined;
      if (
        old &&
        old.position.x === bounds.x &&
        old.position.y === bounds.y &&
        old.width === bounds.width &&
        old.height === bounds.height &&
        data?.title === group.title &&
        data?.color === group.color
      ) {
        frames.push(old);
        continue;
      }
      frames.push({
        id,
        type: FRAME_NODE,
        position: { x: bounds.x, y: bounds.y },
        width: bounds.width,
        height: bounds.height,
        data: { title: group.title, color: group.color },
        zIndex: -1,
        dragHandle: '.frame-title',
        selected: old?.selected ?? false,
        connectable: false,
        ...(old?.measured ? { measured: old.measured } : {}),
      });
    }
    const isSame = list.length === frames.length + plain.length && frames.every((frame, i) => list[i] === frame);
    return isSame ? list : [...frames, ...plain];
  }

  function sync() {
    const { graph } = doc.getState();
    const { catalog } = view.getState();
    if (graph === lastGraph && catalog === lastCatalog) return;
    const graphChanged = graph !== lastGraph;
    const catalogChanged = catalog !== lastCatalog;
    const previousGraph = lastGraph;
    lastGraph = graph;
    lastCatalog = catalog;
    let nodes = store.getState().nodes;
    if ((graphChanged && graph.nodes !== previousGraph?.nodes) || catalogChanged) {
      const fallback = fallbackPositions(graph);
      const next: Node[] = [];
      const alive = new Set<string>();
      for (const [id, source] of Object.entries(graph.nodes)) {
        alive.add(id);
        const entry = cache.get(id);
        // A node seen before the catalog came is sized once the catalog is in.
        if (entry && entry.source === source && (entry.rf.measured || !catalogChanged)) {
          next.push(entry.rf);
          continue;
        }
        const position = source.ui ? { x: source.ui.x, y: source.ui.y } : (fallback.get(id) ?? { x: 0, y: 0 });
        const previous = entry?.rf;
        const info = catalog ? findNodeType(catalog, source.type) : undefined;
        const layout = previous?.measured ? undefined : predictedLayout(source, info);
        let rf: Node;
        if (!previous || layout) {
          rf = {
            ...(previous ?? { id, type: GRAPH_NODE, data: NO_DATA }),
            // Screen readers name the node by its title and id, not "node".
            ariaLabel: `${info?.title || source.type} ${id}`,
            position,
            ...layout,
          };
        } else if (previous.position.x === position.x && previous.position.y === position.y) rf = previous;
        else rf = nextNode(previous, { position });
        cache.set(id, { source, rf });
        next.push(rf);
      }
      for (const id of cache.keys()) if (!alive.has(id)) cache.delete(id);
      nodes = next;
    }
    if (graphChanged || catalogChanged) nodes = withFrames(nodes);
    let edges = store.getState().edges;
    if (catalogChanged || graph.edges !== previousGraph?.edges || graph.nodes !== previousGraph?.nodes) {
      const selected = new Set(edges.filter((e) => e.selected).map((e) => e.id));
      const previousById = new Map(edges.map((e) => [e.id, e]));
      const ids = edgeIds(graph.edges);
      edges = [];
      graph.edges.forEach((edge, index) => {
        const from = parseEndpoint(edge.from);
        const to = parseEndpoint(edge.to);
        if (!from || !to || !graph.nodes[from.nodeId] || !graph.nodes[to.nodeId]) return;
        const id = ids[index] as string;
        const className = edgeClass(graph, catalog, edge.from);
        const previous = previousById.get(id);
        if (previous && previous.className === className && !catalogChanged) {
          edges.push(previous);
          return;
        }
        edges.push({
          id,
          source: from.nodeId,
          sourceHandle: from.port,
          target: to.nodeId,
          targetHandle: to.port,
          className,
          selected: selected.has(id),
        });
      });
    }
    const selectionBefore = store.getState().nodes.filter((n) => n.selected).length;
    store.setState({ nodes, edges });
    if (selectionBefore !== nodes.filter((n) => n.selected).length) publishSelection();
  }

  doc.subscribe(sync);
  view.subscribe((state, previous) => {
    if (state.catalog !== previous.catalog) sync();
  });
  sync();
  return store;
}
