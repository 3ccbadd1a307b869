import { canonicalText } from './canonical-text.ts';
import type { GraphEdge, GraphFile } from './schema.ts';

export interface ParamChange {
  param: string;
  /** Absent when the param was added. */
  from?: unknown;
  /** Absent when the param was removed. */
  to?: unknown;
}

export interface NodeChange {
  id: string;
  type: string;
  /** Set when the node's type itself changed. */
  typeFrom?: string;
  params: ParamChange[];
  /** The node moved on the canvas; nothing else about it changed the run. */
  moved: boolean;
}

/** What changed between two versions of a graph, for review before a change is applied. */
export interface GraphDiff {
  nodesAdded: { id: string; type: string }[];
  nodesRemoved: { id: string; type: string }[];
  nodesChanged: NodeChange[];
  edgesAdded: GraphEdge[];
  edgesRemoved: GraphEdge[];
  /** Name, description or groups changed. */
  metaChanged: string[];
}

const edgeKey = (edge: GraphEdge) => `${edge.from}\u0000${edge.to}`;

/** The nodes, edges and params added, removed and changed from `a` to `b`. */
export function diffGraphs(a: GraphFile, b: GraphFile): GraphDiff {
  const diff: GraphDiff = {
    nodesAdded: [],
    nodesRemoved: [],
    nodesChanged: [],
    edgesAdded: [],
    edgesRemoved: [],
    metaChanged: [],
  };
  for (const [id, node] of Object.entries(b.nodes)) {
    const before = Object.hasOwn(a.nodes, id) ? a.nodes[id] : undefined;
    if (!before) {
      diff.nodesAdded.push({ id, type: node.type });
      continue;
    }
    const params: ParamChange[] = [];
    const was = before.params ?? {};
    const now = node.params ?? {};
    for (const [param, value] of Object.entries(now)) {
      if (!Object.hasOwn(was, param)) params.push({ param, to: value });
      else if (canonicalText(was[param]) !== canonicalText(value)) params.push({ param, from: was[param], to: value });
    }
    for (const [param, value] of Object.entries(was)) if (!Object.hasOwn(now, param)) params.push({ param, from: value });
    const moved = before.ui?.x !== node.ui?.x || before.ui?.y !== node.ui?.y;
    const typeChanged = before.type !== node.type;
    if (params.length || moved || typeChanged) {
      diff.nodesChanged.push({ id, type: node.type, ...(typeChanged ? { typeFrom: before.type } : {}), params, moved });
    }
  }
  for (const [id, node] of Object.entries(a.nodes)) {
    if (!Object.hasOwn(b.nodes, id)) diff.nodesRemoved.push({ id, type: node.type });
  }
  const edgesOfA = new Set(a.edges.map(edgeKey));
  const edgesOfB = new Set(b.edges.map(edgeKey));
  diff.edgesAdded = b.edges.filter((edge) => !edgesOfA.has(edgeKey(edge)));
  diff.edgesRemoved = a.edges.filter((edge) => !edgesOfB.has(edgeKey(edge)));
  if (a.name !== b.name) diff.metaChanged.push('name');
  if (a.description !== b.description) diff.metaChanged.push('description');
  if (canonicalText(a.ui?.groups ?? []) !== canonicalText(b.ui?.groups ?? [])) diff.metaChanged.push('groups');
  return diff;
}

/** Whether the two graphs differ in anything a diff reports. */
export function isEmptyDiff(diff: GraphDiff): boolean {
  return (
    !diff.nodesAdded.length &&
    !diff.nodesRemoved.length &&
    !diff.nodesChanged.length &&
    !diff.edgesAdded.length &&
    !diff.edgesRemoved.length &&
    !diff.metaChanged.length
  );
}

const shown = (value: unknown) => {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
};

/**
 * The diff as lines a person reviews: `+ node copy (llm.adCopy)`, `~ copy.count: 3 → 6`,
 * `- edge a.text -> b.brief`. Moves are counted, not listed.
 */
export function formatGraphDiff(diff: GraphDiff): string[] {
  const lines: string[] = [];
  for (const node of diff.nodesAdded) lines.push(`+ node ${node.id} (${node.type})`);
  for (const node of diff.nodesRemoved) lines.push(`- node ${node.id} (${node.type})`);
  for (const change of diff.nodesChanged) {
    if (change.typeFrom) lines.push(`~ node ${change.id}: type ${change.typeFrom} → ${change.type}`);
    for (const p of change.params) {
      if (!('from' in p)) lines.push(`~ ${change.id}.${p.param}: set to ${shown(p.to)}`);
      else if (!('to' in p)) lines.push(`~ ${change.id}.${p.param}: removed (was ${shown(p.from)})`);
      else lines.push(`~ ${change.id}.${p.param}: ${shown(p.from)} → ${shown(p.to)}`);
    }
  }
  for (const edge of diff.edgesAdded) lines.push(`+ edge ${edge.from} -> ${edge.to}`);
  for (const edge of diff.edgesRemoved) lines.push(`- edge ${edge.from} -> ${edge.to}`);
  for (const what of diff.metaChanged) lines.push(`~ graph ${what}`);
  const moved = diff.nodesChanged.filter((c) => c.moved && !c.params.length && !c.typeFrom).length;
  if (moved) lines.push(`~ ${moved} node${moved === 1 ? '' : 's'} moved`);
  return lines;
}
