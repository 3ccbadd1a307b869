import { NODE_WIDTH } from '@adloom/graph';
import type { Node } from '@xyflow/react';

/** A node's height before React Flow has measured it (about a node with two ports). */
const UNMEASURED_HEIGHT = 160;

/**
 * The least zoom a graph opens at. Below it even the overview's large titles are noise (a
 * 100-node graph fitted at 12%); a graph that only fits further out opens here instead, at
 * its top-left corner, where its inputs usually are.
 */
export const READABLE_FIT_ZOOM = 0.2;
/** Graphs up to this many nodes have the overview (see canvas.tsx); larger ones open fitted whole. */
const READABLE_FIT_NODES = 150;

/** How a graph opens when its saved view is no use: all of it, with room around it. */
export const FIT_WHOLE_GRAPH = { padding: 0.15, maxZoom: 1, minZoom: 0.02 } as const;

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/**
 * Whether a canvas of `size` screen pixels at `viewport` shows every node whole. A file saved
 * by another program, edited by hand, or saved on a bigger screen may keep a view of empty
 * space, of a corner of the graph, or one with a node cut by the canvas edge (under the
 * inspector); opening it should show the whole graph.
 */
export function showsEveryNode(
  nodes: readonly Pick<Node, 'position' | 'measured' | 'width' | 'height'>[],
  viewport: Viewport,
  size: { width: number; height: number },
): boolean {
  if (!(viewport.zoom > 0)) return false;
  const left = -viewport.x / viewport.zoom;
  const top = -viewport.y / viewport.zoom;
  const right = left + size.width / viewport.zoom;
  const bottom = top + size.height / viewport.zoom;
  return nodes.every((node) => {
    const width = node.measured?.width ?? node.width ?? NODE_WIDTH;
    const height = node.measured?.height ?? node.height ?? UNMEASURED_HEIGHT;
    const { x, y } = node.position;
    return x >= left && x + width <= right && y >= top && y + height <= bottom;
  });
}

/**
 * The viewport that fits every node in a canvas of `size`, as React Flow's `fitView` with
 * FIT_WHOLE_GRAPH would, but worked out from the nodes' known positions: right after a file
 * opens React Flow has not measured them yet, and its own fit would use the nodes it has.
 */
export function viewportFitting(
  nodes: readonly Pick<Node, 'position' | 'measured' | 'width' | 'height'>[],
  size: { width: number; height: number },
): Viewport | null {
  if (!nodes.length || !size.width || !size.height) return null;
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const node of nodes) {
    minX = Math.min(minX, node.position.x);
    minY = Math.min(minY, node.position.y);
    maxX = Math.max(maxX, node.position.x + (node.measured?.width ?? node.width ?? NODE_WIDTH));
    maxY = Math.max(maxY, node.position.y + (node.measured?.height ?? node.height ?? UNMEASURED_HEIGHT));
  }
  const { padding, maxZoom, minZoom } = FIT_WHOLE_GRAPH;
  const fit = Math.min(size.width / ((maxX - minX) * (1 + 2 * padding)), size.height / ((maxY - minY) * (1 + 2 * padding)));
  const zoom = Math.max(minZoom, Math.min(maxZoom, fit));
  if (zoom < READABLE_FIT_ZOOM && nodes.length <= READABLE_FIT_NODES) {
    const margin = 40;
    return { x: margin - minX * READABLE_FIT_ZOOM, y: margin - minY * READABLE_FIT_ZOOM, zoom: READABLE_FIT_ZOOM };
  }
  return {
    x: size.width / 2 - ((minX + maxX) / 2) * zoom,
    y: size.height / 2 - ((minY + maxY) / 2) * zoom,
    zoom,
  };
}
