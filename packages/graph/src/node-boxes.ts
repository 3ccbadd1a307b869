import type { GraphFile, GraphNode } from './schema.ts';

/**
 * How tall each built-in node is on the editor's canvas, in px at zoom 1, measured in Chromium
 * (header, ports, two params, the results area; the same before and after a run).
 */
const NODE_HEIGHTS: Record<string, number> = {
  'input.text': 128,
  'input.json': 128,
  'input.image': 128,
  'json.pick': 218,
  'llm.adCopy': 234,
  'text.template': 200,
  'image.generate': 288,
  'variants.split': 344,
  'variants.unpack': 351,
  'image.fit': 266,
  'image.overlay': 336,
  'image.export': 266,
  'video.assemble': 354,
  'page.landing': 354,
  'variants.export': 376,
};
/** The editor's node width, and the least room left between two nodes. */
export const NODE_WIDTH = 260;
export const NODE_GAP = 40;
/** From one column of nodes to the next. */
export const NODE_COLUMN = NODE_WIDTH + 80;
const TALLEST = Math.max(...Object.values(NODE_HEIGHTS));
/** How tall a node of `type` is on the canvas; a type not measured counts as the tallest. */
export const heightOf = (type: string): number => NODE_HEIGHTS[type] ?? TALLEST;

/** A node's place on the canvas and its size; `width` is NODE_WIDTH when not given. */
export interface NodeBox {
  x: number;
  y: number;
  height: number;
  width?: number;
}

/** Whether two nodes come closer than the gap, on the canvas. */
export const areTouching = (a: NodeBox, b: NodeBox): boolean =>
  a.x < b.x + (b.width ?? NODE_WIDTH) + NODE_GAP &&
  b.x < a.x + (a.width ?? NODE_WIDTH) + NODE_GAP &&
  a.y < b.y + b.height + NODE_GAP &&
  b.y < a.y + a.height + NODE_GAP;

/**
 * A place for a new node of `type`: right of `near` (or of everything, at the top), moved down
 * until it touches no node, each as tall as it is on the canvas.
 */
export function freePlace(graph: GraphFile, type: string, near?: GraphNode): { x: number; y: number } {
  const boxes = Object.values(graph.nodes).flatMap((node) => (node.ui ? [{ ...node.ui, height: heightOf(node.type) }] : []));
  const place = near?.ui
    ? { x: near.ui.x + NODE_COLUMN, y: near.ui.y, height: heightOf(type) }
    : boxes.length
      ? { x: Math.max(...boxes.map((b) => b.x)) + NODE_COLUMN, y: Math.min(...boxes.map((b) => b.y)), height: heightOf(type) }
      : { x: 0, y: 0, height: heightOf(type) };
  while (boxes.some((box) => areTouching(box, place))) place.y += NODE_GAP / 2;
  return { x: place.x, y: place.y };
}
