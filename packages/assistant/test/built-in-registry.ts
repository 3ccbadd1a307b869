import { NodeRegistry } from '@adloom/engine';

/** The built-in node packs, as a host loads them: the live catalog the assistant works against. */
export async function builtInRegistry(): Promise<NodeRegistry> {
  const registry = new NodeRegistry();
  for (const pack of [
    '@adloom/nodes-core',
    '@adloom/nodes-text',
    '@adloom/nodes-image',
    '@adloom/nodes-video',
    '@adloom/nodes-variants',
    '@adloom/nodes-page',
  ]) {
    await registry.loadPack(pack);
  }
  return registry;
}
