import { CALLS_TO_ACTION, type CallToActionList } from './calls-to-action.ts';
import { PLATFORM_LABELS, type Platform } from './platform.ts';
import { houseDefault } from './source.ts';
import { TEXT_RULES, type TextRule } from './text-rules.ts';

/** The four written parts of an ad, as copy nodes write them. */
export const COPY_FIELD_NAMES = ['headline', 'primaryText', 'description', 'callToAction'] as const;
export type CopyFieldName = (typeof COPY_FIELD_NAMES)[number];

/** A copy field on one platform: the form field it goes into and that field's rule. */
export type CopyFieldRule = Omit<TextRule, 'id' | 'field' | 'min'> & { field: string; rule?: string };

/** What a copy node keeps to for one platform. */
export interface CopyPreset {
  platform: Platform;
  label: string;
  fields: Record<CopyFieldName, CopyFieldRule>;
  callsToAction: CallToActionList;
}

function fromRule(rule: TextRule): CopyFieldRule {
  const { id, min: _min, ...rest } = rule;
  return { ...rest, rule: id };
}

// Text drawn onto an image or a video has no platform form behind it: emoji and wide characters are
// kept out because the bundled font has no emoji and a box fits about half as many wide glyphs.
function drawn(platform: Platform, field: string, max: number, why: string): CopyFieldRule {
  return {
    platform,
    field,
    max,
    counting: { doubleWidth: true },
    emojiAllowed: false,
    forbidden: [],
    severity: 'fail',
    source: houseDefault(why),
  };
}

export const COPY_PRESETS: Record<Platform, CopyPreset> = {
  tiktok: {
    platform: 'tiktok',
    label: 'TikTok',
    fields: {
      headline: drawn('tiktok', 'headline on the video', 40, 'TikTok has no headline field; 40 fits text drawn on a 9:16 video'),
      primaryText: fromRule(TEXT_RULES['tiktok.adText']),
      description: drawn('tiktok', 'supporting line on the video', 80, 'TikTok has no description field'),
      callToAction: drawn('tiktok', 'call to action', 20, "the longest label on Ads Manager's list fits"),
    },
    callsToAction: CALLS_TO_ACTION.tiktok,
  },
  meta: {
    platform: 'meta',
    label: PLATFORM_LABELS.meta,
    fields: {
      headline: fromRule(TEXT_RULES['meta.headline']),
      primaryText: fromRule(TEXT_RULES['meta.primaryText']),
      description: fromRule(TEXT_RULES['meta.description']),
      callToAction: drawn('meta', 'call to action', 20, "the longest label on Ads Manager's list fits"),
    },
    callsToAction: CALLS_TO_ACTION.meta,
  },
  google: {
    platform: 'google',
    label: 'Google responsive search ad',
    fields: {
      headline: fromRule(TEXT_RULES['google.rsaHeadline']),
      primaryText: fromRule(TEXT_RULES['google.rsaDescription']),
      description: fromRule(TEXT_RULES['google.rsaDescription']),
      // Responsive search ads have no button: the call to action is one more headline.
      callToAction: fromRule(TEXT_RULES['google.rsaHeadline']),
    },
    callsToAction: CALLS_TO_ACTION.google,
  },
};
