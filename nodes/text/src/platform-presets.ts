import type { CopyField } from './copy.ts';

export type CopyLimits = Record<CopyField, number>;

/** An ad platform's copy rules, as data: the editor lists them, `limits` overrides them per node. */
export interface PlatformPreset {
  label: string;
  /** Most characters per field. */
  limits: CopyLimits;
  /** Where the numbers come from, so nobody mistakes a house default for a platform rule. */
  notes: string;
  /** Button labels the platform offers (or, for Google, closing phrases that fit a headline). */
  callsToAction: string[];
}

export const PLATFORM_PRESETS = {
  tiktok: {
    label: 'TikTok',
    limits: { headline: 40, primaryText: 100, description: 80, callToAction: 20 },
    notes:
      'TikTok ad text: at most 100 characters. TikTok has no headline or description field; 40 and 80 are house defaults for text drawn on the video.',
    callsToAction: ['Shop now', 'Learn more', 'Sign up', 'Order now', 'Download', 'Book now', 'Get quote', 'Subscribe'],
  },
  meta: {
    label: 'Meta (Facebook, Instagram)',
    limits: { headline: 40, primaryText: 125, description: 30, callToAction: 20 },
    notes:
      'Meta shows about 125 characters of primary text before "See more", about 40 of a headline and 30 of a link description; longer text is allowed but cut off.',
    callsToAction: ['Shop now', 'Learn more', 'Sign up', 'Get offer', 'Order now', 'Book now', 'Subscribe', 'Contact us'],
  },
  google: {
    label: 'Google responsive search ad',
    limits: { headline: 30, primaryText: 90, description: 90, callToAction: 30 },
    notes:
      'Google RSA headlines: at most 30 characters, descriptions at most 90. primaryText and description are two descriptions; the call to action is written as a headline (RSAs have no button).',
    callsToAction: ['Shop now', 'Learn more', 'Order online today', 'Get a free quote', 'Sign up today', 'Book today'],
  },
} as const satisfies Record<string, PlatformPreset>;

export type PlatformName = keyof typeof PLATFORM_PRESETS;
export const PLATFORM_NAMES = Object.keys(PLATFORM_PRESETS) as [PlatformName, ...PlatformName[]];

/** A preset's limits with a node's `limits` param laid over them. */
export function limitsFor(platform: PlatformName, overrides: Partial<CopyLimits> | undefined): CopyLimits {
  const limits: CopyLimits = { ...PLATFORM_PRESETS[platform].limits };
  for (const [field, value] of Object.entries(overrides ?? {})) if (value !== undefined) limits[field as CopyField] = value;
  return limits;
}
