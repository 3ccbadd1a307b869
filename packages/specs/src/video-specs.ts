import type { Platform } from './platform.ts';
import { houseDefault, type Source, sourced } from './source.ts';

/** One shape a video placement takes, with its smallest accepted size. */
export interface VideoAspect {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
}

/** A video placement and what it accepts. */
export interface VideoSpec {
  id: string;
  platform: Platform;
  label: string;
  aspects: readonly VideoAspect[];
  aspectTolerance: number;
  durationSec: { min: number; max: number };
  /** Played in full only up to here (Shorts plays the first 60 s): a warning beyond, not a refusal. */
  playsUpToSec?: number;
  minBitrateKbps?: number;
  maxBytes: number;
  /** ffprobe's format names that are accepted: `mov` covers .mp4 and .mov. */
  containers: readonly string[];
  videoCodecs?: readonly string[];
  audioCodecs?: readonly string[];
  constantFrameRate?: boolean;
  source: Source;
}

/** What every platform plays back everywhere; the house checks it beside each platform's own rules. */
export const PLAYBACK_RULES = {
  pixelFormats: ['yuv420p'],
  indexBeforeMedia: true,
  source: houseDefault(
    'H.264 in yuv420p with the index (moov) before the media plays on every phone and starts before it is fully downloaded',
  ),
} as const;

const MB = 1024 * 1024;
const GB = 1024 * MB;
const META_REELS = 'https://www.facebook.com/business/ads-guide/update/video/instagram-reels';
const META_FEED = 'https://www.facebook.com/business/ads-guide/update/video/facebook-feed';

/** Every video placement the preflight knows. Edit a number and `adloom check` follows. */
export const VIDEO_SPECS: readonly VideoSpec[] = [
  {
    id: 'tiktok-in-feed',
    platform: 'tiktok',
    label: 'TikTok In-Feed video',
    aspects: [
      { width: 9, height: 16, minWidth: 540, minHeight: 960 },
      { width: 1, height: 1, minWidth: 640, minHeight: 640 },
      { width: 16, height: 9, minWidth: 960, minHeight: 540 },
    ],
    aspectTolerance: 0.01,
    durationSec: { min: 5, max: 60 },
    minBitrateKbps: 516,
    maxBytes: 500 * MB,
    containers: ['mov', 'mp4', 'mpeg', '3gp', 'avi'],
    source: sourced(
      'https://ads.tiktok.com/help/article/video-ads-specifications',
      '5–60 s as the In-Feed page says (one 2025 page allows 10 min; the stricter number is used)',
    ),
  },
  {
    id: 'meta-reels-stories',
    platform: 'meta',
    label: 'Meta Reels and Stories video',
    aspects: [{ width: 9, height: 16, minWidth: 540, minHeight: 960 }],
    aspectTolerance: 0.01,
    durationSec: { min: 1, max: 15 * 60 },
    maxBytes: 4 * GB,
    containers: ['mov', 'mp4'],
    videoCodecs: ['h264'],
    audioCodecs: ['aac'],
    constantFrameRate: true,
    source: sourced(META_REELS, 'read via a dated copy; 1 s minimum from the Stories page'),
  },
  {
    id: 'meta-feed',
    platform: 'meta',
    label: 'Meta feed video',
    aspects: [
      { width: 4, height: 5, minWidth: 600, minHeight: 750 },
      { width: 1, height: 1, minWidth: 600, minHeight: 600 },
    ],
    aspectTolerance: 0.03,
    durationSec: { min: 1, max: 241 * 60 },
    maxBytes: 4 * GB,
    containers: ['mov', 'mp4'],
    videoCodecs: ['h264'],
    audioCodecs: ['aac'],
    constantFrameRate: true,
    source: sourced(META_FEED, 'read via a dated copy'),
  },
  {
    id: 'youtube-shorts',
    platform: 'google',
    label: 'YouTube Shorts ad',
    aspects: [{ width: 9, height: 16, minWidth: 720, minHeight: 1280 }],
    aspectTolerance: 0.01,
    durationSec: { min: 1, max: 180 },
    playsUpToSec: 60,
    maxBytes: 256 * GB,
    containers: ['mov', 'mp4'],
    source: sourced('https://support.google.com/google-ads/answer/16041697', 'only the first 60 s play in the Shorts feed'),
  },
];
