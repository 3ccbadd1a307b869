import type { GraphFile } from '@adloom/graph';

/**
 * A frame around some nodes, kept in `graph.ui.groups`. Its bounds are worked out from its
 * nodes, so it always encloses them and moves when they move. Entries of other shapes (from
 * another tool or a later version) are kept in the file untouched and not shown.
 */
export interface GraphGroup {
  [key: string]: unknown;
  id: string;
  title: string;
  nodes: string[];
  color?: string;
}

export function isGraphGroup(value: unknown): value is GraphGroup {
  if (typeof value !== 'object' || value === null) return false;
  const group = value as Partial<GraphGroup>;
  return (
    typeof group.id === 'string' &&
    typeof group.title === 'string' &&
    Array.isArray(group.nodes) &&
    group.nodes.every((id) => typeof id === 'string')
  );
}

/** The groups of a graph that the editor can show. */
export function groupsOf(graph: GraphFile): GraphGroup[] {
  return (graph.ui?.groups ?? []).filter(isGraphGroup);
}
