import type { GraphFile, GraphOp } from '@adloom/graph';

/**
 * How tall each node the recipes place is on the editor's canvas, in px at zoom 1, measured in
 * Chromium (header, ports, two params, the results area; the same before and after a run).
 */
export const NODE_HEIGHTS: Record<string, number> = {
  'input.text': 128,
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
/** The editor's node width, and the least room a recipe leaves between two nodes. */
export const NODE_WIDTH = 260;
export const NODE_GAP = 40;
const TALLEST = Math.max(...Object.values(NODE_HEIGHTS));
/** A type not measured counts as the tallest. */
export const heightOf = (type: string) => NODE_HEIGHTS[type] ?? TALLEST;
/** From one column of a pipeline to the next. */
export const COLUMN = NODE_WIDTH + 80;

export interface NodeBox {
  x: number;
  y: number;
  height: number;
}

/** Whether two nodes come closer than the gap, on the canvas. */
export const areTouching = (a: NodeBox, b: NodeBox) =>
  Math.abs(a.x - b.x) < NODE_WIDTH + NODE_GAP && a.y < b.y + b.height + NODE_GAP && b.y < a.y + a.height + NODE_GAP;

/**
 * A place for a new node of `type` right of `near` (a node of the graph or one planned), moved
 * down until it touches no node of the graph and none planned: graph ops' own `near` knows no
 * heights, and an overlay is almost twice as tall as it reckons.
 */
export function placeNear(graph: GraphFile, planned: readonly GraphOp[], near: string, type: string): { x: number; y: number } {
  const boxes: NodeBox[] = Object.values(graph.nodes).flatMap((node) =>
    node.ui ? [{ ...node.ui, height: heightOf(node.type) }] : [],
  );
  let from = Object.hasOwn(graph.nodes, near) ? graph.nodes[near]?.ui : undefined;
  for (const op of planned) {
    if (op.op !== 'addNode' || !op.at) continue;
    boxes.push({ ...op.at, height: heightOf(op.type) });
    if (op.id === near) from = op.at;
  }
  const place = { x: (from?.x ?? 0) + COLUMN, y: from?.y ?? 0, height: heightOf(type) };
  while (boxes.some((box) => areTouching(box, place))) place.y += NODE_GAP / 2;
  return { x: place.x, y: place.y };
}
