import { parseArgs } from 'node:util';
// The one function it needs, not the whole graph package with zod: adloom nodes starts faster.
import { formatPortType } from '@adloom/graph/port-types';
import { loadCatalog } from './load-registry.ts';
import type { Io } from './main.ts';
import { EXIT } from './usage-error.ts';

/** `adloom nodes [--json]`: the node catalog, by category. */
export async function nodesCommand(args: readonly string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: { json: { type: 'boolean', default: false } }, strict: true });
  const catalog = await loadCatalog();
  if (values.json) {
    io.stdout.write(`${JSON.stringify(catalog, null, 2)}\n`);
    return EXIT.ok;
  }
  const byCategory = new Map<string, (typeof catalog.nodes)[string][]>();
  for (const info of Object.values(catalog.nodes)) {
    const list = byCategory.get(info.category) ?? [];
    list.push(info);
    byCategory.set(info.category, list);
  }
  for (const [category, infos] of byCategory) {
    io.stdout.write(`${category}\n`);
    for (const info of infos) {
      const ins = info.inputs.map((p) => `${p.name}: ${formatPortType(p)}${p.optional ? '?' : ''}`).join(', ');
      const outs = info.outputs.map((p) => `${p.name}: ${formatPortType(p)}`).join(', ');
      io.stdout.write(`  ${info.type.padEnd(18)} ${info.title}\n`);
      io.stdout.write(
        `  ${''.padEnd(18)} (${ins || (info.dynamicInputs ? `one text input per {{name}} in ${info.dynamicInputs.param}` : '')}) → (${outs})\n`,
      );
      io.stdout.write(`  ${''.padEnd(18)} ${info.description}\n`);
    }
  }
  return EXIT.ok;
}
