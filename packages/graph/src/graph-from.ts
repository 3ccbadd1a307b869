import type { GraphFile } from './schema.ts';

/**
 * A graph from a shorthand: `{ id: [type, params?] }` and edges written `'a.text -> b.brief'`.
 * For tests and scripts that build graphs in code; the result still goes through validation
 * like any file.
 */
export function graphFrom(
  nodes: Record<string, [type: string, params?: Record<string, unknown>]>,
  edges: readonly string[] = [],
  name = 'test graph',
): GraphFile {
  return {
    adloom: 1,
    name,
    nodes: Object.fromEntries(Object.entries(nodes).map(([id, [type, params]]) => [id, params ? { type, params } : { type }])),
    edges: edges.map((edge) => {
      const [from = '', to = ''] = edge.split('->').map((end) => end.trim());
      return { from, to };
    }),
  };
}
