import { arePortTypesCompatible, type Catalog, type NodeTypeInfo, type PortSpec, resolveInputs } from '@adloom/graph';

/** A wire dragged from a port and dropped on empty canvas: the palette offers what it can feed. */
export interface LooseWire {
  nodeId: string;
  port: string;
  /** `source`: dragged from an output, so the new node's input takes it. */
  side: 'source' | 'target';
  type: PortSpec['type'];
}

/** The port of a new `info` node that a loose wire would connect to, if any. */
export function portForWire(info: NodeTypeInfo, wire: LooseWire, params?: Record<string, unknown>): PortSpec | undefined {
  if (wire.side === 'source') return resolveInputs(info, params).find((port) => arePortTypesCompatible(wire.type, port.type));
  return info.outputs.find((port) => arePortTypesCompatible(port.type, wire.type));
}

/** Only the node types a loose wire can connect to. */
export function catalogForWire(catalog: Catalog, wire: LooseWire | undefined): Catalog {
  if (!wire) return catalog;
  const nodes: Catalog['nodes'] = {};
  for (const [type, info] of Object.entries(catalog.nodes)) if (portForWire(info, wire)) nodes[type] = info;
  return { nodes };
}
