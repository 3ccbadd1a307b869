import { areTouching, type GraphFile, type GraphOp, heightOf, type NodeBox } from '@adloom/graph';

type NamedBox = NodeBox & { id: string };

export const boxesOfOps = (ops: readonly GraphOp[]): NamedBox[] =>
  ops.flatMap((op) => (op.op === 'addNode' && op.at ? [{ id: op.id ?? '', ...op.at, height: heightOf(op.type) }] : []));

export const boxesOfGraph = (graph: GraphFile, ids = Object.keys(graph.nodes)): NamedBox[] =>
  ids.flatMap((id) => {
    const node = graph.nodes[id];
    return node?.ui ? [{ id, x: node.ui.x, y: node.ui.y, height: heightOf(node.type) }] : [];
  });

/** The nodes of `boxes` that come closer than the gap to one of `others`, in words; none is what a test wants. */
export const touchingNodes = (boxes: readonly NamedBox[], others: readonly NamedBox[] = boxes): string[] =>
  boxes.flatMap((a) =>
    others
      .filter((b) => a.id !== b.id && areTouching(a, b))
      .map((b) => `${a.id} (${a.x}, ${a.y}) touches ${b.id} (${b.x}, ${b.y})`),
  );
