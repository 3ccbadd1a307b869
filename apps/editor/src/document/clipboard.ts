import { type GraphEdge, type GraphFile, type GraphNode, loadGraphText, parseEndpoint, serializeGraph } from '@adloom/graph';
import { type GraphGroup, groupsOf } from './groups.ts';
import { uniqueNodeId } from './node-ids.ts';

/**
 * What copy puts on the clipboard: a small graph file, so a copy pastes into another window,
 * and a whole `*.adloom.json` pasted from a text editor works too.
 */
export function copyNodes(graph: GraphFile, nodeIds: Iterable<string>): GraphFile {
  const chosen = new Set<string>();
  for (const id of nodeIds) if (Object.hasOwn(graph.nodes, id)) chosen.add(id);
  const nodes: Record<string, GraphNode> = {};
  for (const id of Object.keys(graph.nodes)) if (chosen.has(id)) nodes[id] = graph.nodes[id] as GraphNode;
  const edges = graph.edges.filter((edge) => {
    const from = parseEndpoint(edge.from)?.nodeId;
    const to = parseEndpoint(edge.to)?.nodeId;
    return from !== undefined && to !== undefined && chosen.has(from) && chosen.has(to);
  });
  const groups = groupsOf(graph).filter((group) => group.nodes.length > 0 && group.nodes.every((id) => chosen.has(id)));
  return { adloom: 1, name: graph.name, nodes, edges, ...(groups.length ? { ui: { groups } } : {}) };
}

export function clipboardText(clip: GraphFile): string {
  return serializeGraph(clip);
}

/** The graph in clipboard text, or `undefined` when the text is not a graph file. */
export function readClipboardText(text: string): GraphFile | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return undefined;
  return loadGraphText(trimmed).graph;
}

export interface PasteOptions {
  /** Added to every pasted position. */
  offset: { x: number; y: number };
  /** Whether a type is a graph input: a pasted input whose name was its id gets its new id as name. */
  isGraphInput?: (type: string) => boolean;
  /** Group ids already in use. */
  takenGroupIds?: ReadonlySet<string>;
}

export interface PastedNodes {
  nodes: Record<string, GraphNode>;
  edges: GraphEdge[];
  groups: GraphGroup[];
  /** Old id → new id. */
  ids: Map<string, string>;
}

/**
 * The clipboard's nodes with ids that are free in `graph`, their edges among themselves
 * remapped (edges to nodes not pasted are dropped), positions moved by the offset.
 */
export function remapPaste(graph: GraphFile, clip: GraphFile, options: PasteOptions): PastedNodes {
  const taken = new Set(Object.keys(graph.nodes));
  const ids = new Map<string, string>();
  const nodes: Record<string, GraphNode> = {};
  for (const [oldId, node] of Object.entries(clip.nodes)) {
    const newId = uniqueNodeId(oldId, taken);
    taken.add(newId);
    ids.set(oldId, newId);
    const copy = structuredClone(node) as GraphNode;
    const ui = copy.ui ?? { x: 0, y: 0 };
    copy.ui = { ...ui, x: Math.round(ui.x + options.offset.x), y: Math.round(ui.y + options.offset.y) };
    if (options.isGraphInput?.(copy.type) && copy.params?.name === oldId) copy.params = { ...copy.params, name: newId };
    nodes[newId] = copy;
  }
  const edges: GraphEdge[] = [];
  for (const edge of clip.edges) {
    const from = parseEndpoint(edge.from);
    const to = parseEndpoint(edge.to);
    const newFrom = from && ids.get(from.nodeId);
    const newTo = to && ids.get(to.nodeId);
    if (!from || !to || !newFrom || !newTo) continue;
    edges.push({ ...structuredClone(edge), from: `${newFrom}.${from.port}`, to: `${newTo}.${to.port}` });
  }
  const groupIds = new Set(options.takenGroupIds ?? groupsOf(graph).map((group) => group.id));
  const groups: GraphGroup[] = [];
  for (const group of groupsOf(clip)) {
    const members = group.nodes.map((id) => ids.get(id)).filter((id): id is string => id !== undefined);
    if (!members.length) continue;
    const id = uniqueNodeId(group.id, groupIds);
    groupIds.add(id);
    groups.push({ ...structuredClone(group), id, nodes: members });
  }
  return { nodes, edges, groups, ids };
}
