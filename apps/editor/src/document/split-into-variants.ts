import { type Catalog, findNodeType, type GraphFile } from '@adloom/graph';
import type { Draft } from 'immer';
import type { ListMismatch } from '../run/list-lengths.ts';
import { uniqueNodeId } from './node-ids.ts';

export const SPLIT_TYPE = 'variants.split';
export const UNPACK_TYPE = 'variants.unpack';

/**
 * The fix for lists of different lengths on one node: a Split into variants node takes every
 * list (all combinations), an Unpack variant node hands each variant's parts to the node, which
 * then maps over the variants. A pure recipe for `change`; `null` when the catalog lacks the
 * variant nodes or they have no port for one of the lists.
 */
export function splitIntoVariants(
  graph: GraphFile,
  mismatch: ListMismatch,
  catalog: Catalog,
  /** Where the two new nodes go; by default below the node, side by side. */
  place?: (wanted: { x: number; y: number }) => { x: number; y: number },
): { recipe: (draft: Draft<GraphFile>) => void; splitId: string; unpackId: string } | null {
  const split = findNodeType(catalog, SPLIT_TYPE);
  const unpack = findNodeType(catalog, UNPACK_TYPE);
  const target = graph.nodes[mismatch.nodeId];
  if (!split || !unpack || !target) return null;
  const variantsOut = split.outputs.find((o) => o.type === 'variant' && o.list);
  const variantIn = unpack.inputs.find((i) => i.type === 'variant');
  if (!variantsOut || !variantIn) return null;
  const used = new Set<string>();
  const wiring: { from: string; factor: string; part: string; to: string }[] = [];
  for (const input of mismatch.inputs) {
    const factor = split.inputs.find((p) => p.list && p.type === input.type && !used.has(p.name));
    const part = unpack.outputs.find((p) => p.type === input.type && !p.list);
    if (!factor || !part) return null;
    used.add(factor.name);
    wiring.push({ from: input.from, factor: factor.name, part: part.name, to: `${mismatch.nodeId}.${input.port}` });
  }
  const taken = (id: string) => Object.hasOwn(graph.nodes, id);
  const splitId = uniqueNodeId('split', taken);
  const unpackId = uniqueNodeId('unpack', (id) => taken(id) || id === splitId);
  const x = target.ui?.x ?? 0;
  const y = target.ui?.y ?? 0;
  const rewired = new Set(wiring.map((w) => w.to));
  const at = place ?? ((wanted) => wanted);
  const splitAt = at({ x: Math.round(x - 340), y: Math.round(y + 280) });
  const unpackAt = at({ x: splitAt.x + 340, y: splitAt.y });
  const recipe = (draft: Draft<GraphFile>) => {
    draft.nodes[splitId] = { type: SPLIT_TYPE, params: {}, ui: { x: Math.round(splitAt.x), y: Math.round(splitAt.y) } };
    draft.nodes[unpackId] = { type: UNPACK_TYPE, params: {}, ui: { x: Math.round(unpackAt.x), y: Math.round(unpackAt.y) } };
    draft.edges = draft.edges.filter((edge) => !rewired.has(edge.to));
    for (const w of wiring) draft.edges.push({ from: w.from, to: `${splitId}.${w.factor}` });
    draft.edges.push({ from: `${splitId}.${variantsOut.name}`, to: `${unpackId}.${variantIn.name}` });
    for (const w of wiring) draft.edges.push({ from: `${unpackId}.${w.part}`, to: w.to });
  };
  return { recipe, splitId, unpackId };
}
