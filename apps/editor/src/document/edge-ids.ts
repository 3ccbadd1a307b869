import type { GraphEdge } from '@adloom/graph';

/**
 * Ids for a graph's edges: `from->to`, which a valid graph never repeats; a repeated edge in a
 * hand-edited file gets `#2`, `#3`… so each still has its own id on the canvas.
 */
export function edgeIds(edges: readonly GraphEdge[]): string[] {
  const seen = new Map<string, number>();
  return edges.map((edge) => {
    const base = `${edge.from}->${edge.to}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base}#${count}`;
  });
}
