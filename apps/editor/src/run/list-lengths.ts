import {
  type Catalog,
  findNodeType,
  type GraphFile,
  type NodeTypeInfo,
  type PortSpec,
  parseEndpoint,
  resolveInputs,
} from '@adloom/graph';

/** One input of a mapped node and the list that reaches it. */
export interface MappedInput {
  port: string;
  /** `node.port` the list comes from. */
  from: string;
  count: number;
  /** The port type of the list's items. */
  type: PortSpec['type'];
}

/** A node fed lists of different, known lengths on single inputs: the engine zips them and fails. */
export interface ListMismatch {
  nodeId: string;
  inputs: MappedInput[];
  message: string;
}

interface OutputShape {
  isList: boolean;
  /** Items in the list, when the params fix it. */
  count?: number;
}

type Schema = Record<string, unknown>;

/**
 * How many items one invocation's list output holds, when a param fixes it: an integer `count`
 * (copies, images), or a list of presets (one image per format). Read from the catalog's
 * schema and hints, so it holds for any pack that follows these conventions.
 */
function itemsPerInvocation(info: NodeTypeInfo, params: Record<string, unknown> | undefined): number | undefined {
  const properties = (info.params.properties ?? {}) as Record<string, Schema>;
  const countSchema = properties.count;
  if (countSchema && (countSchema.type === 'integer' || countSchema.type === 'number')) {
    const value = params?.count ?? countSchema.default;
    return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
  }
  for (const [name, schema] of Object.entries(properties)) {
    if (info.paramHints[name]?.picker !== 'preset' || schema.type !== 'array') continue;
    const value = params?.[name] ?? schema.default;
    return Array.isArray(value) && value.length > 0 ? value.length : undefined;
  }
  return undefined;
}

function topologicalOrder(graph: GraphFile): string[] {
  const ids = Object.keys(graph.nodes);
  const waiting = new Map<string, number>(ids.map((id) => [id, 0]));
  const downstream = new Map<string, string[]>();
  for (const edge of graph.edges) {
    const from = parseEndpoint(edge.from)?.nodeId;
    const to = parseEndpoint(edge.to)?.nodeId;
    if (!from || !to || !waiting.has(from) || !waiting.has(to)) continue;
    const next = downstream.get(from);
    if (next) next.push(to);
    else downstream.set(from, [to]);
    waiting.set(to, (waiting.get(to) ?? 0) + 1);
  }
  const order = ids.filter((id) => waiting.get(id) === 0);
  for (let i = 0; i < order.length; i++) {
    for (const next of downstream.get(order[i] as string) ?? []) {
      const left = (waiting.get(next) ?? 1) - 1;
      waiting.set(next, left);
      if (left === 0) order.push(next);
    }
  }
  return order;
}

/**
 * The list-length mismatches a run would hit, found before running: the engine maps a node
 * over a list reaching one of its single inputs, zips several such lists by position, and
 * fails when their lengths differ. Lengths are followed from params that fix them (`count`,
 * a preset list) through mapped nodes; anything unknown is left alone, so every finding is
 * certain. Nodes on a cycle are skipped (validation reports the cycle).
 */
export function listMismatches(graph: GraphFile, catalog: Catalog): ListMismatch[] {
  const shapes = new Map<string, OutputShape>();
  const incoming = new Map<string, { to: string; from: string }[]>();
  for (const edge of graph.edges) {
    const to = parseEndpoint(edge.to);
    if (!to) continue;
    const wires = incoming.get(to.nodeId);
    if (wires) wires.push({ to: to.port, from: edge.from });
    else incoming.set(to.nodeId, [{ to: to.port, from: edge.from }]);
  }
  const found: ListMismatch[] = [];
  for (const id of topologicalOrder(graph)) {
    const node = graph.nodes[id];
    const info = node && findNodeType(catalog, node.type);
    if (!node || !info) continue;
    const inputs = resolveInputs(info, node.params);
    const mapped: MappedInput[] = [];
    let isMapped = false;
    for (const wire of incoming.get(id) ?? []) {
      const port = inputs.find((p) => p.name === wire.to);
      if (!port || port.list) continue;
      const source = shapes.get(wire.from);
      if (!source?.isList) continue;
      isMapped = true;
      const from = parseEndpoint(wire.from);
      const fromNode = from && graph.nodes[from.nodeId];
      const fromInfo = fromNode && findNodeType(catalog, fromNode.type);
      const type = fromInfo?.outputs.find((o) => o.name === from?.port)?.type ?? port.type;
      if (source.count !== undefined) mapped.push({ port: port.name, from: wire.from, count: source.count, type });
    }
    const counts = new Set(mapped.map((m) => m.count));
    if (counts.size > 1) {
      const [first, ...rest] = mapped as [MappedInput, ...MappedInput[]];
      const other = rest.find((m) => m.count !== first.count) as MappedInput;
      found.push({
        nodeId: id,
        inputs: mapped,
        message: `"${first.port}" gets ${first.count} items from ${first.from} but "${other.port}" gets ${other.count} from ${other.from}: lists pair up by position, so the run would fail here. Split into variants to combine every ${first.port} with every ${other.port}`,
      });
    }
    const mappedCount = isMapped ? (counts.size === 1 ? mapped[0]?.count : undefined) : 1;
    const listOutputs = info.outputs.filter((o) => o.list);
    const perInvocation = listOutputs.length === 1 ? itemsPerInvocation(info, node.params) : undefined;
    for (const output of info.outputs) {
      const key = `${id}.${output.name}`;
      if (output.list) {
        const count = perInvocation !== undefined && mappedCount !== undefined ? perInvocation * mappedCount : undefined;
        shapes.set(key, count === undefined ? { isList: true } : { isList: true, count });
      } else {
        shapes.set(
          key,
          isMapped ? (mappedCount === undefined ? { isList: true } : { isList: true, count: mappedCount }) : { isList: false },
        );
      }
    }
  }
  return found;
}
