import { canConnect } from './can-connect.ts';
import { type Catalog, findNodeType, resolveInputs } from './catalog.ts';
import type { Diagnostic } from './diagnostic.ts';
import { parseEndpoint } from './endpoint.ts';
import { formatPortType, withArticle } from './port-types.ts';
import type { GraphEdge, GraphFile, GraphNode } from './schema.ts';

/** Whether a node is bypassed: kept in the file (in its `ui`, the editor's part) but left out of runs. */
export function isBypassed(node: GraphNode | undefined): boolean {
  return (node?.ui as { bypass?: unknown } | undefined)?.bypass === true;
}

/** A wire a bypassed node fed that nothing feeds once the node is taken out. */
export interface UnfedWire {
  /** The bypassed node. */
  nodeId: string;
  /** Its output that had no input of the same type to pass on. */
  port: string;
  /** The input it fed, `node.port`. */
  to: string;
}

/** A graph with its bypassed nodes taken out, and what that left unfed. */
export interface BypassResult {
  graph: GraphFile;
  /** The nodes taken out, in the graph's order. */
  bypassed: string[];
  unfed: UnfedWire[];
}

/**
 * [graph.B1] The graph a run gets when some nodes are bypassed (ComfyUI's bypass): each
 * bypassed node is taken out, and what it fed is fed instead from what reaches its input of
 * the same type (the first such input that canConnect accepts in its place). An output with
 * no input to pass through leaves its wires unfed, and says so in `unfed`. Pure: the
 * document keeps the node as it is; without bypassed nodes the graph comes back as it is.
 */
export function bypassGraph(graph: GraphFile, catalog: Catalog): BypassResult {
  const bypassed = Object.keys(graph.nodes).filter((id) => isBypassed(graph.nodes[id]));
  if (!bypassed.length) return { graph, bypassed, unfed: [] };
  let current: GraphFile = graph;
  const unfed: UnfedWire[] = [];
  for (const id of bypassed) {
    const node = current.nodes[id] as GraphNode;
    const info = findNodeType(catalog, node.type);
    const inputs = info ? resolveInputs(info, node.params) : [];
    const incoming = current.edges.filter((e) => parseEndpoint(e.to)?.nodeId === id);
    const outgoing = current.edges.filter((e) => parseEndpoint(e.from)?.nodeId === id);
    const rest = current.edges.filter((e) => parseEndpoint(e.to)?.nodeId !== id && parseEndpoint(e.from)?.nodeId !== id);
    const { [id]: _, ...nodes } = current.nodes;
    const without: GraphFile = { ...current, nodes, edges: rest };
    const passed: GraphEdge[] = [];
    for (const edge of outgoing) {
      const port = parseEndpoint(edge.from)?.port ?? '';
      const type = info?.outputs.find((o) => o.name === port)?.type;
      const candidates = incoming.filter((e) => inputs.find((i) => i.name === parseEndpoint(e.to)?.port)?.type === type);
      const source = candidates.find((e) => canConnect({ ...without, edges: [...rest, ...passed] }, e.from, edge.to, catalog).ok);
      if (source) passed.push({ from: source.from, to: edge.to });
      else unfed.push({ nodeId: id, port, to: edge.to });
    }
    current = { ...without, edges: [...rest, ...passed] };
  }
  // A wire into a node bypassed later is gone with that node; its own outputs speak for it.
  const remaining = unfed.filter((wire) => Object.hasOwn(current.nodes, parseEndpoint(wire.to)?.nodeId ?? ''));
  return { graph: current, bypassed, unfed: remaining };
}

/** The graph a run gets when some nodes are bypassed: see {@link bypassGraph}. */
export function withBypass(graph: GraphFile, catalog: Catalog): GraphFile {
  return bypassGraph(graph, catalog).graph;
}

/**
 * [graph.B2] The inputs a bypass leaves without a value they need: an error on the bypassed
 * node for each required input that nothing feeds once it is taken out, saying what to do.
 */
export function bypassDiagnostics(graph: GraphFile, catalog: Catalog, file?: string): Diagnostic[] {
  const { graph: run, unfed } = bypassGraph(graph, catalog);
  const out: Diagnostic[] = [];
  for (const wire of unfed) {
    const target = parseEndpoint(wire.to);
    if (!target) continue;
    const consumer = run.nodes[target.nodeId];
    const info = consumer ? findNodeType(catalog, consumer.type) : undefined;
    const input = info ? resolveInputs(info, consumer?.params).find((port) => port.name === target.port) : undefined;
    if (!input || input.optional) continue;
    if (run.edges.some((edge) => edge.to === wire.to)) continue;
    const bypassedNode = graph.nodes[wire.nodeId];
    const bypassedInfo = bypassedNode ? findNodeType(catalog, bypassedNode.type) : undefined;
    const output = bypassedInfo?.outputs.find((port) => port.name === wire.port);
    const type = output ?? input;
    const through = bypassedInfo
      ? resolveInputs(bypassedInfo, bypassedNode?.params).find((port) => port.type === type.type)
      : undefined;
    const fix = through
      ? `connect ${withArticle({ type: type.type })} to its input "${through.name}", feed "${wire.to}" from elsewhere, or turn bypass off`
      : `it has no ${type.type} input to pass through: feed "${wire.to}" from elsewhere, or turn bypass off`;
    out.push({
      severity: 'error',
      file,
      nodeId: wire.nodeId,
      port: wire.port,
      path: `nodes.${wire.nodeId}.ui.bypass`,
      message: `node "${wire.nodeId}"${bypassedNode ? ` (${bypassedNode.type})` : ''} is bypassed, but nothing reaches it to pass on to "${wire.to}" (${formatPortType(input)}); ${fix}`,
    });
  }
  return out;
}
