import type { NodeTypeInfo } from './catalog.ts';
import type { PortSpec } from './port-types.ts';
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

/**
 * A node type as a catalog lists it, from its ports: no params, deterministic, titled by its
 * type in the category "Test", unless `more` says otherwise. For tests that need a catalog.
 */
export function nodeTypeFrom(
  type: string,
  inputs: PortSpec[],
  outputs: PortSpec[],
  more: Partial<NodeTypeInfo> = {},
): NodeTypeInfo {
  return {
    type,
    version: 1,
    title: type,
    category: 'Test',
    description: '',
    inputs,
    outputs,
    params: { type: 'object', properties: {} },
    paramHints: {},
    deterministic: true,
    ...more,
  };
}
