import type { Platform } from './platform.ts';
import { houseDefault, type Source, sourced } from './source.ts';
import type { Counting } from './text-measure.ts';

/** One text field of an ad manager's form and what it accepts. */
export interface TextRule {
  id: string;
  platform: Platform;
  /** The field as the platform's form names it. */
  field: string;
  min: number;
  max: number;
  counting: Counting;
  emojiAllowed: boolean;
  /** Characters the platform refuses in this field. */
  forbidden: readonly string[];
  /** `fail`: the ad manager refuses the text; `warn`: it is accepted but cut off on screen. */
  severity: 'fail' | 'warn';
  source: Source;
}

const TIKTOK_TEXT = 'https://ads.tiktok.com/help/article/global-app-bundle-video-ad-specifications?lang=en';
const META_FEED = 'https://www.facebook.com/business/ads-guide/update/image/facebook-feed';
const GOOGLE_RSA = 'https://support.google.com/google-ads/answer/7684791';
const GOOGLE_DISPLAY = 'https://support.google.com/google-ads/answer/17090561';
const DOUBLE_WIDTH_NOTE = 'double-width characters count 2: https://support.google.com/google-ads/answer/17091269';

const tiktok = { platform: 'tiktok', counting: { doubleWidth: true }, emojiAllowed: false, severity: 'fail' } as const;
const meta = { platform: 'meta', counting: { doubleWidth: false }, emojiAllowed: true, forbidden: [], severity: 'warn' } as const;
const google = {
  platform: 'google',
  counting: { doubleWidth: true },
  emojiAllowed: false,
  forbidden: [],
  severity: 'fail',
} as const;

/**
 * The text fields of the platforms' ad forms. Edit a number here and every node, the export and
 * `adloom check` follow. Meta's limits are where its placements cut text off ("See more"), so
 * they warn; TikTok's and Google's are refusals.
 */
export const TEXT_RULES = {
  'tiktok.adText': {
    ...tiktok,
    id: 'tiktok.adText',
    field: 'ad text',
    min: 1,
    max: 100,
    forbidden: ['#', '{', '}'],
    source: sourced(TIKTOK_TEXT, '1–100 Latin or 1–50 Asian characters: full-width characters count 2'),
  },
  'tiktok.displayName': {
    ...tiktok,
    id: 'tiktok.displayName',
    field: 'display name',
    min: 2,
    max: 20,
    forbidden: [],
    source: sourced(TIKTOK_TEXT, '2–20 Latin or 1–10 Asian characters'),
  },
  'meta.primaryText': {
    ...meta,
    id: 'meta.primaryText',
    field: 'primary text',
    min: 0,
    max: 125,
    source: sourced(META_FEED, 'recommended; longer text is cut off behind "See more" (read via a dated copy)'),
  },
  'meta.headline': {
    ...meta,
    id: 'meta.headline',
    field: 'headline',
    min: 0,
    max: 40,
    source: sourced(META_FEED, 'recommended 40 (Instagram), 27 on the Facebook feed (read via a dated copy)'),
  },
  'meta.description': {
    ...meta,
    id: 'meta.description',
    field: 'link description',
    min: 0,
    max: 30,
    source: houseDefault('Meta publishes no number for the link description; 30 is what its feed shows before cutting off'),
  },
  'google.rsaHeadline': {
    ...google,
    id: 'google.rsaHeadline',
    field: 'headline',
    min: 1,
    max: 30,
    source: sourced(GOOGLE_RSA, DOUBLE_WIDTH_NOTE),
  },
  'google.rsaDescription': {
    ...google,
    id: 'google.rsaDescription',
    field: 'description',
    min: 1,
    max: 90,
    source: sourced(GOOGLE_RSA, DOUBLE_WIDTH_NOTE),
  },
  'google.rsaPath': {
    ...google,
    id: 'google.rsaPath',
    field: 'path',
    min: 0,
    max: 15,
    source: sourced(GOOGLE_RSA, DOUBLE_WIDTH_NOTE),
  },
  'google.displayHeadline': {
    ...google,
    id: 'google.displayHeadline',
    field: 'headline',
    min: 1,
    max: 30,
    source: sourced(GOOGLE_DISPLAY),
  },
  'google.displayLongHeadline': {
    ...google,
    id: 'google.displayLongHeadline',
    field: 'long headline',
    min: 1,
    max: 90,
    source: sourced(GOOGLE_DISPLAY),
  },
  'google.displayDescription': {
    ...google,
    id: 'google.displayDescription',
    field: 'description',
    min: 1,
    max: 90,
    source: sourced(GOOGLE_DISPLAY),
  },
  'google.businessName': {
    ...google,
    id: 'google.businessName',
    field: 'business name',
    min: 1,
    max: 25,
    source: sourced(GOOGLE_DISPLAY),
  },
} as const satisfies Record<string, TextRule>;

export type TextRuleId = keyof typeof TEXT_RULES;

/** Google's bounds on how many headlines and descriptions a responsive search ad has. */
export const RSA_COUNTS = {
  headlines: { min: 3, max: 15 },
  descriptions: { min: 2, max: 4 },
  paths: { max: 2 },
  source: sourced(GOOGLE_RSA),
} as const;
