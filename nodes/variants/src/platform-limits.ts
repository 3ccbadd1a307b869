import { responsiveSearchAd, type SharedAssets } from './google-ads-csv.ts';
import { headlineOf, type Variant } from './variant.ts';

export type Platform = 'tiktok' | 'meta' | 'google';

/**
 * Character limits per platform field, as data. TikTok's ad text is a hard limit; Meta's are
 * where its feed cuts text off ("See more"); Google's RSA limits are hard.
 */
export const PLATFORM_LIMITS = {
  tiktok: { label: 'TikTok', limits: { adText: 100 } },
  meta: { label: 'Meta', limits: { primaryText: 125, headline: 40 } },
  google: { label: 'Google responsive search ad', limits: { headline: 30, description: 90 } },
} as const satisfies Record<Platform, { label: string; limits: Record<string, number> }>;

export const PLATFORMS = Object.keys(PLATFORM_LIMITS) as Platform[];

/** One text measured against one limit. */
export interface LimitCheck {
  platform: Platform;
  /** The field as the platform's form names it: `ad text`, `headline 2`. */
  field: string;
  length: number;
  limit: number;
  ok: boolean;
  text: string;
}

/** Characters as the platforms' forms count them: code points, so an emoji is one. */
export function characterCount(text: string): number {
  return [...text].length;
}

/** Which platform a copy was written for, as the limits know it; undefined when unknown. */
export function platformOf(name: string | undefined): Platform | undefined {
  const key = name?.toLowerCase().trim();
  if (key === 'tiktok' || key === 'meta' || key === 'google') return key;
  if (key === 'facebook' || key === 'instagram') return 'meta';
  return undefined;
}

/** The variant's texts that go into the platform's fields, each checked against its limit. */
export function checkLimits(variant: Variant, platform: Platform, shared: SharedAssets = {}): LimitCheck[] {
  const fields: [field: string, text: string | undefined, limit: number][] = [];
  if (platform === 'tiktok') {
    const { adText } = PLATFORM_LIMITS.tiktok.limits;
    fields.push(['ad text', variant.copy?.primaryText ?? headlineOf(variant), adText]);
  } else if (platform === 'meta') {
    const { primaryText, headline } = PLATFORM_LIMITS.meta.limits;
    fields.push(['primary text', variant.copy?.primaryText, primaryText], ['headline', headlineOf(variant), headline]);
  } else {
    const { headline, description } = PLATFORM_LIMITS.google.limits;
    const ad = responsiveSearchAd(variant, shared);
    for (const [i, text] of ad.headlines.entries()) fields.push([`headline ${i + 1}`, text, headline]);
    for (const [i, text] of ad.descriptions.entries()) fields.push([`description ${i + 1}`, text, description]);
  }
  return fields
    .filter((f): f is [string, string, number] => f[1] !== undefined && f[1] !== '')
    .map(([field, text, limit]) => {
      const length = characterCount(text);
      return { platform, field, length, limit, ok: length <= limit, text };
    });
}
