import {
  type Catalog,
  canConnect,
  findNodeType,
  type GraphFile,
  type GraphNode,
  parseEndpoint,
  resolveInputs,
} from '@adloom/graph';

/** Whether a node is bypassed: kept in the file (in its `ui`, the editor's part) but left out of runs. */
export function isBypassed(node: GraphNode | undefined): boolean {
  return (node?.ui as { bypass?: unknown } | undefined)?.bypass === true;
}

/**
 * The graph a run gets when some nodes are bypassed (ComfyUI's bypass): each bypassed node
 * is taken out, and what it fed is fed instead from what reaches its input of the same type
 * (the first such input that canConnect accepts in its place). An output with no input to
 * pass through leaves its wires unfed, so validation names what is missing. Pure: the
 * document keeps the node as it is.
 */
export function withBypass(graph: GraphFile, catalog: Catalog): GraphFile {
  const bypassed = Object.keys(graph.nodes).filter((id) => isBypassed(graph.nodes[id]));
  if (!bypassed.length) return graph;
  let current: GraphFile = graph;
  for (const id of bypassed) {
    const node = current.nodes[id] as GraphNode;
    const info = findNodeType(catalog, node.type);
    const inputs = info ? resolveInputs(info, node.params) : [];
    const incoming = current.edges.filter((e) => parseEndpoint(e.to)?.nodeId === id);
    const outgoing = current.edges.filter((e) => parseEndpoint(e.from)?.nodeId === id);
    const rest = current.edges.filter((e) => parseEndpoint(e.to)?.nodeId !== id && parseEndpoint(e.from)?.nodeId !== id);
    const { [id]: _, ...nodes } = current.nodes;
    const without: GraphFile = { ...current, nodes, edges: rest };
    const passed: { from: string; to: string }[] = [];
    for (const edge of outgoing) {
      const port = parseEndpoint(edge.from)?.port;
      const type = info?.outputs.find((o) => o.name === port)?.type;
      const candidates = incoming.filter((e) => inputs.find((i) => i.name === parseEndpoint(e.to)?.port)?.type === type);
      const source = candidates.find((e) => canConnect({ ...without, edges: [...rest, ...passed] }, e.from, edge.to, catalog).ok);
      if (source) passed.push({ from: source.from, to: edge.to });
    }
    current = { ...without, edges: [...rest, ...passed] };
  }
  return current;
}
