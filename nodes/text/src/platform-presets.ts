import { COPY_PRESETS, type CopyFieldRule, type CopyPreset, type Counting, describeSource, type Platform } from '@adloom/specs';
import type { CopyField } from './copy.ts';

export type CopyLimits = Record<CopyField, number>;

/** An ad platform's copy rules, read from @adloom/specs: the editor lists them, `limits` overrides them per node. */
export interface PlatformPreset {
  label: string;
  /** Most characters per field, counted as the platform counts them (`counting`). */
  limits: CopyLimits;
  counting: Record<CopyField, Counting>;
  /** Per field: whether emoji are allowed and which characters the platform refuses. */
  fields: Record<CopyField, CopyFieldRule>;
  /** Where the numbers come from, so nobody mistakes a house default for a platform rule. */
  notes: string;
  /** Button labels the platform's ad manager offers (or, for Google, closing phrases that fit a headline). */
  callsToAction: readonly string[];
  /** Whether the call to action must be one of `callsToAction` (TikTok, Meta) or may be written freely (Google). */
  fixedCallsToAction: boolean;
}

const mapFields = <T>(preset: CopyPreset, pick: (rule: CopyFieldRule) => T): Record<CopyField, T> => ({
  headline: pick(preset.fields.headline),
  primaryText: pick(preset.fields.primaryText),
  description: pick(preset.fields.description),
  callToAction: pick(preset.fields.callToAction),
});

function presetOf(platform: Platform): PlatformPreset {
  const preset = COPY_PRESETS[platform];
  return {
    label: preset.label,
    limits: mapFields(preset, (r) => r.max),
    counting: mapFields(preset, (r) => r.counting),
    fields: mapFields(preset, (r) => r),
    notes: Object.entries(preset.fields)
      .map(
        ([field, r]) =>
          `${field} → ${r.field} ≤ ${r.max}: ${describeSource(r.source)}${r.source.note && r.source.url ? ` (${r.source.note})` : ''}`,
      )
      .join('; '),
    callsToAction: preset.callsToAction.labels,
    fixedCallsToAction: preset.callsToAction.fixed,
  };
}

export const PLATFORM_PRESETS = {
  tiktok: presetOf('tiktok'),
  meta: presetOf('meta'),
  google: presetOf('google'),
} as const satisfies Record<Platform, PlatformPreset>;

export type PlatformName = keyof typeof PLATFORM_PRESETS;
export const PLATFORM_NAMES = Object.keys(PLATFORM_PRESETS) as [PlatformName, ...PlatformName[]];

/** A preset's limits with a node's `limits` param laid over them. */
export function limitsFor(platform: PlatformName, overrides: Partial<CopyLimits> | undefined): CopyLimits {
  const limits: CopyLimits = { ...PLATFORM_PRESETS[platform].limits };
  for (const [field, value] of Object.entries(overrides ?? {})) if (value !== undefined) limits[field as CopyField] = value;
  return limits;
}
