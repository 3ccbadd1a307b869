import { NodeError } from '@adloom/sdk';
import { SAFE_ZONES, type SafeZoneSpec } from '@adloom/specs';
import { z } from 'zod';

/** Insets from each edge, in pixels at the preset's own size, where platform UI may cover the creative. */
export interface SafeZone {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** An ad format: its canvas, the part of it that stays visible, and its file size cap if any. */
export interface FormatPreset {
  id: string;
  label: string;
  platform: string;
  width: number;
  height: number;
  safeZone: SafeZone;
  /** The platform's file size cap, in KB of 1000 bytes. */
  maxKB?: number;
}

/** A vertical placement whose safe zone the platform publishes (or a dated reading of it). */
function fromSafeZone(zone: SafeZoneSpec): FormatPreset {
  return {
    id: zone.id,
    label: zone.label,
    platform: zone.platform,
    width: zone.width,
    height: zone.height,
    safeZone: { top: zone.top, right: zone.right, bottom: zone.bottom, left: zone.left },
  };
}

/**
 * Google display banners have no platform UI on top, but Google draws its AdChoices badge
 * (15×15 px, wider when hovered) in the top-right corner. We keep a margin of 4% of the short
 * side on every edge (designers' usual breathing room, at least 4 px) and add the badge's 16 px
 * to the right edge of wide formats and to the top of tall ones, so no text sits under it.
 * Google Ads caps uploaded display images at 150 KB (153,600 bytes).
 */
function googleDisplay(width: number, height: number, label: string): FormatPreset {
  const margin = Math.max(4, Math.round(Math.min(width, height) * 0.04));
  const wide = width >= height;
  return {
    id: `google-${width}x${height}`,
    label: `Google ${label} ${width}×${height}`,
    platform: 'google',
    width,
    height,
    safeZone: { top: wide ? margin : margin + 16, right: wide ? margin + 16 : margin, bottom: margin, left: margin },
    maxKB: 150,
  };
}

/**
 * Google responsive display ads may crop up to 5% off each side of an uploaded image to fit a
 * slot, so key content stays inside the middle 90% both ways. No file cap of 150 KB here:
 * responsive display images may be up to 5120 KB.
 */
function googleResponsive(width: number, height: number, label: string): FormatPreset {
  return {
    id: `google-${width}x${height}`,
    label: `Google responsive ${label} ${width}×${height}`,
    platform: 'google',
    width,
    height,
    safeZone: {
      top: Math.round(height * 0.05),
      right: Math.round(width * 0.05),
      bottom: Math.round(height * 0.05),
      left: Math.round(width * 0.05),
    },
    maxKB: 5120,
  };
}

/**
 * The built-in ad formats. Safe zones are the published guidance as of 2026; platforms change
 * their UI, so every number can be overridden per node (`safeZones`) or replaced
 * (`customPresets`).
 */
export const FORMAT_PRESETS: readonly FormatPreset[] = [
  // The vertical placements' UI overlays come from @adloom/specs, with their sources.
  fromSafeZone(SAFE_ZONES.tiktok),
  fromSafeZone(SAFE_ZONES.metaReels),
  fromSafeZone(SAFE_ZONES.metaStories),
  fromSafeZone(SAFE_ZONES.youtubeShorts),
  // Meta feed images carry no UI on the image itself; 64 px keeps text off the edges, where
  // some placements crop a little (Meta's feed templates use the same margin).
  {
    id: 'meta-1x1',
    label: 'Meta feed 1:1',
    platform: 'meta',
    width: 1080,
    height: 1080,
    safeZone: { top: 64, right: 64, bottom: 64, left: 64 },
  },
  {
    id: 'meta-4x5',
    label: 'Meta feed 4:5',
    platform: 'meta',
    width: 1080,
    height: 1350,
    safeZone: { top: 64, right: 64, bottom: 64, left: 64 },
  },
  googleDisplay(300, 250, 'medium rectangle'),
  googleDisplay(336, 280, 'large rectangle'),
  googleDisplay(728, 90, 'leaderboard'),
  googleDisplay(300, 600, 'half page'),
  googleDisplay(160, 600, 'wide skyscraper'),
  googleDisplay(320, 50, 'mobile banner'),
  googleDisplay(320, 100, 'large mobile banner'),
  googleDisplay(970, 250, 'billboard'),
  googleDisplay(970, 90, 'large leaderboard'),
  googleDisplay(468, 60, 'banner'),
  googleDisplay(250, 250, 'square'),
  googleDisplay(300, 1050, 'portrait'),
  googleResponsive(1200, 628, 'landscape 1.91:1'),
  googleResponsive(1200, 1200, 'square'),
];

/**
 * Each built-in format's name with its size, by id: the catalog carries it as the preset
 * params' `enumLabels`, so an editor can offer the formats as a picker.
 */
export const FORMAT_PRESET_LABELS: Record<string, string> = Object.fromEntries(
  FORMAT_PRESETS.map((p) => [p.id, p.label.includes('×') ? p.label : `${p.label} ${p.width}×${p.height}`]),
);

export const safeZoneSchema = z.object({
  top: z.number().min(0),
  right: z.number().min(0),
  bottom: z.number().min(0),
  left: z.number().min(0),
});

export const presetSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'use letters, digits, "-", "_" and "."'),
  label: z.string().optional(),
  platform: z.string().optional(),
  width: z.number().int().min(1).max(16384),
  height: z.number().int().min(1).max(16384),
  safeZone: safeZoneSchema.optional(),
  maxKB: z.number().positive().optional(),
});

/** Params that edit the preset data for one node. */
export const presetEditParams = {
  safeZones: z
    .record(z.string(), safeZoneSchema.partial())
    .optional()
    .describe('Safe zone edits by preset id, in pixels at the preset size, e.g. {"tiktok-9x16": {"bottom": 480}}'),
  customPresets: z.array(presetSchema).optional().describe('Extra formats, or replacements for built-in ones with the same id'),
};

export interface PresetEdits {
  safeZones?: Record<string, Partial<SafeZone>>;
  customPresets?: z.infer<typeof presetSchema>[];
}

/** The preset with this id after the node's edits; a NodeError naming the known ids when there is none. */
export function resolvePreset(id: string, edits: PresetEdits = {}, param = 'presets'): FormatPreset {
  const custom = edits.customPresets?.find((p) => p.id === id);
  let preset: FormatPreset | undefined = custom
    ? {
        id: custom.id,
        label: custom.label ?? custom.id,
        platform: custom.platform ?? 'custom',
        width: custom.width,
        height: custom.height,
        safeZone: custom.safeZone ?? { top: 0, right: 0, bottom: 0, left: 0 },
        ...(custom.maxKB !== undefined ? { maxKB: custom.maxKB } : {}),
      }
    : FORMAT_PRESETS.find((p) => p.id === id);
  if (!preset) {
    const known = [...FORMAT_PRESETS.map((p) => p.id), ...(edits.customPresets ?? []).map((p) => p.id)];
    throw new NodeError(`there is no format preset "${id}"; known presets: ${known.join(', ')}`, { param });
  }
  const edit = edits.safeZones?.[id];
  if (edit) preset = { ...preset, safeZone: { ...preset.safeZone, ...edit } };
  const { safeZone: s } = preset;
  if (s.left + s.right >= preset.width || s.top + s.bottom >= preset.height) {
    throw new NodeError(
      `preset "${id}": its safe zone leaves no room (${preset.width}×${preset.height} minus ${formatSafeZone(s)})`,
      {
        param: edit ? 'safeZones' : param,
      },
    );
  }
  return preset;
}

export function formatSafeZone(s: SafeZone): string {
  return `top ${s.top}, right ${s.right}, bottom ${s.bottom}, left ${s.left}`;
}

/** A rectangle in pixels. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The visible rectangle of an image of this size, the safe zone scaled from the preset's size to it. */
export function safeRect(
  safeZone: SafeZone,
  presetSize: { width: number; height: number },
  image: { width: number; height: number },
): Rect {
  const sx = image.width / presetSize.width;
  const sy = image.height / presetSize.height;
  const left = Math.round(safeZone.left * sx);
  const top = Math.round(safeZone.top * sy);
  const right = Math.round(safeZone.right * sx);
  const bottom = Math.round(safeZone.bottom * sy);
  return { x: left, y: top, width: image.width - left - right, height: image.height - top - bottom };
}
