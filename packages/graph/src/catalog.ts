import type { PortSpec } from './port-types.ts';

/** UI hints for one param, carried in the catalog beside its JSON Schema. */
export interface ParamHint {
  multiline?: boolean;
  /** Labels for enum values, keyed by value. */
  enumLabels?: Record<string, string>;
  step?: number;
  /** For file params: accepted extensions, e.g. `['png', 'jpg']`. */
  fileFilters?: string[];
  color?: boolean;
  /** The param names a provider, a model, ... the editor offers a picker for. */
  picker?: 'provider' | 'model' | 'font' | 'preset';
  placeholder?: string;
}

/**
 * Ports that a param shapes, as data so the editor can work them out too:
 * `placeholders` adds one input of `type` per `{{name}}` found in the param's text.
 */
export interface DynamicPorts {
  kind: 'placeholders';
  param: string;
  type: PortSpec['type'];
}

/** What the catalog says about one node type: serialisable, the same in the browser and in Node. */
export interface NodeTypeInfo {
  type: string;
  version: number;
  title: string;
  category: string;
  description: string;
  inputs: PortSpec[];
  outputs: PortSpec[];
  dynamicInputs?: DynamicPorts;
  /** JSON Schema (draft 2020-12) of the params object. */
  params: Record<string, unknown>;
  paramHints: Record<string, ParamHint>;
  deterministic: boolean;
  /** An `input.*` node: its `name` param is a graph input that `--input name=value` sets. */
  isGraphInput?: boolean;
}

/** A node pack as a host found it: what it brought, or why it could not load. */
export interface PackInfo {
  name: string;
  version?: string;
  apiVersion?: number;
  /** Where it was found: shipped with the host, the workspace's packs or node_modules, ADLOOM_PACKS. */
  origin: 'built-in' | 'workspace' | 'node_modules' | 'ADLOOM_PACKS';
  nodeTypes: string[];
  /** The secrets its providers read (environment variable names), for the host's secret store. */
  secrets?: { name: string; description?: string }[];
  /** Why it could not load; its node types then show as placeholders. */
  error?: string;
}

export interface Catalog {
  nodes: Record<string, NodeTypeInfo>;
  /** The packs behind `nodes`, and those that failed to load. */
  packs?: PackInfo[];
}

/**
 * The catalog entry of a node type, or `undefined`. Reads own keys only: a graph may name any
 * type, and `toString` or `constructor` must not find Object's prototype.
 */
export function findNodeType(catalog: Catalog, type: string): NodeTypeInfo | undefined {
  return Object.hasOwn(catalog.nodes, type) ? catalog.nodes[type] : undefined;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** The distinct `{{name}}` placeholders of a template, in order of first appearance. */
export function findPlaceholders(template: string): string[] {
  const names: string[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1] as string;
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

/** The input ports a node has with these params: its fixed inputs plus any that params shape. */
export function resolveInputs(info: NodeTypeInfo, params: Record<string, unknown> | undefined): PortSpec[] {
  const dynamic = info.dynamicInputs;
  if (!dynamic) return info.inputs;
  const source = params?.[dynamic.param];
  if (typeof source !== 'string') return info.inputs;
  const fixed = new Set(info.inputs.map((port) => port.name));
  const extra = findPlaceholders(source)
    .filter((name) => !fixed.has(name))
    .map((name): PortSpec => ({ name, type: dynamic.type }));
  return [...info.inputs, ...extra];
}
