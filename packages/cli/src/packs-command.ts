import { parseArgs } from 'node:util';
import { loadCatalog } from './load-registry.ts';
import type { Io } from './main.ts';
import { EXIT } from './usage-error.ts';

/** `adloom packs [--json]`: every node pack this folder's runs would load, and why any could not. */
export async function packsCommand(args: readonly string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: { json: { type: 'boolean', default: false } }, strict: true });
  const packs = (await loadCatalog()).packs ?? [];
  if (values.json) {
    io.stdout.write(`${JSON.stringify(packs, null, 2)}\n`);
    return EXIT.ok;
  }
  for (const pack of packs) {
    const version = pack.version ? `@${pack.version}` : '';
    const api = pack.apiVersion !== undefined ? `, pack API ${pack.apiVersion}` : '';
    io.stdout.write(`${pack.name}${version} (${pack.origin}${api})\n`);
    if (pack.error) io.stdout.write(`  could not load: ${pack.error}\n`);
    else io.stdout.write(`  ${pack.nodeTypes.join(', ')}\n`);
  }
  return EXIT.ok;
}
