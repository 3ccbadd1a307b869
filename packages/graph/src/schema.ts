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
