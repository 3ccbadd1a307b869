import { type Catalog, findNodeType, type NodeTypeInfo, resolveInputs } from './catalog.ts';
import { parseEndpoint } from './endpoint.ts';
import { formatPortType, type PortSpec } from './port-types.ts';
import type { GraphFile } from './schema.ts';

export interface GraphTextOptions {
  /** Longer string values are cut to this many characters, with `…`. */
  maxString?: number;
}

function valueText(value: unknown, maxString: number): string {
  if (typeof value === 'string') {
    const cut = value.length > maxString ? `${value.slice(0, maxString)}…` : value;
    return JSON.stringify(cut);
  }
  const text = JSON.stringify(value) ?? 'null';
  return text.length > maxString ? `${text.slice(0, maxString)}…` : text;
}

/**
 * A compact, code-like view of a graph for a prompt, one line a node in file order:
 * `copy = llm.adCopy(brief=brief.text) platform="tiktok" count=3`. Inputs show what feeds
 * them (`?` when a needed input is unconnected); params show only what the file sets.
 * A code-like view reads better to models than the file's JSON, at a fraction of the tokens.
 */
export function graphToText(graph: GraphFile, catalog: Catalog, options: GraphTextOptions = {}): string {
  const maxString = options.maxString ?? 80;
  const feeds = new Map<string, string[]>();
  // The ports edges reach, by node, read once: a pass over every edge for each node would take
  // minutes on a 100,000-node graph, with the host answering nothing meanwhile.
  const fedPorts = new Map<string, string[]>();
  for (const edge of graph.edges) {
    const list = feeds.get(edge.to);
    if (list) list.push(edge.from);
    else feeds.set(edge.to, [edge.from]);
    const to = parseEndpoint(edge.to);
    if (!to) continue;
    const ports = fedPorts.get(to.nodeId);
    if (ports) ports.push(to.port);
    else fedPorts.set(to.nodeId, [to.port]);
  }
  const count = Object.keys(graph.nodes).length;
  const lines = [`graph ${JSON.stringify(graph.name)}: ${count} node${count === 1 ? '' : 's'}`];
  if (graph.description) lines.push(`# ${graph.description}`);
  for (const [id, node] of Object.entries(graph.nodes)) {
    const info = findNodeType(catalog, node.type);
    const specs = info ? resolveInputs(info, node.params) : [];
    const ports = specs.map((port) => port.name);
    // Edges into ports the type does not have still show, so a broken graph reads as it is.
    for (const port of fedPorts.get(id) ?? []) if (!ports.includes(port)) ports.push(port);
    const inputs = ports.flatMap((port) => {
      const from = feeds.get(`${id}.${port}`);
      if (from) return [`${port}=${from.length === 1 ? from[0] : `[${from.join(', ')}]`}`];
      const spec = specs.find((p) => p.name === port);
      return spec && !spec.optional ? [`${port}=?`] : [];
    });
    const params = Object.entries(node.params ?? {}).map(([name, value]) => `${name}=${valueText(value, maxString)}`);
    const unknown = info ? '' : ' # unknown type';
    lines.push(`${id} = ${node.type}(${inputs.join(', ')})${params.length ? ` ${params.join(' ')}` : ''}${unknown}`);
  }
  const groups = (graph.ui?.groups ?? []) as { title?: unknown; nodes?: unknown }[];
  for (const group of groups) {
    if (typeof group.title === 'string' && Array.isArray(group.nodes))
      lines.push(`group ${JSON.stringify(group.title)}: ${group.nodes.join(', ')}`);
  }
  return lines.join('\n');
}

const portText = (port: PortSpec) => `${port.name}: ${formatPortType(port)}${port.optional ? '?' : ''}`;

/** `integer 1..10 = 3`, `"tiktok"|"meta" = "tiktok"`: one param's JSON Schema as a short phrase. */
function schemaText(schema: Record<string, unknown>): string {
  let text: string;
  if (Array.isArray(schema.enum)) text = schema.enum.map((v) => JSON.stringify(v)).join('|');
  else if (schema.const !== undefined) text = JSON.stringify(schema.const);
  else {
    text = typeof schema.type === 'string' ? schema.type : Array.isArray(schema.type) ? schema.type.join('|') : 'any';
    if (text === 'array' && schema.items && typeof schema.items === 'object') {
      const items = schemaText(schema.items as Record<string, unknown>);
      text = items.includes(' ') ? `(${items})[]` : `${items}[]`;
    }
    const min = schema.minimum ?? schema.exclusiveMinimum;
    const max = schema.maximum;
    // Zod writes the safe-integer bounds on every int; they say nothing to a reader.
    const shownMin = typeof min === 'number' && Math.abs(min) < 1e15 ? min : undefined;
    const shownMax = typeof max === 'number' && Math.abs(max) < 1e15 ? max : undefined;
    if (shownMin !== undefined || shownMax !== undefined) text += ` ${shownMin ?? ''}..${shownMax ?? ''}`;
  }
  if (schema.default !== undefined) text += ` = ${JSON.stringify(schema.default)}`;
  return text;
}

export interface NodeTypeTextOptions {
  /** Add each param's description (a longer entry, for describing one type). */
  descriptions?: boolean;
}

/**
 * One catalog entry as a few lines for a prompt: its type, title and description, its ports
 * and its params with their kinds, ranges and defaults; required params end in `*`.
 */
export function nodeTypeToText(info: NodeTypeInfo, options: NodeTypeTextOptions = {}): string {
  const inputs = info.inputs.map(portText);
  if (info.dynamicInputs) inputs.push(`one ${info.dynamicInputs.type} input per {{name}} in ${info.dynamicInputs.param}`);
  const lines = [
    `${info.type} — ${info.title} (${info.category}): ${info.description}`,
    `  (${inputs.join(', ')}) -> (${info.outputs.map(portText).join(', ')})`,
  ];
  const properties = (info.params.properties ?? {}) as Record<string, Record<string, unknown>>;
  const required = new Set(Array.isArray(info.params.required) ? (info.params.required as string[]) : []);
  const params = Object.entries(properties).map(([name, schema]) => {
    const description = options.descriptions && typeof schema.description === 'string' ? ` — ${schema.description}` : '';
    return `${name}${required.has(name) ? '*' : ''}: ${schemaText(schema)}${description}`;
  });
  if (params.length) {
    if (options.descriptions) lines.push('  params:', ...params.map((p) => `    ${p}`));
    else lines.push(`  params: ${params.join('; ')}`);
  }
  return lines.join('\n');
}
