import type { Platform } from './platform.ts';
import { READ_ON, type Source, sourced } from './source.ts';

/** Insets in pixels at the zone's own canvas size where platform UI covers the creative. */
export interface SafeZoneSpec {
  id: string;
  platform: Platform | 'youtube';
  label: string;
  width: number;
  height: number;
  top: number;
  right: number;
  bottom: number;
  left: number;
  source: Source;
}

const META_SAFE = 'https://www.facebook.com/business/help/980593475366490';

/**
 * The vertical placements' UI overlays. TikTok publishes its safe zone only as template images,
 * and third-party pixel readings disagree (top 150 / bottom 440 / right 150, or top 240 / bottom
 * 660 / right 120 with a 300 px rail); the first is used because it matches the template's
 * caption and button area at 1080×1920, and every number can be edited per node.
 */
export const SAFE_ZONES = {
  tiktok: {
    id: 'tiktok-9x16',
    platform: 'tiktok',
    label: 'TikTok In-Feed 9:16',
    width: 1080,
    height: 1920,
    top: 150,
    right: 150,
    bottom: 440,
    left: 60,
    source: {
      ...sourced('https://ads.tiktok.com/help/article/video-ads-specifications'),
      note: 'TikTok publishes template images only; the adfuseai.com pixel reading is used (another reads top 240, bottom 660, right 120); left 60 is a house margin for rounded screen corners',
    },
  },
  metaReels: {
    id: 'reels-9x16',
    platform: 'meta',
    label: 'Meta Reels 9:16',
    width: 1080,
    height: 1920,
    top: 269,
    right: 65,
    bottom: 672,
    left: 65,
    source: sourced(META_SAFE, 'keep 14% at the top, 35% at the bottom and 6% at each side free of text and logos'),
  },
  metaStories: {
    id: 'stories-9x16',
    platform: 'meta',
    label: 'Meta Stories 9:16',
    width: 1080,
    height: 1920,
    top: 269,
    right: 65,
    bottom: 672,
    left: 65,
    source: sourced(META_SAFE, 'Stories keep the same 14% / 35% / 6% as Reels'),
  },
  youtubeShorts: {
    id: 'shorts-9x16',
    platform: 'youtube',
    label: 'YouTube Shorts 9:16',
    width: 1080,
    height: 1920,
    top: 288,
    right: 192,
    bottom: 672,
    left: 48,
    source: { read: READ_ON, note: 'YouTube publishes no pixel template; the shotstack.io guide is used (a secondary source)' },
  },
} as const satisfies Record<string, SafeZoneSpec>;
