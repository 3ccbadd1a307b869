import type { NodePack } from '@adloom/sdk';
import { pageLanding } from './landing.ts';

export type { UtmTags } from './cta-link.ts';
export { ctaLink } from './cta-link.ts';
export { escapeHtml } from './html-escape.ts';
export { pageLanding } from './landing.ts';
export type { Block, LandingLayout, LayoutName } from './layouts.ts';
export { LAYOUT_NAMES, LAYOUTS } from './layouts.ts';
export type { InlineMedia, LandingContent } from './render-landing.ts';
export { LANDING_CSP, renderLanding } from './render-landing.ts';

/** Landing pages: self-contained static pages, one per variant. */
export const pack: NodePack = {
  name: '@adloom/nodes-page',
  nodes: [pageLanding],
};
