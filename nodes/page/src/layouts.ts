/** The blocks a landing page is made of. */
export type Block = 'hero' | 'copy' | 'video';

/** A page layout as data: the order of its blocks on a phone, and the CSS that lays them out wider. */
export interface LandingLayout {
  label: string;
  description: string;
  /** Blocks in reading order, top to bottom, on a narrow screen. */
  order: readonly Block[];
  /** With a video, the image becomes its poster instead of a block of its own. */
  imageAsPoster: boolean;
  /** CSS on top of the base, mobile first: widen with min-width media queries. */
  css: string;
}

export const LAYOUTS = {
  'hero-top': {
    label: 'Hero on top',
    description: 'The image across the top, the copy and the button under it, then the video if there is one.',
    order: ['hero', 'copy', 'video'],
    imageAsPoster: false,
    css: '@media (min-width: 48rem) { .hero img { max-height: 70vh; object-fit: cover; } .copy { max-width: 40rem; margin: 0 auto; } }',
  },
  split: {
    label: 'Split',
    description: 'Stacked on a phone; image and copy side by side on a wider screen.',
    order: ['hero', 'copy', 'video'],
    imageAsPoster: false,
    css: '@media (min-width: 48rem) { main { display: grid; grid-template-columns: 1fr 1fr; align-items: center; gap: 2rem; padding: 2rem; } .hero img { border-radius: 1rem; } .video { grid-column: 1 / -1; } }',
  },
  'video-first': {
    label: 'Video first',
    description: 'The video on top with the image as its poster, then the copy; without a video, like hero-top.',
    order: ['video', 'copy', 'hero'],
    imageAsPoster: true,
    css: '.video video { max-height: 80vh; background: #000; } @media (min-width: 48rem) { .copy { max-width: 40rem; margin: 0 auto; } }',
  },
} as const satisfies Record<string, LandingLayout>;

export type LayoutName = keyof typeof LAYOUTS;
export const LAYOUT_NAMES = Object.keys(LAYOUTS) as [LayoutName, ...LayoutName[]];
