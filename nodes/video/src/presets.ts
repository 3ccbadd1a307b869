import { SAFE_ZONES } from '@adloom/specs';

/** Pixels to keep clear of text at each edge, where a platform draws its own buttons and captions. */
export interface SafeZone {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** A video format: frame size, frame rate and where text may go. */
export interface VideoPreset {
  id: string;
  label: string;
  width: number;
  height: number;
  fps: number;
  safeZone: SafeZone;
}

/**
 * One vertical video plays on TikTok, Reels, Stories and Shorts: its text keeps clear of every
 * one of their UIs (the specs' safe zones, each edge the widest of the four: today top 288 and
 * right 192 from Shorts, bottom 672 from Reels, left 65 from Reels and Stories).
 */
const VERTICAL_SAFE_ZONE: SafeZone = (() => {
  const zones = [SAFE_ZONES.tiktok, SAFE_ZONES.metaReels, SAFE_ZONES.metaStories, SAFE_ZONES.youtubeShorts];
  // At 1080×1920, whatever canvas size a zone was published at.
  const widest = (edge: keyof SafeZone) =>
    Math.max(
      ...zones.map((z) =>
        Math.ceil(edge === 'left' || edge === 'right' ? (z[edge] * 1080) / z.width : (z[edge] * 1920) / z.height),
      ),
    );
  return { top: widest('top'), right: widest('right'), bottom: widest('bottom'), left: widest('left') };
})();

/**
 * The video formats ad platforms take, as data. Safe zones follow the platforms' own
 * guidance: 9:16 keeps text out of the top tabs, the right-hand buttons and the bottom caption
 * and CTA bar that TikTok, Reels and Shorts all draw (`VERTICAL_SAFE_ZONE`); feed formats keep a 5% margin; 16:9
 * keeps title-safe margins and clears YouTube's skip button and progress bar at the bottom.
 */
export const VIDEO_PRESETS = {
  '9:16': {
    id: '9:16',
    label: 'Vertical 9:16 (TikTok, Reels, Shorts, Stories)',
    width: 1080,
    height: 1920,
    fps: 30,
    safeZone: VERTICAL_SAFE_ZONE,
  },
  '1:1': {
    id: '1:1',
    label: 'Square 1:1 (Meta and LinkedIn feeds)',
    width: 1080,
    height: 1080,
    fps: 30,
    safeZone: { top: 54, right: 54, bottom: 54, left: 54 },
  },
  '4:5': {
    id: '4:5',
    label: 'Portrait 4:5 (Meta feed)',
    width: 1080,
    height: 1350,
    fps: 30,
    safeZone: { top: 68, right: 54, bottom: 68, left: 54 },
  },
  '16:9': {
    id: '16:9',
    label: 'Landscape 16:9 (YouTube, web)',
    width: 1920,
    height: 1080,
    fps: 30,
    safeZone: { top: 54, right: 96, bottom: 162, left: 96 },
  },
} as const satisfies Record<string, VideoPreset>;

export type VideoPresetId = keyof typeof VIDEO_PRESETS;

export const VIDEO_PRESET_IDS = Object.keys(VIDEO_PRESETS) as [VideoPresetId, ...VideoPresetId[]];

/**
 * A preset at a custom size: the safe zone scales with the frame, so a small test render or
 * an odd placement keeps the same proportions. Sizes round to even numbers (yuv420p needs them).
 */
export function resolvePreset(
  id: VideoPresetId,
  overrides: { width?: number; height?: number; fps?: number; safeZone?: Partial<SafeZone> } = {},
): VideoPreset {
  const base: VideoPreset = VIDEO_PRESETS[id];
  const width = even(overrides.width ?? base.width);
  const height = even(overrides.height ?? base.height);
  const sx = width / base.width;
  const sy = height / base.height;
  const safeZone: SafeZone = {
    top: Math.round(overrides.safeZone?.top ?? base.safeZone.top * sy),
    right: Math.round(overrides.safeZone?.right ?? base.safeZone.right * sx),
    bottom: Math.round(overrides.safeZone?.bottom ?? base.safeZone.bottom * sy),
    left: Math.round(overrides.safeZone?.left ?? base.safeZone.left * sx),
  };
  return { ...base, width, height, fps: overrides.fps ?? base.fps, safeZone };
}

function even(n: number): number {
  return Math.max(2, Math.round(n / 2) * 2);
}
