import { type GraphDiff, type GraphFile, type GraphNode, parseEndpoint } from '@adloom/graph';
import type { Edge, Node } from '@xyflow/react';

/** The React Flow node type of a node a proposal adds: drawn like any node, but not in the document. */
export const PROPOSED_NODE = 'proposed';

/** What a proposal does to the canvas, worked out once from its diff. */
export interface ProposalMarkers {
  /** Nodes the proposal adds, as the proposed graph has them. */
  added: Record<string, GraphNode>;
  /** Nodes whose params or type it changes, with the params it changes. */
  changed: Record<string, string[]>;
  removed: ReadonlySet<string>;
  /** `from\0to` of the edges it adds and removes. */
  edgesAdded: { from: string; to: string }[];
  edgesRemoved: ReadonlySet<string>;
}

const edgeKey = (from: string, to: string) => `${from}\u0000${to}`;

/** Which nodes and edges a proposal adds, changes and removes. Moves alone mark nothing. */
export function proposalMarkers(diff: GraphDiff, proposed: GraphFile): ProposalMarkers {
  const added: Record<string, GraphNode> = {};
  for (const { id } of diff.nodesAdded) {
    const node = Object.hasOwn(proposed.nodes, id) ? proposed.nodes[id] : undefined;
    if (node) added[id] = node;
  }
  const changed: Record<string, string[]> = {};
  for (const change of diff.nodesChanged) {
    const params = change.params.map((p) => p.param);
    if (change.typeFrom) params.unshift('type');
    if (params.length) changed[change.id] = params;
  }
  return {
    added,
    changed,
    removed: new Set(diff.nodesRemoved.map((n) => n.id)),
    edgesAdded: diff.edgesAdded.map((e) => ({ from: e.from, to: e.to })),
    edgesRemoved: new Set(diff.edgesRemoved.map((e) => edgeKey(e.from, e.to))),
  };
}

/** The marker class of a document node, and the words its tooltip says. */
export function markerOf(markers: ProposalMarkers, id: string): { className: string; title: string } | null {
  if (markers.removed.has(id)) return { className: 'proposal-removed', title: 'The proposal removes this node' };
  const params = markers.changed[id];
  if (params) return { className: 'proposal-changed', title: `The proposal changes ${params.join(', ')}` };
  return null;
}

/**
 * The canvas's nodes and edges with a proposal shown on them: a class on each node it changes
 * or removes, its new nodes and wires added, not editable. Objects are kept per source object,
 * so React Flow sees the same node until the document's changes; nothing subscribes per node.
 */
export class ProposalView {
  readonly markers: ProposalMarkers;
  private readonly marked = new WeakMap<Node, Node>();
  private readonly markedEdges = new WeakMap<Edge, Edge>();
  private readonly ghosts: Node[];
  private readonly ghostEdges: Edge[];

  constructor(markers: ProposalMarkers) {
    this.markers = markers;
    this.ghosts = Object.entries(markers.added).map(([id, node]) => ({
      id,
      type: PROPOSED_NODE,
      position: { x: node.ui?.x ?? 0, y: node.ui?.y ?? 0 },
      data: { proposed: node },
      className: 'proposal-added',
      draggable: false,
      selectable: false,
      connectable: false,
      deletable: false,
      domAttributes: { title: 'Proposed: Apply adds this node' },
    }));
    this.ghostEdges = markers.edgesAdded.map((edge, i) => {
      const from = parseEndpoint(edge.from);
      const to = parseEndpoint(edge.to);
      return {
        id: `proposal:${i}`,
        source: from?.nodeId ?? '',
        sourceHandle: from?.port ?? '',
        target: to?.nodeId ?? '',
        targetHandle: to?.port ?? '',
        className: 'edge proposal-added',
        selectable: false,
        deletable: false,
      };
    });
  }

  nodes(nodes: readonly Node[]): Node[] {
    const present = new Set<string>();
    const out = nodes.map((node) => {
      present.add(node.id);
      const marker = markerOf(this.markers, node.id);
      if (!marker) return node;
      let shown = this.marked.get(node);
      if (!shown) {
        shown = {
          ...node,
          className: [node.className, marker.className].filter(Boolean).join(' '),
          domAttributes: { ...node.domAttributes, title: marker.title },
        };
        this.marked.set(node, shown);
      }
      return shown;
    });
    // A node added to the document meanwhile under the same id wins over the proposal's.
    for (const ghost of this.ghosts) if (!present.has(ghost.id)) out.push(ghost);
    return out;
  }

  edges(edges: readonly Edge[]): Edge[] {
    const out = edges.map((edge) => {
      const key = edgeKey(`${edge.source}.${edge.sourceHandle}`, `${edge.target}.${edge.targetHandle}`);
      if (!this.markers.edgesRemoved.has(key)) return edge;
      let shown = this.markedEdges.get(edge);
      if (!shown) {
        shown = { ...edge, className: `${edge.className ?? 'edge'} proposal-removed` };
        this.markedEdges.set(edge, shown);
      }
      return shown;
    });
    return [...out, ...this.ghostEdges];
  }
}
