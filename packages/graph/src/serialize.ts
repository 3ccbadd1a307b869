import type { GraphFile } from './schema.ts';

const TOP_ORDER = ['adloom', 'name', 'description', 'nodes', 'edges', 'ui'];
const NODE_ORDER = ['type', 'version', 'params', 'ui'];
const EDGE_ORDER = ['from', 'to'];

/** A copy of `object` whose known keys come first in `order`; other keys keep their order. */
function ordered(object: Record<string, unknown>, order: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of order) if (Object.hasOwn(object, key) && object[key] !== undefined) out[key] = object[key];
  // `hasOwn`, not `in`: an unknown key named `constructor` or `toString` must be kept too.
  for (const [key, value] of Object.entries(object)) if (!Object.hasOwn(out, key) && value !== undefined) out[key] = value;
  return out;
}

/**
 * The graph as file text: known keys in a fixed order, nodes and params in the order they
 * were written, two-space indent, a trailing newline. Loading a saved file and saving it
 * again gives the same bytes.
 */
export function serializeGraph(graph: GraphFile): string {
  const nodes: Record<string, unknown> = {};
  for (const [id, node] of Object.entries(graph.nodes)) nodes[id] = ordered(node, NODE_ORDER);
  const file = ordered({ ...graph, nodes, edges: graph.edges.map((edge) => ordered(edge, EDGE_ORDER)) }, TOP_ORDER);
  return `${JSON.stringify(file, null, 2)}\n`;
}
