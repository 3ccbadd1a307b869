import type { GraphFile, GraphOp } from '@adloom/graph';
import { heightOf, NODE_GAP, NODE_WIDTH } from '../src/pipeline-recipe.ts';

/** A node's box on the canvas: its place, and its height as measured for its type. */
export interface NodeBox {
  id: string;
  x: number;
  y: number;
  height: number;
}

export const boxesOfOps = (ops: readonly GraphOp[]): NodeBox[] =>
  ops.flatMap((op) => (op.op === 'addNode' && op.at ? [{ id: op.id ?? '', ...op.at, height: heightOf(op.type) }] : []));

export const boxesOfGraph = (graph: GraphFile, ids = Object.keys(graph.nodes)): NodeBox[] =>
  ids.flatMap((id) => {
    const node = graph.nodes[id];
    return node?.ui ? [{ id, x: node.ui.x, y: node.ui.y, height: heightOf(node.type) }] : [];
  });

/** Pairs of boxes closer than the gap the canvas keeps between nodes, in words; none is what a test wants. */
export function touchingBoxes(boxes: readonly NodeBox[], others: readonly NodeBox[] = boxes): string[] {
  return boxes.flatMap((a) =>
    others
      .filter((b) => a.id !== b.id)
      .filter(
        (b) => Math.abs(a.x - b.x) < NODE_WIDTH + NODE_GAP && a.y < b.y + b.height + NODE_GAP && b.y < a.y + a.height + NODE_GAP,
      )
      .map((b) => `${a.id} (${a.x}, ${a.y}) touches ${b.id} (${b.x}, ${b.y})`),
  );
}
