import type { Platform } from './platform.ts';
import { type Source, sourced } from './source.ts';

export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp';

/** An image placement: the shape and size it takes, the file it accepts. */
export interface ImageSpec {
  id: string;
  platform: Platform;
  label: string;
  /** The recommended size; its ratio is the placement's aspect. */
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  /** Only this exact size is accepted (Google's uploaded display sizes). */
  exactSize?: boolean;
  /** How far the ratio may be off, as a fraction: 0.01 is ±1%. */
  aspectTolerance: number;
  maxBytes?: number;
  formats: readonly ImageFormat[];
  source: Source;
}

const META_FEED = 'https://www.facebook.com/business/ads-guide/update/image/facebook-feed';
const META_STORY = 'https://www.facebook.com/business/ads-guide/update/video/instagram-story';
const GOOGLE_RESPONSIVE = 'https://support.google.com/google-ads/answer/17090561';
const GOOGLE_UPLOADED = 'https://support.google.com/adwords/answer/1722096';
const TIKTOK_VIDEO = 'https://ads.tiktok.com/help/article/video-ads-specifications';

const MB = 1024 * 1024;

/** Google's standard uploaded display sizes. */
export const GOOGLE_DISPLAY_SIZES = [
  [200, 200],
  [240, 400],
  [250, 250],
  [250, 360],
  [300, 250],
  [336, 280],
  [580, 400],
  [120, 600],
  [160, 600],
  [300, 600],
  [300, 1050],
  [468, 60],
  [728, 90],
  [930, 180],
  [970, 90],
  [970, 250],
  [980, 120],
  [300, 50],
  [320, 50],
  [320, 100],
] as const;

/** 150 KB as Google counts it: 150 × 1024 bytes. */
export const GOOGLE_DISPLAY_MAX_BYTES = 153_600;

const tiktok = (id: string, label: string, width: number, height: number, minWidth: number, minHeight: number): ImageSpec => ({
  id,
  platform: 'tiktok',
  label,
  width,
  height,
  minWidth,
  minHeight,
  aspectTolerance: 0.01,
  formats: ['jpeg', 'png'],
  source: sourced(TIKTOK_VIDEO, 'In-Feed aspects and minimum sizes, applied to the stills a TikTok ad is made of'),
});

/** Every image placement the preflight knows. Edit a number and `adloom check` follows. */
export const IMAGE_SPECS: readonly ImageSpec[] = [
  tiktok('tiktok-in-feed-9x16', 'TikTok In-Feed 9:16', 1080, 1920, 540, 960),
  tiktok('tiktok-in-feed-1x1', 'TikTok In-Feed 1:1', 640, 640, 640, 640),
  tiktok('tiktok-in-feed-16x9', 'TikTok In-Feed 16:9', 1920, 1080, 960, 540),
  {
    id: 'meta-feed-4x5',
    platform: 'meta',
    label: 'Meta feed 4:5',
    width: 1440,
    height: 1800,
    minWidth: 600,
    minHeight: 750,
    aspectTolerance: 0.03,
    maxBytes: 30 * MB,
    formats: ['jpeg', 'png'],
    source: sourced(META_FEED, 'read via a dated copy'),
  },
  {
    id: 'meta-feed-1x1',
    platform: 'meta',
    label: 'Meta feed 1:1',
    width: 1440,
    height: 1440,
    minWidth: 600,
    minHeight: 600,
    aspectTolerance: 0.03,
    maxBytes: 30 * MB,
    formats: ['jpeg', 'png'],
    source: sourced(META_FEED, 'read via a dated copy'),
  },
  {
    id: 'meta-stories-reels-9x16',
    platform: 'meta',
    label: 'Meta Stories and Reels 9:16',
    width: 1440,
    height: 2560,
    minWidth: 600,
    minHeight: 1067,
    aspectTolerance: 0.01,
    maxBytes: 30 * MB,
    formats: ['jpeg', 'png'],
    source: sourced(META_STORY, 'read via a dated copy; the minimum is the feed minimum width at 9:16'),
  },
  {
    id: 'google-responsive-landscape',
    platform: 'google',
    label: 'Google responsive display 1.91:1',
    width: 1200,
    height: 628,
    minWidth: 600,
    minHeight: 314,
    aspectTolerance: 0.01,
    maxBytes: 5120 * 1024,
    formats: ['jpeg', 'png', 'gif'],
    source: sourced(GOOGLE_RESPONSIVE),
  },
  {
    id: 'google-responsive-square',
    platform: 'google',
    label: 'Google responsive display 1:1',
    width: 1200,
    height: 1200,
    minWidth: 300,
    minHeight: 300,
    aspectTolerance: 0.01,
    maxBytes: 5120 * 1024,
    formats: ['jpeg', 'png', 'gif'],
    source: sourced(GOOGLE_RESPONSIVE),
  },
  {
    id: 'google-logo-4x1',
    platform: 'google',
    label: 'Google responsive display logo 4:1',
    width: 1200,
    height: 300,
    minWidth: 512,
    minHeight: 128,
    aspectTolerance: 0.01,
    maxBytes: 5120 * 1024,
    formats: ['jpeg', 'png', 'gif'],
    source: sourced(GOOGLE_RESPONSIVE),
  },
  {
    id: 'google-demand-gen-9x16',
    platform: 'google',
    label: 'Google Demand Gen 9:16',
    width: 1080,
    height: 1920,
    minWidth: 600,
    minHeight: 1067,
    aspectTolerance: 0.01,
    maxBytes: 5 * MB,
    formats: ['jpeg', 'png'],
    source: sourced('https://support.google.com/google-ads/answer/13704860'),
  },
  ...GOOGLE_DISPLAY_SIZES.map(
    ([width, height]): ImageSpec => ({
      id: `google-display-${width}x${height}`,
      platform: 'google',
      label: `Google uploaded display ${width}×${height}`,
      width,
      height,
      minWidth: width,
      minHeight: height,
      exactSize: true,
      aspectTolerance: 0,
      maxBytes: GOOGLE_DISPLAY_MAX_BYTES,
      formats: ['gif', 'jpeg', 'png'],
      source: sourced(GOOGLE_UPLOADED),
    }),
  ),
];
