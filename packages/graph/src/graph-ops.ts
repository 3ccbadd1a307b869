import { z } from 'zod';
import { canConnect } from './can-connect.ts';
import { type Catalog, findNodeType, type NodeTypeInfo, resolveInputs } from './catalog.ts';
import { parseEndpoint } from './endpoint.ts';
import { nearestNames } from './nearest-names.ts';
import { freePlace } from './node-boxes.ts';
import { checkParams, paramNamesOf } from './param-schema.ts';
import { type GraphFile, type GraphNode, NODE_ID_PATTERN } from './schema.ts';

const nodeId = z.string().describe('a node id: a letter, then letters, digits, "_" or "-"');
const endpoint = z.string().describe('node.port, e.g. "copy.brief"');
const params = z.record(z.string(), z.unknown());

/**
 * The small edits an assistant (or a script) may make to a graph, as data. Each names what it
 * touches, so it can be checked against the catalog before anything changes.
 */
export const graphOpSchema = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('addNode'),
    id: nodeId.optional().describe('the new node id; made from the type when absent'),
    type: z.string().describe('a node type from the catalog, e.g. "llm.adCopy"'),
    params: params.optional(),
    at: z.object({ x: z.number(), y: z.number() }).optional().describe('where to put it on the canvas'),
    near: nodeId.optional().describe('put it right of this node, where it overlaps nothing'),
  }),
  z.object({ op: z.literal('removeNode'), id: nodeId }),
  z.object({ op: z.literal('connect'), from: endpoint, to: endpoint }),
  z.object({ op: z.literal('disconnect'), from: endpoint, to: endpoint }),
  z.object({
    op: z.literal('setParams'),
    id: nodeId,
    params: params.describe('params to set; a null value removes the param, so its default applies'),
  }),
  z.object({ op: z.literal('rename'), id: nodeId, to: nodeId }),
  z.object({ op: z.literal('move'), id: nodeId, x: z.number(), y: z.number() }),
  z.object({ op: z.literal('setInfo'), name: z.string().min(1).optional(), description: z.string().optional() }),
  z.object({
    op: z.literal('group'),
    id: z.string().optional(),
    title: z.string(),
    nodes: z.array(nodeId).min(1),
  }),
]);

export type GraphOp = z.infer<typeof graphOpSchema>;

/** Why an op was not applied: which op, which node, port or param, and what to use instead. */
export interface GraphOpRefusal {
  /** The op's position in the list. */
  index: number;
  op: GraphOp['op'];
  nodeId?: string;
  port?: string;
  param?: string;
  message: string;
}

export type ApplyGraphOpsResult =
  | {
      ok: true;
      graph: GraphFile;
      /** The ops as applied: new node ids and places filled in. */
      ops: GraphOp[];
    }
  | { ok: false; refusal: GraphOpRefusal };

class Refused extends Error {
  readonly detail: Omit<GraphOpRefusal, 'index' | 'op'>;
  constructor(detail: Omit<GraphOpRefusal, 'index' | 'op'>) {
    super(detail.message);
    this.detail = detail;
  }
}

const refuse = (detail: Omit<GraphOpRefusal, 'index' | 'op'>): never => {
  throw new Refused(detail);
};

const own = <T>(record: Record<string, T>, key: string): T | undefined => (Object.hasOwn(record, key) ? record[key] : undefined);

const nearest = (name: string, candidates: readonly string[]) => {
  const names = nearestNames(name, candidates);
  return names.length ? `; nearest: ${names.join(', ')}` : '';
};

function nodeOf(graph: GraphFile, id: string): GraphNode {
  return (
    own(graph.nodes, id) ?? refuse({ nodeId: id, message: `there is no node "${id}"${nearest(id, Object.keys(graph.nodes))}` })
  );
}

function typeOf(catalog: Catalog, type: string): NodeTypeInfo {
  return (
    findNodeType(catalog, type) ??
    refuse({ message: `unknown node type "${type}"${nearest(type, Object.keys(catalog.nodes))}; search the catalog for others` })
  );
}

/** Refuses params the type does not declare, and values its schema rejects, for the params named. */
function checkNodeParams(
  id: string,
  info: NodeTypeInfo,
  next: Record<string, unknown>,
  touched: readonly string[],
  isNew: boolean,
) {
  const names = paramNamesOf(info);
  for (const name of touched) {
    if (!names.includes(name)) {
      refuse({
        nodeId: id,
        param: name,
        message: `${info.type} has no param "${name}"${nearest(name, names)}; its params are: ${names.join(', ') || 'none'}`,
      });
    }
  }
  for (const problem of checkParams(info, next)) {
    if (problem.severity !== 'error') continue;
    // An old bad value elsewhere on the node is the file's problem, not this op's.
    if (!isNew && problem.param !== undefined && !touched.includes(problem.param)) continue;
    refuse({ nodeId: id, param: problem.param, message: `node "${id}" (${info.type}): ${problem.message}` });
  }
}

function freeId(graph: GraphFile, type: string): string {
  const tail = type.slice(type.lastIndexOf('.') + 1).replace(/[^A-Za-z0-9_-]/g, '');
  const base = /^[A-Za-z]/.test(tail) ? tail : `node${tail}`;
  if (!Object.hasOwn(graph.nodes, base)) return base;
  for (let n = 2; ; n++) if (!Object.hasOwn(graph.nodes, `${base}${n}`)) return `${base}${n}`;
}

function endpointOf(text: string, graph: GraphFile, side: 'output' | 'input', catalog: Catalog) {
  const parsed = parseEndpoint(text) ?? refuse({ message: `"${text}" is not of the form node.port` });
  const node = nodeOf(graph, parsed.nodeId);
  const info = findNodeType(catalog, node.type);
  if (info) {
    const ports = (side === 'output' ? info.outputs : resolveInputs(info, node.params)).map((port) => port.name);
    if (!ports.includes(parsed.port)) {
      refuse({
        nodeId: parsed.nodeId,
        port: parsed.port,
        message: `node "${parsed.nodeId}" (${info.type}) has no ${side} "${parsed.port}"${nearest(parsed.port, ports)}; its ${side}s are: ${ports.join(', ') || 'none'}`,
      });
    }
  }
  return parsed;
}

/** Applies one op to a copy-on-write graph; returns the op as applied. */
function applyOne(graph: GraphFile, op: GraphOp, catalog: Catalog): GraphOp {
  switch (op.op) {
    case 'addNode': {
      const info = typeOf(catalog, op.type);
      const id = op.id ?? freeId(graph, info.type);
      if (!NODE_ID_PATTERN.test(id)) {
        refuse({ nodeId: id, message: `"${id}" is not a valid node id: start with a letter, then letters, digits, "_" or "-"` });
      }
      if (Object.hasOwn(graph.nodes, id)) refuse({ nodeId: id, message: `there is already a node "${id}"; pick another id` });
      const nodeParams = { ...(op.params ?? {}) };
      checkNodeParams(id, info, nodeParams, Object.keys(nodeParams), true);
      const near = op.near === undefined ? undefined : nodeOf(graph, op.near);
      const at = op.at ?? freePlace(graph, info.type, near);
      graph.nodes = { ...graph.nodes, [id]: { type: info.type, params: nodeParams, ui: at } };
      return { op: 'addNode', id, type: info.type, params: nodeParams, at };
    }
    case 'removeNode': {
      nodeOf(graph, op.id);
      const { [op.id]: _, ...rest } = graph.nodes;
      graph.nodes = rest;
      graph.edges = graph.edges.filter(
        (edge) => parseEndpoint(edge.from)?.nodeId !== op.id && parseEndpoint(edge.to)?.nodeId !== op.id,
      );
      updateGroups(graph, (nodes) => nodes.filter((n) => n !== op.id));
      return op;
    }
    case 'connect': {
      endpointOf(op.from, graph, 'output', catalog);
      const to = endpointOf(op.to, graph, 'input', catalog);
      const answer = canConnect(graph, op.from, op.to, catalog);
      if (!answer.ok)
        refuse({ nodeId: to.nodeId, port: to.port, message: `cannot connect "${op.from}" to "${op.to}": ${answer.reason}` });
      const replaced = answer.ok ? answer.replaces : undefined;
      graph.edges = [...graph.edges.filter((edge) => edge !== replaced), { from: op.from, to: op.to }];
      return op;
    }
    case 'disconnect': {
      if (!graph.edges.some((edge) => edge.from === op.from && edge.to === op.to)) {
        const into = graph.edges.filter((edge) => edge.to === op.to).map((edge) => edge.from);
        refuse({
          message: `there is no edge from "${op.from}" to "${op.to}"${into.length ? `; "${op.to}" is fed by ${into.join(', ')}` : ''}`,
        });
      }
      graph.edges = graph.edges.filter((edge) => edge.from !== op.from || edge.to !== op.to);
      return op;
    }
    case 'setParams': {
      const node = nodeOf(graph, op.id);
      const info = typeOf(catalog, node.type);
      const next: Record<string, unknown> = { ...(node.params ?? {}) };
      for (const [name, value] of Object.entries(op.params)) {
        if (value === null) delete next[name];
        else next[name] = value;
      }
      checkNodeParams(op.id, info, next, Object.keys(op.params), false);
      graph.nodes = { ...graph.nodes, [op.id]: { ...node, params: next } };
      return op;
    }
    case 'rename': {
      const node = nodeOf(graph, op.id);
      if (!NODE_ID_PATTERN.test(op.to)) {
        refuse({
          nodeId: op.id,
          message: `"${op.to}" is not a valid node id: start with a letter, then letters, digits, "_" or "-"`,
        });
      }
      if (Object.hasOwn(graph.nodes, op.to)) refuse({ nodeId: op.id, message: `there is already a node "${op.to}"` });
      // Keep the node's place in the file's order, so a rename reads as one changed line in git.
      graph.nodes = Object.fromEntries(Object.entries(graph.nodes).map(([id, n]) => (id === op.id ? [op.to, node] : [id, n])));
      const moveEnd = (end: string) => {
        const parsed = parseEndpoint(end);
        return parsed?.nodeId === op.id ? `${op.to}.${parsed.port}` : end;
      };
      graph.edges = graph.edges.map((edge) => ({ ...edge, from: moveEnd(edge.from), to: moveEnd(edge.to) }));
      updateGroups(graph, (nodes) => nodes.map((n) => (n === op.id ? op.to : n)));
      return op;
    }
    case 'move': {
      const node = nodeOf(graph, op.id);
      graph.nodes = { ...graph.nodes, [op.id]: { ...node, ui: { ...(node.ui ?? {}), x: op.x, y: op.y } } };
      return op;
    }
    case 'setInfo': {
      if (op.name !== undefined) graph.name = op.name;
      if (op.description !== undefined) graph.description = op.description;
      return op;
    }
    case 'group': {
      for (const id of op.nodes) nodeOf(graph, id);
      const groups = graph.ui?.groups ?? [];
      const taken = new Set(groups.map((g) => (g as { id?: unknown }).id));
      let id = op.id ?? 'group';
      if (taken.has(id)) {
        if (op.id !== undefined) refuse({ message: `there is already a group "${op.id}"` });
        let n = 2;
        while (taken.has(`group${n}`)) n++;
        id = `group${n}`;
      }
      graph.ui = { ...(graph.ui ?? {}), groups: [...groups, { id, title: op.title, nodes: [...op.nodes] }] };
      return { ...op, id };
    }
  }
}

/** Applies `change` to the node list of every group that has one; groups of other shapes are kept as they are. */
function updateGroups(graph: GraphFile, change: (nodes: string[]) => string[]) {
  if (!graph.ui?.groups) return;
  graph.ui = {
    ...graph.ui,
    groups: graph.ui.groups.map((group) => {
      const nodes = (group as { nodes?: unknown }).nodes;
      return Array.isArray(nodes) ? { ...group, nodes: change(nodes as string[]) } : group;
    }),
  };
}

/**
 * Applies a list of ops to a graph against the catalog, all or nothing: the first op that
 * names an unknown type, node, port or param (or would make a bad edge) is refused with the
 * nearest names, and the graph is left as it was. The input graph is never changed.
 */
export function applyGraphOps(graph: GraphFile, ops: readonly unknown[], catalog: Catalog): ApplyGraphOpsResult {
  const next: GraphFile = { ...graph, nodes: { ...graph.nodes }, edges: [...graph.edges] };
  const applied: GraphOp[] = [];
  for (const [index, raw] of ops.entries()) {
    const parsed = graphOpSchema.safeParse(raw);
    const name = (raw as { op?: unknown } | null)?.op;
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` at "${issue.path.join('.')}"` : '';
      return {
        ok: false,
        refusal: {
          index,
          op: typeof name === 'string' ? (name as GraphOp['op']) : 'addNode',
          message: `op ${index} is not a valid graph op${where}: ${issue?.message ?? 'unreadable'}; ops are: ${graphOpSchema.options.map((o) => o.shape.op.value).join(', ')}`,
        },
      };
    }
    try {
      applied.push(applyOne(next, parsed.data, catalog));
    } catch (error) {
      if (error instanceof Refused) return { ok: false, refusal: { index, op: parsed.data.op, ...error.detail } };
      throw error;
    }
  }
  return { ok: true, graph: next, ops: applied };
}
