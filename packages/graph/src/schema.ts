import { z } from 'zod';

/** The graph file format version this build writes. Older files migrate forward on load. */
export const GRAPH_FORMAT_VERSION = 1;

export const NODE_ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;

const position = z.looseObject({ x: z.number(), y: z.number() });

export const graphNodeSchema = z.looseObject({
  type: z.string().min(1),
  /** The node type version the params were written for. */
  version: z.number().int().positive().optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  ui: position.optional(),
});

export const graphEdgeSchema = z.looseObject({
  from: z.string(),
  to: z.string(),
});

export const graphUiSchema = z.looseObject({
  viewport: z.looseObject({ x: z.number(), y: z.number(), zoom: z.number().positive() }).optional(),
  groups: z.array(z.looseObject({})).optional(),
});

export const graphFileSchema = z.looseObject({
  adloom: z.literal(GRAPH_FORMAT_VERSION),
  name: z.string(),
  description: z.string().optional(),
  nodes: z.record(z.string(), graphNodeSchema),
  edges: z.array(graphEdgeSchema),
  ui: graphUiSchema.optional(),
});

export type GraphNode = z.infer<typeof graphNodeSchema>;
export type GraphEdge = z.infer<typeof graphEdgeSchema>;
export type GraphFile = z.infer<typeof graphFileSchema>;

// Loading's quick path: the schemas above, written out by hand for files that meet them
// plainly. A change to a schema above needs the same change below.
type Plain = Record<string, unknown>;

/** A plain object (what JSON.parse makes) with no key named `__proto__` and no `undefined` value. */
function isPlain(value: unknown): value is Plain {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return false;
  if (Object.hasOwn(value, '__proto__')) return false;
  for (const key in value) if ((value as Plain)[key] === undefined) return false;
  return true;
}

/** A copy of `value` as zod's loose objects give it: the `known` keys present, in that order, then the rest. */
function looseCopy(value: Plain, known: readonly string[], read: (key: string, item: unknown) => unknown): Plain {
  const out: Plain = {};
  for (const key of known) if (Object.hasOwn(value, key)) out[key] = read(key, value[key]);
  for (const key in value) if (!Object.hasOwn(out, key)) out[key] = value[key];
  return out;
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const NOT_PLAIN = Symbol('not plain');
const isPosition = (value: unknown): value is Plain => isPlain(value) && isNumber(value.x) && isNumber(value.y);
const isViewport = (value: unknown) => isPosition(value) && isNumber(value.zoom) && value.zoom > 0;

function plainNode(value: unknown): GraphNode | typeof NOT_PLAIN {
  if (!isPlain(value) || typeof value.type !== 'string' || value.type.length === 0) return NOT_PLAIN;
  const { version, params, ui } = value;
  if (version !== undefined && !(Number.isSafeInteger(version) && (version as number) > 0)) return NOT_PLAIN;
  if (params !== undefined && !isPlain(params)) return NOT_PLAIN;
  if (ui !== undefined && !isPosition(ui)) return NOT_PLAIN;
  return looseCopy(value, ['type', 'version', 'params', 'ui'], (key, item) =>
    key === 'params' ? { ...(item as Plain) } : key === 'ui' ? looseCopy(item as Plain, ['x', 'y'], (_, v) => v) : item,
  ) as GraphNode;
}

function plainUi(value: unknown): Plain | typeof NOT_PLAIN {
  if (!isPlain(value)) return NOT_PLAIN;
  const { viewport, groups } = value;
  if (viewport !== undefined && !isViewport(viewport)) return NOT_PLAIN;
  if (groups !== undefined && !(Array.isArray(groups) && groups.every(isPlain))) return NOT_PLAIN;
  return looseCopy(value, ['viewport', 'groups'], (key, item) =>
    key === 'viewport'
      ? looseCopy(item as Plain, ['x', 'y', 'zoom'], (_, v) => v)
      : (item as Plain[]).map((group) => ({ ...group })),
  );
}

/**
 * The graph `graphFileSchema` makes of a well-formed file, equal to its output key for key
 * and in the same order, or `undefined` for anything else, which then goes to the schema for
 * its reasons. Zod's general walk was most of the time a 1,000-node file took to load.
 */
export function parsePlainGraphFile(value: unknown): GraphFile | undefined {
  if (!isPlain(value) || value.adloom !== GRAPH_FORMAT_VERSION || typeof value.name !== 'string') return undefined;
  if (value.description !== undefined && typeof value.description !== 'string') return undefined;
  if (!isPlain(value.nodes) || !Array.isArray(value.edges)) return undefined;
  const nodes: Record<string, GraphNode> = {};
  for (const id in value.nodes) {
    const node = plainNode(value.nodes[id]);
    if (node === NOT_PLAIN) return undefined;
    nodes[id] = node;
  }
  const edges: GraphEdge[] = [];
  for (const edge of value.edges) {
    if (!isPlain(edge) || typeof edge.from !== 'string' || typeof edge.to !== 'string') return undefined;
    edges.push(looseCopy(edge, ['from', 'to'], (_, v) => v) as GraphEdge);
  }
  const ui = value.ui === undefined ? undefined : plainUi(value.ui);
  if (ui === NOT_PLAIN) return undefined;
  return looseCopy(value, ['adloom', 'name', 'description', 'nodes', 'edges', 'ui'], (key, item) =>
    key === 'nodes' ? nodes : key === 'edges' ? edges : key === 'ui' ? ui : item,
  ) as GraphFile;
}
