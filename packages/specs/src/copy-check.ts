import { CALLS_TO_ACTION } from './calls-to-action.ts';
import { COPY_FIELD_NAMES, COPY_PRESETS } from './copy-presets.ts';
import type { Finding } from './finding.ts';
import type { Platform } from './platform.ts';
import { checkText } from './text-check.ts';

/** An ad copy's fields as a platform judges them; a copy without a description has none to judge. */
export interface CopyFields {
  headline: string;
  primaryText: string;
  description?: string;
  callToAction: string;
}

/**
 * A copy judged against a platform's copy limits: each field by the rule it goes into there,
 * and, where the platform's call to action is a button from a fixed list, whether it is one.
 */
export function checkCopy(copy: CopyFields, platform: Platform, subject: string): Finding[] {
  const preset = COPY_PRESETS[platform];
  const findings: Finding[] = [];
  for (const field of COPY_FIELD_NAMES) {
    const text = copy[field];
    if (!text) continue;
    findings.push(...checkText(text, preset.fields[field], `${subject} ${field}`));
  }
  const list = CALLS_TO_ACTION[platform];
  if (list.fixed) {
    const ok = list.labels.includes(copy.callToAction);
    findings.push({
      status: ok ? 'pass' : 'fail',
      platform,
      subject: `${subject} callToAction`,
      rule: `${platform}.callToAction.list`,
      message: ok
        ? `"${copy.callToAction}" is one of ${platform}'s buttons`
        : `"${copy.callToAction}" is not one of ${platform}'s buttons (${list.labels.slice(0, 6).join(', ')}, …)`,
      value: copy.callToAction,
      source: list.source,
    });
  }
  return findings;
}
