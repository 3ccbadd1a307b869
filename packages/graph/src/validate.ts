import { bypassDiagnostics } from './bypass.ts';
import { type Catalog, findNodeType, type NodeTypeInfo, resolveInputs } from './catalog.ts';
import type { Diagnostic } from './diagnostic.ts';
import { type Endpoint, parseEndpoint } from './endpoint.ts';
import { checkGraphObjectLimits } from './graph-limits.ts';
import { loadGraphText } from './load.ts';
import { checkParams, paramNamesOf, suggest } from './param-schema.ts';
import { arePortTypesCompatible, formatPortType, type PortSpec, withArticle } from './port-types.ts';
import { type GraphFile, NODE_ID_PATTERN } from './schema.ts';

export interface ValidateOptions {
  /** The graph file's path, named in every diagnostic. */
  file?: string;
  /** Graph input names the caller will set (`--input name=...`). */
  inputs?: readonly string[];
  /** `node.param` targets the caller will set (`--set node.param=...`). */
  sets?: readonly string[];
}

/** A node and its ports as the catalog and its params shape them. */
interface ResolvedNode {
  id: string;
  info: NodeTypeInfo | undefined;
  inputs: Map<string, PortSpec>;
  outputs: Map<string, PortSpec>;
}

function resolveNode(id: string, graph: GraphFile, catalog: Catalog): ResolvedNode {
  const node = graph.nodes[id];
  const info = node ? findNodeType(catalog, node.type) : undefined;
  const inputs = new Map<string, PortSpec>();
  const outputs = new Map<string, PortSpec>();
  if (info) {
    for (const port of resolveInputs(info, node?.params)) inputs.set(port.name, port);
    for (const port of info.outputs) outputs.set(port.name, port);
  }
  return { id, info, inputs, outputs };
}

const describeNode = (id: string, info: NodeTypeInfo | undefined) => (info ? `node "${id}" (${info.type})` : `node "${id}"`);

/** [packs.P3] The packs that failed to load, as a reason an unknown type may have: `node packs that could not load: …`. */
function unloadedPacks(catalog: Catalog): string {
  const failed = (catalog.packs ?? []).filter((pack) => pack.error);
  if (failed.length === 0) return '';
  return `node packs that could not load: ${failed.map((pack) => `${pack.name} (${pack.error})`).join('; ')}`;
}

/**
 * Names compared in did-you-mean hints for node ids, per validation. Each hint compares the
 * name with every node id, so a file whose 100,000 edges all name a renamed node would
 * otherwise take 10^10 comparisons; past this budget the hints stop and the errors remain.
 */
const NODE_HINT_BUDGET = 2_000_000;

/**
 * Every problem in a graph at once: syntax, schema, ids, types, edges, params, cycles and
 * unknown `--input` / `--set` names, and inputs a bypassed node leaves unfed. Accepts file
 * text or a loaded graph.
 */
export function validateGraph(source: GraphFile | string, catalog: Catalog, options: ValidateOptions = {}): Diagnostic[] {
  const { file } = options;
  let graph: GraphFile;
  if (typeof source === 'string') {
    const loaded = loadGraphText(source, file);
    if (!loaded.graph) return loaded.diagnostics;
    graph = loaded.graph;
  } else {
    // A graph built in memory (values from --set, graph ops, an API) has not met the limits
    // loading checks; everything below, and the run after it, may recurse into params.
    const breaches = checkGraphObjectLimits(source, file);
    if (breaches.length) return breaches;
    graph = source;
  }
  const out: Diagnostic[] = [];
  const error = (d: Omit<Diagnostic, 'severity' | 'file'>) => out.push({ severity: 'error', file, ...d });
  const warn = (d: Omit<Diagnostic, 'severity' | 'file'>) => out.push({ severity: 'warning', file, ...d });

  const resolved = new Map<string, ResolvedNode>();
  const typeNames = Object.keys(catalog.nodes);
  for (const [id, node] of Object.entries(graph.nodes)) {
    const path = `nodes.${id}`;
    if (!NODE_ID_PATTERN.test(id)) {
      error({
        nodeId: id,
        path,
        message: `node id "${id}" is not valid: an id starts with a letter and uses only letters, digits, "_" and "-"`,
      });
    }
    const r = resolveNode(id, graph, catalog);
    resolved.set(id, r);
    if (!r.info) {
      error({
        nodeId: id,
        path: `${path}.type`,
        message: `node "${id}" has unknown type "${node.type}"${suggest(node.type, typeNames)}; ${unloadedPacks(catalog) || 'is its node pack installed?'}`,
      });
      continue;
    }
    if (node.version !== undefined && node.version > r.info.version) {
      warn({
        nodeId: id,
        path: `${path}.version`,
        message: `node "${id}" was saved by ${r.info.type} version ${node.version}, newer than the installed version ${r.info.version}`,
      });
    }
    for (const problem of checkParams(r.info, node.params)) {
      (problem.severity === 'warning' ? warn : error)({
        nodeId: id,
        param: problem.param,
        path: problem.param ? `${path}.params.${problem.param}` : `${path}.params`,
        message: `${describeNode(id, r.info)}: ${problem.message}`,
      });
    }
  }

  // Edges: ends that exist, ports that exist, types that fit, one edge per single input.
  const into = new Map<string, { edge: number; from: Endpoint }[]>();
  const successors = new Map<string, Set<string>>();
  const nodeIds = Object.keys(graph.nodes);
  let hintBudget = NODE_HINT_BUDGET;
  const suggestNode = (name: string) => {
    if (hintBudget < nodeIds.length) return '';
    hintBudget -= nodeIds.length;
    return suggest(name, nodeIds);
  };
  const seenEdges = new Map<string, number>();
  graph.edges.forEach((edge, index) => {
    const path = `edges[${index}]`;
    const from = parseEndpoint(edge.from);
    const to = parseEndpoint(edge.to);
    if (!from) error({ path: `${path}.from`, message: `edge ${index}: "${edge.from}" is not of the form node.port` });
    if (!to) error({ path: `${path}.to`, message: `edge ${index}: "${edge.to}" is not of the form node.port` });
    if (!from || !to) return;
    const source = resolved.get(from.nodeId);
    const target = resolved.get(to.nodeId);
    if (!source) {
      error({
        path: `${path}.from`,
        message: `edge ${index} comes from node "${from.nodeId}", which does not exist${suggestNode(from.nodeId)}`,
      });
    }
    if (!target) {
      error({
        path: `${path}.to`,
        message: `edge ${index} goes to node "${to.nodeId}", which does not exist${suggestNode(to.nodeId)}`,
      });
    }
    if (!source || !target) return;
    // A repeated edge would feed a list input the same value twice; canConnect never adds one.
    const edgeKey = `${edge.from} ${edge.to}`;
    const first = seenEdges.get(edgeKey);
    if (first !== undefined) {
      error({
        nodeId: to.nodeId,
        port: to.port,
        path,
        message: `edge ${index} repeats edge ${first}: "${edge.from}" is already connected to "${edge.to}"; remove one of them`,
      });
      return;
    }
    seenEdges.set(edgeKey, index);
    let successorsOfSource = successors.get(from.nodeId);
    if (!successorsOfSource) successors.set(from.nodeId, (successorsOfSource = new Set()));
    successorsOfSource.add(to.nodeId);
    const out_ = source.info ? source.outputs.get(from.port) : undefined;
    const in_ = target.info ? target.inputs.get(to.port) : undefined;
    if (source.info && !out_) {
      error({
        nodeId: from.nodeId,
        port: from.port,
        path: `${path}.from`,
        message: `${describeNode(from.nodeId, source.info)} has no output "${from.port}"${suggest(from.port, [...source.outputs.keys()])}; its outputs are: ${[...source.outputs.keys()].join(', ') || 'none'}`,
      });
    }
    if (target.info && !in_) {
      error({
        nodeId: to.nodeId,
        port: to.port,
        path: `${path}.to`,
        message: `${describeNode(to.nodeId, target.info)} has no input "${to.port}"${suggest(to.port, [...target.inputs.keys()])}; its inputs are: ${[...target.inputs.keys()].join(', ') || 'none'}`,
      });
    }
    if (out_ && in_ && !arePortTypesCompatible(out_.type, in_.type)) {
      error({
        nodeId: to.nodeId,
        port: to.port,
        path,
        message: `cannot connect "${edge.from}" (${formatPortType(out_)}) to "${edge.to}" (${formatPortType(in_)}): ${withArticle({ type: out_.type })} output does not fit ${withArticle({ type: in_.type })} input`,
      });
    }
    const key = `${to.nodeId}.${to.port}`;
    let list = into.get(key);
    if (!list) into.set(key, (list = []));
    list.push({ edge: index, from });
  });

  for (const [key, edges] of into) {
    const to = parseEndpoint(key) as Endpoint;
    const port = resolved.get(to.nodeId)?.inputs.get(to.port);
    if (port && !port.list && edges.length > 1) {
      error({
        nodeId: to.nodeId,
        port: to.port,
        path: `edges[${edges[1]?.edge}]`,
        message: `input "${key}" takes one value but ${edges.length} edges lead into it (from ${edges.map((e) => `"${e.from.nodeId}.${e.from.port}"`).join(', ')})`,
      });
    }
  }

  for (const r of resolved.values()) {
    if (!r.info) continue;
    for (const port of r.inputs.values()) {
      if (!port.optional && !into.has(`${r.id}.${port.name}`)) {
        error({
          nodeId: r.id,
          port: port.name,
          path: `nodes.${r.id}`,
          message: `${describeNode(r.id, r.info)} needs its input "${port.name}" (${formatPortType(port)}) connected`,
        });
      }
    }
  }

  for (const cycle of findCycles(nodeIds, successors)) {
    error({ nodeId: cycle[0], path: 'edges', message: describeCycle(cycle) });
  }

  checkGraphInputs(graph, resolved, options, error);
  checkSets(graph, resolved, options, error);
  out.push(...bypassDiagnostics(graph, catalog, file));
  return out;
}

function checkGraphInputs(
  graph: GraphFile,
  resolved: Map<string, ResolvedNode>,
  options: ValidateOptions,
  error: (d: Omit<Diagnostic, 'severity' | 'file'>) => void,
): void {
  const names = new Map<string, string>();
  for (const r of resolved.values()) {
    if (!r.info?.isGraphInput) continue;
    const name = graph.nodes[r.id]?.params?.name;
    if (typeof name !== 'string') continue;
    const first = names.get(name);
    if (first) {
      error({
        nodeId: r.id,
        param: 'name',
        path: `nodes.${r.id}.params.name`,
        message: `nodes "${first}" and "${r.id}" both take the graph input "${name}"; give each input its own name`,
      });
    } else {
      names.set(name, r.id);
    }
  }
  for (const name of options.inputs ?? []) {
    if (!names.has(name)) {
      const known = [...names.keys()];
      error({
        path: `--input ${name}`,
        message: `unknown input "${name}"${suggest(name, known)}; ${known.length ? `the graph's inputs are: ${known.join(', ')}` : 'the graph has no inputs'}`,
      });
    }
  }
}

function checkSets(
  graph: GraphFile,
  resolved: Map<string, ResolvedNode>,
  options: ValidateOptions,
  error: (d: Omit<Diagnostic, 'severity' | 'file'>) => void,
): void {
  for (const target of options.sets ?? []) {
    const endpoint = parseEndpoint(target);
    if (!endpoint) {
      error({ path: `--set ${target}`, message: `--set "${target}" is not of the form node.param=value` });
      continue;
    }
    const r = resolved.get(endpoint.nodeId);
    if (!r) {
      const ids = Object.keys(graph.nodes);
      error({
        path: `--set ${target}`,
        message: `--set "${target}": there is no node "${endpoint.nodeId}"${suggest(endpoint.nodeId, ids)}`,
      });
      continue;
    }
    if (!r.info) continue;
    const params = paramNamesOf(r.info);
    if (!params.includes(endpoint.port)) {
      error({
        nodeId: r.id,
        param: endpoint.port,
        path: `--set ${target}`,
        message: `--set "${target}": ${describeNode(r.id, r.info)} has no param "${endpoint.port}"${suggest(endpoint.port, params)}; its params are: ${params.join(', ') || 'none'}`,
      });
    }
  }
}

/** Beyond this many nodes a cycle's message names the first few and counts the rest. */
const CYCLE_NAMES_SHOWN = 12;

function describeCycle(cycle: readonly string[]): string {
  const advice = 'a node cannot depend on its own output';
  if (cycle.length === 1) return `the graph has a cycle: node "${cycle[0]}" feeds its own input; ${advice}`;
  const names = cycle.map((id) => `"${id}"`);
  const shown =
    names.length <= CYCLE_NAMES_SHOWN
      ? names
      : [...names.slice(0, CYCLE_NAMES_SHOWN - 2), `… ${names.length - CYCLE_NAMES_SHOWN + 1} more …`, names.at(-1) as string];
  return `the graph has a cycle through ${cycle.length} nodes: ${[...shown, names[0]].join(' → ')}; ${advice}`;
}

/** One cycle among the nodes, in edge order, or `undefined`. */
export function findCycle(
  nodeIds: readonly string[],
  successors: ReadonlyMap<string, ReadonlySet<string>>,
): string[] | undefined {
  return findCycles(nodeIds, successors)[0];
}

/**
 * Cycles among the nodes, each in edge order, sharing no node with another, so a graph with
 * two separate loops reports both. Iterative depth-first search: a 10,000-node chain is fine.
 */
export function findCycles(nodeIds: readonly string[], successors: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const cycles: string[][] = [];
  const inCycle = new Set<string>();
  const state = new Map<string, 'open' | 'done'>();
  const depth = new Map<string, number>(); // where an open node sits on the stack
  // reported[i]: how many of stack[0..i] are in a reported cycle, so whether a back edge closes
  // a new cycle is one subtraction, not a walk down the stack (which made a long chain with
  // many back edges quadratic).
  const reported: number[] = [];
  for (const start of nodeIds) {
    if (state.has(start)) continue;
    const stack: { id: string; next: Iterator<string> }[] = [];
    const push = (id: string) => {
      state.set(id, 'open');
      depth.set(id, stack.length);
      reported[stack.length] = (stack.length ? (reported[stack.length - 1] as number) : 0) + (inCycle.has(id) ? 1 : 0);
      stack.push({ id, next: (successors.get(id) ?? new Set<string>()).values() });
    };
    push(start);
    while (stack.length) {
      const top = stack[stack.length - 1] as { id: string; next: Iterator<string> };
      const step = top.next.next();
      if (step.done) {
        state.set(top.id, 'done');
        stack.pop();
        continue;
      }
      const s = state.get(step.value);
      if (s === undefined) push(step.value);
      else if (s === 'open') {
        // A back edge closes a cycle; keep it only when it shares no node with one reported.
        const from = depth.get(step.value) as number;
        const below = from ? (reported[from - 1] as number) : 0;
        if (reported[stack.length - 1] === below) {
          const cycle = stack.slice(from).map((frame) => frame.id);
          for (const id of cycle) inCycle.add(id);
          for (let i = from; i < stack.length; i++) reported[i] = below + (i - from + 1);
          cycles.push(cycle);
        }
      }
    }
  }
  return cycles;
}
