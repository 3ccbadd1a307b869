import { loadPacks, type NodePack, type NodeRegistry } from '@adloom/engine';
import { pack as corePack } from '@adloom/nodes-core';
import { pack as imagePack } from '@adloom/nodes-image';
import { pack as pagePack } from '@adloom/nodes-page';
import { pack as textPack } from '@adloom/nodes-text';
import { pack as variantsPack } from '@adloom/nodes-variants';
import { pack as videoPack } from '@adloom/nodes-video';

/**
 * The packs that ship with the app, imported statically so the engine bundle carries them
 * (the command line finds the same packs through their package.json instead).
 */
export const BUILT_IN_PACKS: readonly NodePack[] = [corePack, textPack, imagePack, videoPack, variantsPack, pagePack];

/** The built-in packs, the workspace's, and any in `ADLOOM_PACKS`; one that fails is reported, not fatal. */
export function loadNodePacks(workspace: string, env: NodeJS.ProcessEnv = process.env): Promise<NodeRegistry> {
  return loadPacks({ bundled: BUILT_IN_PACKS, workspace, extra: env.ADLOOM_PACKS });
}
