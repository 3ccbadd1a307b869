import type { Platform } from './platform.ts';
import type { Source } from './source.ts';

/** One rule applied to one file or text: what was measured, the limit, the verdict and where the rule comes from. */
export interface Finding {
  status: 'pass' | 'warn' | 'fail';
  platform: Platform;
  /** What was judged: a file name, `copy 2 headline`. */
  subject: string;
  /** A stable id tests and reports cite: `tiktok.video.duration`. */
  rule: string;
  message: string;
  value?: number | string;
  limit?: number | string;
  source: Source;
}

/** The worst verdict among findings: fail over warn over pass. */
export function worstOf(findings: readonly Finding[]): Finding['status'] {
  if (findings.some((f) => f.status === 'fail')) return 'fail';
  if (findings.some((f) => f.status === 'warn')) return 'warn';
  return 'pass';
}
