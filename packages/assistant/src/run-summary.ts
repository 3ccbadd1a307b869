import { type ArtifactRef, isArtifactRef, type RunResult } from '@adloom/engine';

const ITEMS_SHOWN = 3;

function quote(text: string, max = 90): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

const FINDINGS_SHOWN = 12;

interface FindingLike {
  status: string;
  rule: string;
  subject?: string;
  message?: string;
  value?: unknown;
  limit?: unknown;
}

const isFindingList = (value: unknown): value is FindingLike[] =>
  Array.isArray(value) &&
  value.every((f) => f && typeof f === 'object' && typeof f.rule === 'string' && typeof f.status === 'string');

/**
 * A preflight report (an ad.preflight node's `report`): its verdict and counts, then each
 * finding that is not a pass, failures first, with its rule, its number and its limit.
 */
function preflightFact(report: Record<string, unknown>, findings: FindingLike[]): string {
  const count = (status: string) => findings.filter((f) => f.status === status).length;
  const verdict = typeof report.status === 'string' ? report.status : count('fail') ? 'fail' : count('warn') ? 'warn' : 'pass';
  const shown = [...findings.filter((f) => f.status === 'fail'), ...findings.filter((f) => f.status === 'warn')];
  const lines = shown.slice(0, FINDINGS_SHOWN).map((f) => {
    const number = f.value !== undefined ? ` ${f.value}` : '';
    const limit = f.limit !== undefined ? ` (limit ${f.limit})` : '';
    const subject = f.subject ? ` ${f.subject}:` : '';
    return `${f.status} ${f.rule}${subject}${number}${limit}${f.message ? ` — ${f.message}` : ''}`;
  });
  const more = shown.length > FINDINGS_SHOWN ? [`… ${shown.length - FINDINGS_SHOWN} more`] : [];
  const counts = `${count('pass')} pass, ${count('warn')} warn, ${count('fail')} fail`;
  return [`preflight ${verdict}: ${counts}`, ...lines, ...more].join('\n  ');
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
    if (isFindingList(record.findings)) return preflightFact(record, record.findings);
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
