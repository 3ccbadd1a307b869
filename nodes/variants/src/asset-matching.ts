import type { ArtifactRef } from '@adloom/sdk';
import type { Variant } from './variant.ts';

export type MatchMethod = 'variantId' | 'position';

/** Why finished files could not be paired with variants, for the port that brought them. */
export class MatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MatchError';
  }
}

/** The variant a file names in its meta: `variantId` (page.landing), or `variant` (video.assemble). */
function variantIdOf(ref: ArtifactRef): string | undefined {
  const id = ref.meta?.variantId ?? ref.meta?.variant;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/**
 * Pairs finished files with the variants they were made for. An export node takes whole lists
 * and sees no lineage, so it relies on what the files themselves say:
 * 1. every file names its variant in `meta.variantId` (page.landing) or `meta.variant`
 *    (video.assemble): by that id, so a variant may have several files or none;
 * 2. otherwise one file per variant: by position. A node mapped over the variants keeps
 *    their order, so its n-th output belongs to the n-th variant.
 * Anything else is refused: guessing would put one variant's image on another's row.
 */
export function matchAssets(
  variants: readonly Variant[],
  assets: readonly ArtifactRef[],
): { method: MatchMethod; byVariant: Map<string, ArtifactRef[]> } {
  const byVariant = new Map<string, ArtifactRef[]>(variants.map((v) => [v.id, []]));
  const ids = assets.map(variantIdOf);
  if (assets.length > 0 && ids.every((id) => id !== undefined)) {
    ids.forEach((id, i) => {
      const list = byVariant.get(id as string);
      if (!list) {
        throw new MatchError(`file ${i + 1} says it belongs to variant "${id}", which is not one of the variants`);
      }
      list.push(assets[i] as ArtifactRef);
    });
    return { method: 'variantId', byVariant };
  }
  if (assets.length === variants.length) {
    for (const [i, asset] of assets.entries()) byVariant.get((variants[i] as Variant).id)?.push(asset);
    return { method: 'position', byVariant };
  }
  throw new MatchError(
    `got ${assets.length} file${assets.length === 1 ? '' : 's'} for ${variants.length} variants, and not every file names its variant (meta.variantId); make one per variant by mapping over the variants, so they pair by position`,
  );
}
