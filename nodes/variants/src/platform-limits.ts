import {
  characterCount as countAs,
  emojiIn,
  type Platform,
  platformOf as platformNamed,
  type Source,
  TEXT_RULES,
  type TextRule,
} from '@adloom/specs';
import type { SharedAssets } from './google-ads-csv.ts';
import { headlineOf, type Variant } from './variant.ts';

export type { Platform } from '@adloom/specs';

/** The form fields each platform's copy goes into, read from @adloom/specs. */
export const PLATFORM_LIMITS = {
  tiktok: { label: 'TikTok', fields: { adText: TEXT_RULES['tiktok.adText'], displayName: TEXT_RULES['tiktok.displayName'] } },
  meta: { label: 'Meta', fields: { primaryText: TEXT_RULES['meta.primaryText'], headline: TEXT_RULES['meta.headline'] } },
  google: {
    label: 'Google responsive search ad',
    fields: { headline: TEXT_RULES['google.rsaHeadline'], description: TEXT_RULES['google.rsaDescription'] },
  },
} as const satisfies Record<Platform, { label: string; fields: Record<string, TextRule> }>;

export const PLATFORMS = Object.keys(PLATFORM_LIMITS) as Platform[];

/** One text measured against one field's rule. */
export interface LimitCheck {
  platform: Platform;
  /** The field as the platform's form names it: `ad text`, `headline 2`. */
  field: string;
  /** As the platform counts: grapheme clusters, double-width characters as 2 on Google and TikTok. */
  length: number;
  limit: number;
  /** False when the ad manager would refuse the text (Meta's lengths only warn). */
  ok: boolean;
  /** What is wrong beyond the length: emoji, refused characters; or that a recommended length is passed. */
  problems?: string[];
  /** Where the limit comes from. */
  rule: string;
  source: Source;
  text: string;
}

/** Characters as the platform's form counts them; without a platform, grapheme clusters. */
export function characterCount(text: string, platform?: Platform): number {
  return countAs(text, { doubleWidth: platform === 'google' || platform === 'tiktok' });
}

/** Which platform a copy was written for, as the limits know it; undefined when unknown. */
export function platformOf(name: string | undefined): Platform | undefined {
  return platformNamed(name);
}

function check(platform: Platform, field: string, text: string, rule: TextRule): LimitCheck {
  const length = countAs(text, rule.counting);
  const problems: string[] = [];
  let refused = false;
  if (length > rule.max) {
    if (rule.severity === 'fail') refused = true;
    else problems.push(`over the recommended ${rule.max}: cut off on screen`);
  }
  if (length < rule.min) {
    refused = true;
    problems.push(`at least ${rule.min} characters needed`);
  }
  if (!rule.emojiAllowed && emojiIn(text).length) {
    refused = true;
    problems.push(`emoji (${emojiIn(text).join(' ')}) are refused`);
  }
  const chars = rule.forbidden.filter((c) => text.includes(c));
  if (chars.length) {
    refused = true;
    problems.push(`${chars.map((c) => `"${c}"`).join(', ')} refused`);
  }
  return {
    platform,
    field,
    length,
    limit: rule.max,
    ok: !refused,
    ...(problems.length ? { problems } : {}),
    rule: rule.id,
    source: rule.source,
    text,
  };
}

/**
 * The variant's own texts as they go into the platform's fields, each checked against its rule;
 * on TikTok the display name the ad shows as, when one is given, too.
 */
export function checkLimits(variant: Variant, platform: Platform, shared: SharedAssets = {}, displayName?: string): LimitCheck[] {
  const fields: [field: string, text: string | undefined, rule: TextRule][] = [];
  if (platform === 'tiktok') {
    fields.push(['ad text', variant.copy?.primaryText ?? headlineOf(variant), PLATFORM_LIMITS.tiktok.fields.adText]);
    fields.push(['display name', displayName, PLATFORM_LIMITS.tiktok.fields.displayName]);
  } else if (platform === 'meta') {
    const { primaryText, headline } = PLATFORM_LIMITS.meta.fields;
    fields.push(['primary text', variant.copy?.primaryText, primaryText], ['headline', headlineOf(variant), headline]);
  } else {
    const { headline, description } = PLATFORM_LIMITS.google.fields;
    const headlines = [headlineOf(variant), ...(shared.headlines ?? [])];
    const descriptions = [variant.copy?.primaryText, variant.copy?.description, ...(shared.descriptions ?? [])];
    for (const [i, text] of headlines.entries()) fields.push([`headline ${i + 1}`, text, headline]);
    for (const [i, text] of descriptions.entries()) fields.push([`description ${i + 1}`, text, description]);
  }
  return fields
    .filter((f): f is [string, string, TextRule] => f[1] !== undefined && f[1].trim() !== '')
    .map(([field, text, rule]) => check(platform, field, text, rule));
}
