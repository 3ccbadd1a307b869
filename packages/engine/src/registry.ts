import type { Catalog, PackInfo } from '@adloom/graph';
import type { NodeDefinition, NodePack } from '@adloom/sdk';

/** The node types a host knows, from the packs it loaded. */
export class NodeRegistry {
  private readonly types = new Map<string, NodeDefinition>();
  readonly packs: string[] = [];
  /** The packs as the loader found them, those that failed included (`loadPacks`). */
  readonly packInfo: PackInfo[] = [];

  constructor(packs: NodePack[] = []) {
    for (const pack of packs) this.addPack(pack);
  }

  /** Adds every node type of a pack, or none: a type another pack has already is refused. */
  addPack(pack: NodePack): this {
    for (const node of pack.nodes) {
      if (this.types.has(node.type)) throw new Error(`node pack "${pack.name}": node type "${node.type}" is already registered`);
    }
    for (const node of pack.nodes) this.types.set(node.type, node);
    this.packs.push(pack.name);
    return this;
  }

  /** Imports a pack module by specifier or path; it must export `pack`. */
  async loadPack(specifier: string): Promise<this> {
    const module = (await import(specifier)) as { pack?: NodePack; default?: NodePack };
    const pack = module.pack ?? module.default;
    if (!pack || !Array.isArray(pack.nodes)) throw new Error(`"${specifier}" is not an Adloom node pack: it exports no \`pack\``);
    return this.addPack(pack);
  }

  get(type: string): NodeDefinition | undefined {
    return this.types.get(type);
  }

  /** The catalog the editor and validation read: every type's ports, params schema and hints. */
  catalog(): Catalog {
    const nodes: Catalog['nodes'] = {};
    for (const [type, node] of this.types) nodes[type] = node.info;
    return this.packInfo.length ? { nodes, packs: this.packInfo } : { nodes };
  }
}
