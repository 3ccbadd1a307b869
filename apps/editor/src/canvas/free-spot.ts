import { areTouching, type NodeBox } from '@adloom/graph';

/**
 * Where a new node of this size goes: at `wanted` when nothing is there, else the nearest
 * place around it (rings of growing radius, in steps of a third of the node) that touches no
 * other node (NODE_GAP apart, as node-boxes has it), so a node added by the palette, a
 * double-click, a drop or Enter never lands on top of another. Only boxes near `wanted` are
 * compared, so a large graph costs little.
 */
export function freeSpot(
  wanted: { x: number; y: number },
  size: { width: number; height: number },
  others: readonly Required<NodeBox>[],
): {
  x: number;
  y: number;
} {
  const reach = Math.max(size.width, size.height) * 12;
  const near = others.filter((b) => Math.abs(b.x - wanted.x) < reach + b.width && Math.abs(b.y - wanted.y) < reach + b.height);
  const fits = (x: number, y: number) => !near.some((b) => areTouching({ x, y, ...size }, b));
  if (fits(wanted.x, wanted.y)) return wanted;
  const stepX = Math.round(size.width / 3);
  const stepY = Math.round(size.height / 3);
  for (let ring = 1; ring <= 36; ring++) {
    let best: { x: number; y: number; d: number } | null = null;
    for (let i = -ring; i <= ring; i++) {
      for (const [dx, dy] of [
        [i, -ring],
        [i, ring],
        [-ring, i],
        [ring, i],
      ] as const) {
        const x = wanted.x + dx * stepX;
        const y = wanted.y + dy * stepY;
        const d = (dx * stepX) ** 2 + (dy * stepY) ** 2;
        if ((!best || d < best.d) && fits(x, y)) best = { x, y, d };
      }
    }
    if (best) return { x: best.x, y: best.y };
  }
  return wanted;
}
