import type { Node } from '@xyflow/react';
import { NODE_WIDTH } from './flow-store.ts';

/** A node's height before React Flow has measured it (about a node with two ports). */
const UNMEASURED_HEIGHT = 160;

/** How a graph opens when its saved view is no use: all of it, with room around it. */
export const FIT_WHOLE_GRAPH = { padding: 0.15, maxZoom: 1, minZoom: 0.02 } as const;

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/**
 * Whether a canvas of `size` screen pixels at `viewport` shows at least part of one node.
 * A file saved by another program, or edited by hand, may keep a view of empty space.
 */
export function showsAnyNode(
  nodes: readonly Pick<Node, 'position' | 'measured' | 'width' | 'height'>[],
  viewport: Viewport,
  size: { width: number; height: number },
): boolean {
  if (!(viewport.zoom > 0)) return false;
  const left = -viewport.x / viewport.zoom;
  const top = -viewport.y / viewport.zoom;
  const right = left + size.width / viewport.zoom;
  const bottom = top + size.height / viewport.zoom;
  return nodes.some((node) => {
    const width = node.measured?.width ?? node.width ?? NODE_WIDTH;
    const height = node.measured?.height ?? node.height ?? UNMEASURED_HEIGHT;
    const { x, y } = node.position;
    return x < right && x + width > left && y < bottom && y + height > top;
  });
}
