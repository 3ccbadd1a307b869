import type { ArtifactLike, RunState } from './run-state.ts';

/** `split[3]/fit[1]` → `[['split', 3], ['fit', 1]]`. */
function lineageOf(key: string | undefined): [string, number][] {
  if (!key) return [];
  const parts: [string, number][] = [];
  for (const part of key.split('/')) {
    const match = /^(.+)\[(\d+)\]$/.exec(part);
    if (match) parts.push([match[1] as string, Number(match[2])]);
  }
  return parts;
}

/** The variant's own id (`c2-i1`) when the lineage passes through a node whose output lists variants. */
function variantIdOf(run: Pick<RunState, 'nodes'>, lineage: [string, number][]): string | undefined {
  for (const [nodeId, index] of lineage) {
    const outputs = run.nodes[nodeId]?.outputs;
    if (!outputs) continue;
    for (const value of Object.values(outputs)) {
      const item = Array.isArray(value) ? value[index] : undefined;
      const id = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined;
      if (typeof id === 'string' && (item as { levels?: unknown }).levels !== undefined) return id;
      if (typeof id === 'string' && /^[a-z]\d+(-[a-z]\d+)*$/.test(id)) return id;
    }
  }
  return undefined;
}

/**
 * How a person tells one result of a list from another: its variant id and its format
 * (`c2-i1 · tiktok-9x16`), else where it sits (`overlay.image[3]`).
 */
export function itemLabel(
  run: Pick<RunState, 'nodes'>,
  nodeId: string,
  port: string,
  index: number,
  artifact: Pick<ArtifactLike, 'meta'> | undefined,
): string {
  const key = run.nodes[nodeId]?.itemKeys?.[index];
  const variant = variantIdOf(run, lineageOf(key));
  const preset = typeof artifact?.meta?.preset === 'string' ? artifact.meta.preset : undefined;
  const parts = [variant, preset].filter((p): p is string => !!p);
  return parts.length ? parts.join(' · ') : `${nodeId}.${port}[${index}]`;
}
