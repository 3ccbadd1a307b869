import { NodeRegistry } from '@adloom/engine';

/** The node packs that ship with Adloom. */
const BUILT_IN_PACKS = [
  '@adloom/nodes-core',
  '@adloom/nodes-text',
  '@adloom/nodes-image',
  '@adloom/nodes-video',
  '@adloom/nodes-variants',
  '@adloom/nodes-page',
];

/**
 * A registry of the built-in packs plus any listed in `ADLOOM_PACKS` (comma-separated module
 * specifiers or paths), the way a host learns the node catalog at run time.
 */
export async function loadRegistry(env: NodeJS.ProcessEnv = process.env): Promise<NodeRegistry> {
  const registry = new NodeRegistry();
  for (const specifier of BUILT_IN_PACKS) {
    const module = (await import(specifier)) as { pack?: unknown };
    if (module.pack) await registry.loadPack(specifier);
  }
  for (const specifier of (env.ADLOOM_PACKS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    await registry.loadPack(specifier);
  }
  return registry;
}
