import { type GraphEdge, type GraphFile, type GraphNode, parseEndpoint } from '@adloom/graph';
import type { Draft } from 'immer';
import type { PastedNodes } from './clipboard.ts';
import { edgeIds } from './edge-ids.ts';
import { type GraphGroup, isGraphGroup } from './groups.ts';

/*
 * Graph edits as pure recipes: each changes an immer draft of the graph file and nothing
 * else, so the document store turns any of them into an undo step (patches and inverse
 * patches) and a test can run one on a plain `produce`.
 */

export interface XY {
  x: number;
  y: number;
}

/**
 * A copy of a record without some keys. Deleting a key in a draft makes an undo patch that
 * adds it back at the end, moving it in the saved file; replacing the record makes one that
 * puts the original back, order and all.
 */
export function withoutKeys<T>(record: Record<string, T>, keys: ReadonlySet<string>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [key, value] of Object.entries(record)) if (!keys.has(key)) out[key] = value as T;
  return out;
}

export function removeNodesFrom(draft: Draft<GraphFile>, ids: ReadonlySet<string>): void {
  draft.nodes = withoutKeys(draft.nodes, ids);
  draft.edges = draft.edges.filter((edge) => {
    const from = parseEndpoint(edge.from)?.nodeId;
    const to = parseEndpoint(edge.to)?.nodeId;
    return !(from && ids.has(from)) && !(to && ids.has(to));
  });
  const groups = draft.ui?.groups;
  if (groups) {
    for (let i = groups.length - 1; i >= 0; i--) {
      const group = groups[i];
      if (!isGraphGroup(group)) continue;
      if (group.nodes.some((id) => ids.has(id))) group.nodes = group.nodes.filter((id) => !ids.has(id));
      if (group.nodes.length === 0) groups.splice(i, 1);
    }
  }
}

export function removeEdgesFrom(draft: Draft<GraphFile>, ids: ReadonlySet<string>): void {
  if (!ids.size) return;
  const all = edgeIds(draft.edges);
  draft.edges = draft.edges.filter((_, index) => !ids.has(all[index] as string));
}

export function addNodeTo(draft: Draft<GraphFile>, id: string, node: GraphNode): void {
  draft.nodes[id] = node;
}

/** Moves nodes to whole-pixel positions; an axis that did not change is not written (no patch). */
export function moveNodesIn(draft: Draft<GraphFile>, positions: Record<string, XY>): void {
  for (const [id, position] of Object.entries(positions)) {
    const node = draft.nodes[id];
    if (!node) continue;
    const x = Math.round(position.x);
    const y = Math.round(position.y);
    if (!node.ui) node.ui = { x, y };
    else {
      if (node.ui.x !== x) node.ui.x = x;
      if (node.ui.y !== y) node.ui.y = y;
    }
  }
}

/** Sets a param; `undefined` removes it, so the node's default applies. */
export function setParamIn(draft: Draft<GraphFile>, nodeId: string, name: string, value: unknown): void {
  const node = draft.nodes[nodeId];
  if (!node) return;
  if (value === undefined) {
    if (node.params && Object.hasOwn(node.params, name)) node.params = withoutKeys(node.params, new Set([name]));
    return;
  }
  if (!node.params) node.params = {};
  node.params[name] = value;
}

export function connectIn(draft: Draft<GraphFile>, from: string, to: string, replaces?: GraphEdge): void {
  if (replaces) {
    const index = draft.edges.findIndex((edge) => edge.from === replaces.from && edge.to === replaces.to);
    if (index >= 0) draft.edges.splice(index, 1);
  }
  draft.edges.push({ from, to });
}

/** Renames a node, its wires' ends and its group membership; the node keeps its place in the file. */
export function renameNodeIn(draft: Draft<GraphFile>, oldId: string, newId: string): void {
  const nodes: Record<string, GraphNode> = {};
  for (const [id, node] of Object.entries(draft.nodes)) nodes[id === oldId ? newId : id] = node as GraphNode;
  draft.nodes = nodes;
  const rename = (end: string) => {
    const endpoint = parseEndpoint(end);
    return endpoint?.nodeId === oldId ? `${newId}.${endpoint.port}` : end;
  };
  for (const edge of draft.edges) {
    const from = rename(edge.from);
    const to = rename(edge.to);
    if (from !== edge.from) edge.from = from;
    if (to !== edge.to) edge.to = to;
  }
  for (const group of draft.ui?.groups ?? []) {
    if (isGraphGroup(group) && group.nodes.includes(oldId)) group.nodes = group.nodes.map((id) => (id === oldId ? newId : id));
  }
}

export function setDescriptionIn(draft: Draft<GraphFile>, description: string): void {
  if (description) draft.description = description;
  else delete draft.description;
}

export function pasteInto(draft: Draft<GraphFile>, pasted: Pick<PastedNodes, 'nodes' | 'edges' | 'groups'>): void {
  Object.assign(draft.nodes, pasted.nodes);
  draft.edges.push(...pasted.edges);
  if (pasted.groups.length) {
    if (!draft.ui) draft.ui = {};
    if (!draft.ui.groups) draft.ui.groups = [];
    draft.ui.groups.push(...pasted.groups);
  }
}

/** Puts nodes in a new group; a node sits in one group, so joining this one leaves any other. */
export function createGroupIn(draft: Draft<GraphFile>, id: string, title: string, members: string[]): void {
  if (!draft.ui) draft.ui = {};
  if (!draft.ui.groups) draft.ui.groups = [];
  for (const group of draft.ui.groups) {
    if (isGraphGroup(group) && group.nodes.some((n) => members.includes(n)))
      group.nodes = group.nodes.filter((n) => !members.includes(n));
  }
  draft.ui.groups = draft.ui.groups.filter((group) => !isGraphGroup(group) || group.nodes.length > 0);
  const group: GraphGroup = { id, title, nodes: members };
  draft.ui.groups.push(group);
}

export function renameGroupIn(draft: Draft<GraphFile>, groupId: string, title: string): void {
  const group = draft.ui?.groups?.find((g) => isGraphGroup(g) && g.id === groupId);
  if (group && isGraphGroup(group)) group.title = title;
}

export function removeGroupFrom(draft: Draft<GraphFile>, groupId: string): void {
  const groups = draft.ui?.groups;
  if (!groups) return;
  const index = groups.findIndex((g) => isGraphGroup(g) && g.id === groupId);
  if (index >= 0) groups.splice(index, 1);
}

/** The saved view; not an undo step (the store applies it without history). */
export function setViewportIn(draft: Draft<GraphFile>, viewport: { x: number; y: number; zoom: number }): void {
  if (!draft.ui) draft.ui = {};
  if (draft.ui.viewport) {
    draft.ui.viewport.x = viewport.x;
    draft.ui.viewport.y = viewport.y;
    draft.ui.viewport.zoom = viewport.zoom;
  } else draft.ui.viewport = { ...viewport };
}

/** Bypasses the nodes (or brings them back when all of them are bypassed already), in their `ui`. */
export function toggleBypassIn(draft: Draft<GraphFile>, ids: readonly string[]): void {
  const nodes = ids.map((id) => draft.nodes[id]).filter((n): n is NonNullable<typeof n> => !!n);
  const isOn = nodes.every((n) => (n.ui as { bypass?: unknown } | undefined)?.bypass === true);
  for (const node of nodes) {
    const ui = (node.ui ?? { x: 0, y: 0 }) as { x: number; y: number; bypass?: boolean };
    if (isOn) delete ui.bypass;
    else ui.bypass = true;
    node.ui = ui;
  }
}
