import { type ArtifactRef, isArtifactRef, type RunResult } from '@adloom/engine';

const ITEMS_SHOWN = 3;

function quote(text: string, max = 90): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

/** One output value as a short fact: text, a copy's headline, a file's kind, size and length. */
function valueFact(value: unknown): string {
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isArtifactRef(value)) {
    const ref = value as unknown as ArtifactRef;
    const size = ref.width && ref.height ? ` ${ref.width}x${ref.height}` : '';
    const length = ref.durationSec !== undefined ? ` ${ref.durationSec.toFixed(1)} s` : '';
    const by = ref.provider ? ` by ${ref.provider}` : '';
    return `${ref.kind} ${ref.mime}${size}${length}${by}`;
  }
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.headline === 'string') {
      const cta = typeof record.callToAction === 'string' ? ` / ${record.callToAction}` : '';
      return `copy ${quote(record.headline, 60)}${cta}`;
    }
    if (typeof record.id === 'string' && record.weight !== undefined) return `variant ${record.id}`;
    return `json {${Object.keys(record).slice(0, 6).join(', ')}}`;
  }
  return 'empty';
}

function portFact(value: unknown): string {
  if (!Array.isArray(value)) return valueFact(value);
  const shown = value.slice(0, ITEMS_SHOWN).map(valueFact);
  const more = value.length > ITEMS_SHOWN ? `, … ${value.length - ITEMS_SHOWN} more` : '';
  return `${value.length} item${value.length === 1 ? '' : 's'}: ${shown.join('; ')}${more}`;
}

/**
 * What a run made and what failed, as lines for a model or a person: the run's status and
 * folder, then per node its status, its failure with the reason, or a few facts per output.
 */
export function summarizeRun(result: RunResult, only?: readonly string[]): string {
  const lines = [`run ${result.runId} ${result.status}; folder ${result.outDir}`];
  for (const [id, record] of result.nodes) {
    if (only?.length && !only.includes(id)) continue;
    if (record.error) {
      const where = record.error.param
        ? ` (param ${record.error.param})`
        : record.error.port
          ? ` (port ${record.error.port})`
          : '';
      // A skipped node's reason already says so: `skipped: "page" failed`.
      const reason = record.error.message.startsWith(record.status)
        ? record.error.message
        : `${record.status}${where}: ${record.error.message}`;
      lines.push(`${id}: ${reason}`);
      continue;
    }
    const outputs = result.outputs.get(id);
    const facts = outputs ? Object.entries(outputs).map(([port, value]) => `${port} = ${portFact(value)}`) : [];
    lines.push(`${id}: ${record.status}${record.cached ? ' (cached)' : ''}${facts.length ? `; ${facts.join('; ')}` : ''}`);
  }
  return lines.join('\n');
}
