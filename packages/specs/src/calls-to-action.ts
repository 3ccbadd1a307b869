import type { Platform } from './platform.ts';
import { houseDefault, type Source, sourced } from './source.ts';

/** The button labels an ad manager offers; a call to action is picked from them, never written freely. */
export interface CallToActionList {
  platform: Platform;
  labels: readonly string[];
  /** Whether the label is a button from a fixed list (TikTok, Meta) or text written into the ad (Google). */
  fixed: boolean;
  source: Source;
}

export const CALLS_TO_ACTION: Record<Platform, CallToActionList> = {
  tiktok: {
    platform: 'tiktok',
    fixed: true,
    labels: [
      'Shop now',
      'Learn more',
      'Sign up',
      'Download',
      'Book now',
      'Contact us',
      'Get quote',
      'Order now',
      'Subscribe',
      'Apply now',
      'Watch now',
      'Install now',
      'Play game',
      'Read more',
      'Visit store',
      'Get tickets now',
      'Preorder now',
      'Listen now',
      'Send message',
      'Call now',
      'View now',
      'Interested',
    ],
    source: sourced('https://ads.tiktok.com/help/article/video-ads-specifications', "Ads Manager's call-to-action menu"),
  },
  meta: {
    platform: 'meta',
    fixed: true,
    labels: [
      'Shop now',
      'Learn more',
      'Sign up',
      'Download',
      'Book now',
      'Contact us',
      'Get quote',
      'Order now',
      'Subscribe',
      'Watch more',
      'Apply now',
      'Get offer',
      'Send message',
      'Call now',
      'Get directions',
      'Listen now',
      'See menu',
      'Request time',
      'Donate now',
      'Get showtimes',
      'Play game',
    ],
    source: sourced(
      'https://developers.facebook.com/docs/marketing-api/reference/ad-creative-link-data-call-to-action/',
      "the call_to_action types of Meta's Marketing API, as Ads Manager labels them",
    ),
  },
  google: {
    platform: 'google',
    fixed: false,
    labels: ['Shop now', 'Learn more', 'Order online today', 'Get a free quote', 'Sign up today', 'Book today'],
    source: houseDefault('responsive search ads have no button: the call to action is written as one more headline'),
  },
};
