/** Where an item came from: for each list it was picked from, the node and the index in it. */
export type Lineage = readonly (readonly [nodeId: string, index: number])[];

/** Union of lineages, each source node once, in first-seen order. */
export function mergeLineage(...lineages: Lineage[]): Lineage {
  if (lineages.length === 1) return lineages[0] as Lineage;
  const out: [string, number][] = [];
  const seen = new Set<string>();
  for (const lineage of lineages) {
    for (const [nodeId, index] of lineage) {
      if (!seen.has(nodeId)) {
        seen.add(nodeId);
        out.push([nodeId, index]);
      }
    }
  }
  return out;
}

/** `copy[1]/image[0]`: how a lineage reads in events and the manifest; empty for none. */
export function lineageKey(lineage: Lineage): string {
  return lineage.map(([nodeId, index]) => `${nodeId}[${index}]`).join('/');
}

/** `copy1-image0`: a lineage as a piece of a file name. */
export function lineageSlug(lineage: Lineage): string {
  return lineage.map(([nodeId, index]) => `${nodeId}${index}`).join('-');
}

/** Whether two lineages could be the same item's: no source node picked at two different indices. */
export function isSameBranch(a: Lineage, b: Lineage): boolean {
  for (const [nodeId, index] of a) {
    for (const [otherId, otherIndex] of b) if (nodeId === otherId && index !== otherIndex) return false;
  }
  return true;
}
