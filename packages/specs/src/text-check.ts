import type { Finding } from './finding.ts';
import { characterCount, emojiIn } from './text-measure.ts';
import type { TextRule } from './text-rules.ts';

type RuleLike = Pick<
  TextRule,
  'platform' | 'field' | 'max' | 'counting' | 'emojiAllowed' | 'forbidden' | 'severity' | 'source'
> & {
  min?: number;
  id?: string;
  rule?: string;
};

/** A text judged against a field's rule: its length as the platform counts it, emoji and refused characters. */
export function checkText(text: string, rule: RuleLike, where: string): Finding[] {
  const id = rule.id ?? rule.rule ?? `${rule.platform}.${rule.field}`;
  const findings: Finding[] = [];
  const length = characterCount(text, rule.counting);
  const counted = length !== characterCount(text) ? ' (double-width characters count 2)' : '';
  const over = length > rule.max;
  findings.push({
    status: over ? rule.severity : 'pass',
    platform: rule.platform,
    subject: where,
    rule: `${id}.length`,
    message: `${rule.field}: ${length} characters${counted}, limit ${rule.max}`,
    value: length,
    limit: rule.max,
    source: rule.source,
  });
  if (rule.min !== undefined && rule.min > 0 && length < rule.min) {
    findings.push({
      status: 'fail',
      platform: rule.platform,
      subject: where,
      rule: `${id}.minLength`,
      message: `${rule.field}: ${length} characters, at least ${rule.min} needed`,
      value: length,
      limit: rule.min,
      source: rule.source,
    });
  }
  if (!rule.emojiAllowed) {
    const emoji = emojiIn(text);
    if (emoji.length)
      findings.push({
        status: 'fail',
        platform: rule.platform,
        subject: where,
        rule: `${id}.emoji`,
        message: `${rule.field}: has emoji (${emoji.join(' ')}), which ${rule.platform} refuses`,
        source: rule.source,
      });
  }
  const refused = rule.forbidden.filter((c) => text.includes(c));
  if (refused.length)
    findings.push({
      status: 'fail',
      platform: rule.platform,
      subject: where,
      rule: `${id}.characters`,
      message: `${rule.field}: has ${refused.map((c) => `"${c}"`).join(', ')}, which ${rule.platform} refuses`,
      source: rule.source,
    });
  return findings;
}

/** Whether a text passes its rule outright (no failure; warnings are allowed). */
export function textFits(text: string, rule: RuleLike): boolean {
  return checkText(text, rule, '').every((f) => f.status !== 'fail') && characterCount(text, rule.counting) <= rule.max;
}
