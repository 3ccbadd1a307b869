import { type GraphFile, type PortSpec, parseEndpoint, resolveInputs } from '@adloom/graph';
import type { NodeDefinition } from '@adloom/sdk';
import type { NodeRegistry } from './registry.ts';

/** One node as the scheduler sees it: its type, parsed params, ports and neighbours. */
export interface PlannedNode {
  id: string;
  def: NodeDefinition;
  params: Record<string, unknown>;
  inputs: PortSpec[];
  /** For each input port, the outputs feeding it, in edge order. */
  incoming: Map<string, { nodeId: string; port: string }[]>;
  /** Distinct nodes this one waits for. */
  upstream: string[];
  downstream: string[];
  provider: string | undefined;
}

/** A graph the plan cannot be made from, with the place to look (`--only`, `nodes.x.params.y`). */
export class PlanError extends Error {
  readonly path: string;
  readonly nodeId?: string;
  readonly param?: string;

  constructor(message: string, path: string, nodeId?: string, param?: string) {
    super(message);
    this.path = path;
    this.nodeId = nodeId;
    this.param = param;
  }
}

/**
 * The nodes a run needs, in the graph's own order: all of them, or, with targets, the
 * targets and everything upstream of them. Expects a graph that passed validation.
 */
export function planRun(graph: GraphFile, registry: NodeRegistry, only?: readonly string[]): Map<string, PlannedNode> {
  const incomingByNode = new Map<string, Map<string, { nodeId: string; port: string }[]>>();
  for (const edge of graph.edges) {
    const from = parseEndpoint(edge.from);
    const to = parseEndpoint(edge.to);
    if (!from || !to) continue;
    let ports = incomingByNode.get(to.nodeId);
    if (!ports) incomingByNode.set(to.nodeId, (ports = new Map()));
    const list = ports.get(to.port);
    if (list) list.push(from);
    else ports.set(to.port, [from]);
  }

  let wanted: Set<string> | undefined;
  if (only && only.length > 0) {
    wanted = new Set();
    const stack = [...only];
    for (const id of only) if (!graph.nodes[id]) throw new PlanError(`--only "${id}": there is no node "${id}"`, '--only', id);
    while (stack.length) {
      const id = stack.pop() as string;
      if (wanted.has(id)) continue;
      wanted.add(id);
      for (const sources of incomingByNode.get(id)?.values() ?? []) for (const s of sources) stack.push(s.nodeId);
    }
  }

  const plan = new Map<string, PlannedNode>();
  for (const [id, node] of Object.entries(graph.nodes)) {
    if (wanted && !wanted.has(id)) continue;
    const def = registry.get(node.type);
    if (!def) throw new PlanError(`node "${id}" has unknown type "${node.type}"`, `nodes.${id}.type`, id);
    const parsed = def.params.safeParse(node.params ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const param = typeof issue?.path[0] === 'string' ? issue.path[0] : undefined;
      const path = param ? `nodes.${id}.params.${param}` : `nodes.${id}.params`;
      throw new PlanError(`node "${id}": param "${param ?? '?'}": ${issue?.message}`, path, id, param);
    }
    const params = parsed.data as Record<string, unknown>;
    const incoming = incomingByNode.get(id) ?? new Map();
    const upstream = new Set<string>();
    for (const sources of incoming.values()) for (const s of sources) upstream.add(s.nodeId);
    plan.set(id, {
      id,
      def,
      params,
      inputs: resolveInputs(def.info, node.params),
      incoming,
      upstream: [...upstream],
      downstream: [],
      provider: def.provider?.(params),
    });
  }
  for (const node of plan.values()) {
    for (const up of node.upstream) plan.get(up)?.downstream.push(node.id);
  }
  return plan;
}
