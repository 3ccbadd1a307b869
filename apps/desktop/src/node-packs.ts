import { type NodePack, NodeRegistry } from '@adloom/engine';
import { pack as corePack } from '@adloom/nodes-core';
import { pack as imagePack } from '@adloom/nodes-image';
import { pack as pagePack } from '@adloom/nodes-page';
import { pack as textPack } from '@adloom/nodes-text';
import { pack as variantsPack } from '@adloom/nodes-variants';
import { pack as videoPack } from '@adloom/nodes-video';

/**
 * The packs that ship with Adloom, imported statically (unlike the CLI's load-registry.ts) so the
 * engine bundle carries them; the same list, in the same order.
 */
export const BUILT_IN_PACKS: readonly NodePack[] = [corePack, textPack, imagePack, videoPack, variantsPack, pagePack];

/** The built-in packs plus any listed in `ADLOOM_PACKS` (comma-separated module specifiers or paths). */
export async function loadNodePacks(env: NodeJS.ProcessEnv = process.env): Promise<NodeRegistry> {
  const registry = new NodeRegistry([...BUILT_IN_PACKS]);
  for (const specifier of (env.ADLOOM_PACKS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    await registry.loadPack(specifier);
  }
  return registry;
}
