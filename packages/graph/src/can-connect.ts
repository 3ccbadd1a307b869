import { type Catalog, findNodeType, resolveInputs } from './catalog.ts';
import { parseEndpoint } from './endpoint.ts';
import { arePortTypesCompatible, withArticle } from './port-types.ts';
import type { GraphEdge, GraphFile } from './schema.ts';

export type CanConnectResult = { ok: true; replaces?: GraphEdge } | { ok: false; reason: string };

/**
 * Whether an edge from output `from` to input `to` (both `node.port`) may be added. When the
 * input takes one value and already has an edge, the answer is yes and names the edge the
 * new one replaces, as dropping a wire on a taken input does in the editor.
 */
export function canConnect(graph: GraphFile, from: string, to: string, catalog: Catalog): CanConnectResult {
  const source = parseEndpoint(from);
  const target = parseEndpoint(to);
  if (!source) return { ok: false, reason: `"${from}" is not of the form node.port` };
  if (!target) return { ok: false, reason: `"${to}" is not of the form node.port` };
  // Own keys only: an id such as `constructor` must not find Object's prototype.
  const sourceNode = Object.hasOwn(graph.nodes, source.nodeId) ? graph.nodes[source.nodeId] : undefined;
  const targetNode = Object.hasOwn(graph.nodes, target.nodeId) ? graph.nodes[target.nodeId] : undefined;
  if (!sourceNode) return { ok: false, reason: `there is no node "${source.nodeId}"` };
  if (!targetNode) return { ok: false, reason: `there is no node "${target.nodeId}"` };
  if (source.nodeId === target.nodeId) return { ok: false, reason: 'a node cannot feed its own input' };
  const sourceInfo = findNodeType(catalog, sourceNode.type);
  const targetInfo = findNodeType(catalog, targetNode.type);
  if (!sourceInfo) return { ok: false, reason: `"${source.nodeId}" is of unknown type "${sourceNode.type}"` };
  if (!targetInfo) return { ok: false, reason: `"${target.nodeId}" is of unknown type "${targetNode.type}"` };
  const output = sourceInfo.outputs.find((port) => port.name === source.port);
  const input = resolveInputs(targetInfo, targetNode.params).find((port) => port.name === target.port);
  if (!output) return { ok: false, reason: `"${source.nodeId}" has no output "${source.port}"` };
  if (!input) return { ok: false, reason: `"${target.nodeId}" has no input "${target.port}"` };
  if (!arePortTypesCompatible(output.type, input.type)) {
    return { ok: false, reason: `${withArticle(output)} output does not fit ${withArticle(input)} input` };
  }
  if (graph.edges.some((edge) => edge.from === from && edge.to === to)) {
    return { ok: false, reason: 'these ports are already connected' };
  }
  if (reaches(graph, target.nodeId, source.nodeId)) {
    return { ok: false, reason: `this would make a cycle: "${source.nodeId}" already depends on "${target.nodeId}"` };
  }
  const taken = input.list ? undefined : graph.edges.find((edge) => edge.to === to);
  return taken ? { ok: true, replaces: taken } : { ok: true };
}

/** Whether a path of edges leads from node `start` to node `goal`. */
function reaches(graph: GraphFile, start: string, goal: string): boolean {
  const successors = new Map<string, string[]>();
  for (const edge of graph.edges) {
    const from = parseEndpoint(edge.from)?.nodeId;
    const to = parseEndpoint(edge.to)?.nodeId;
    if (!from || !to) continue;
    const list = successors.get(from);
    if (list) list.push(to);
    else successors.set(from, [to]);
  }
  const seen = new Set<string>([start]);
  const stack = [start];
  while (stack.length) {
    const id = stack.pop() as string;
    if (id === goal) return true;
    for (const next of successors.get(id) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return false;
}
