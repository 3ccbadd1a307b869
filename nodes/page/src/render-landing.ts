import { escapeHtml } from './html-escape.ts';
import { type Block, LAYOUTS, type LayoutName } from './layouts.ts';

/**
 * The page's Content Security Policy: it may load nothing from anywhere, only show the images
 * and video inlined in it and use its own inline style. Following the CTA link is navigation,
 * which CSP leaves alone.
 */
export const LANDING_CSP =
  "default-src 'none'; img-src data: 'self'; style-src 'unsafe-inline'; media-src data: 'self'; base-uri 'none'; form-action 'none'";

/** An image or video already turned into a `data:` URI. */
export interface InlineMedia {
  src: string;
  width?: number;
  height?: number;
}

export interface LandingContent {
  layout: LayoutName;
  lang: string;
  title: string;
  headline: string;
  body?: string;
  description?: string;
  brand?: string;
  footer?: string;
  cta: { label: string; href: string };
  image?: InlineMedia & { alt: string };
  video?: InlineMedia;
  colors: { accent: string; onAccent: string; background: string; text: string };
}

const BASE_CSS = `*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;line-height:1.5;color:var(--text);background:var(--background)}
main{max-width:72rem;margin:0 auto}
.hero{margin:0}
.hero img,.video video{display:block;width:100%;height:auto}
.video{margin:0}
.copy{padding:1.5rem 1.25rem 2rem}
.brand{margin:0 0 .5rem;font-size:.8rem;font-weight:600;letter-spacing:.08em;text-transform:uppercase;opacity:.75}
h1{margin:0 0 .75rem;font-size:clamp(1.75rem,7vw,3rem);line-height:1.15}
.body{margin:0 0 1rem;font-size:1.125rem;white-space:pre-line}
.description{margin:0 0 1.5rem;opacity:.8}
.cta{display:block;min-height:44px;padding:1rem 1.5rem;border-radius:.5rem;background:var(--accent);color:var(--on-accent);font-size:1.125rem;font-weight:700;text-align:center;text-decoration:none}
.cta:focus-visible{outline:3px solid var(--text);outline-offset:3px}
footer{padding:1rem 1.25rem 2rem;font-size:.8rem;opacity:.7;text-align:center}
@media (min-width:48rem){.cta{display:inline-block}.copy{padding:2.5rem 2rem}}`;

/** A CSS hex colour: the only colour form the page accepts, so no value can break out of its rule. */
export const HEX_COLOR = /^#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/;

function sizeAttributes(media: InlineMedia): string {
  return media.width && media.height ? ` width="${media.width}" height="${media.height}"` : '';
}

/** A static landing page as one HTML document: every text escaped, every medium inline. */
export function renderLanding(content: LandingContent): string {
  const layout = LAYOUTS[content.layout];
  const { image, video } = content;
  const posterOnly = layout.imageAsPoster && video !== undefined;
  // A video-first page without a video reads like hero-top.
  const order: readonly Block[] = layout.imageAsPoster && !video ? LAYOUTS['hero-top'].order : layout.order;
  const blocks: Record<Block, string | undefined> = {
    hero:
      image && !posterOnly
        ? `<figure class="hero"><img src="${escapeHtml(image.src)}" alt="${escapeHtml(image.alt)}"${sizeAttributes(image)}></figure>`
        : undefined,
    video: video
      ? `<figure class="video"><video src="${escapeHtml(video.src)}"${posterOnly && image ? ` poster="${escapeHtml(image.src)}"` : ''}${sizeAttributes(video)} controls playsinline muted loop preload="metadata"></video></figure>`
      : undefined,
    copy: [
      '<section class="copy">',
      content.brand ? `<p class="brand">${escapeHtml(content.brand)}</p>` : '',
      `<h1>${escapeHtml(content.headline)}</h1>`,
      content.body ? `<p class="body">${escapeHtml(content.body)}</p>` : '',
      content.description ? `<p class="description">${escapeHtml(content.description)}</p>` : '',
      `<a class="cta" href="${escapeHtml(content.cta.href)}">${escapeHtml(content.cta.label)}</a>`,
      '</section>',
    ].join(''),
  };
  const { colors } = content;
  for (const [name, value] of Object.entries(colors)) {
    if (!HEX_COLOR.test(value)) throw new RangeError(`colour ${name} must be a hex colour like #1a73e8, not "${value}"`);
  }
  const vars = `:root{--accent:${colors.accent};--on-accent:${colors.onAccent};--background:${colors.background};--text:${colors.text}}`;
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(content.lang)}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${LANDING_CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(content.title)}</title>`,
    content.body ? `<meta name="description" content="${escapeHtml(content.body)}">` : '',
    `<style>${vars}\n${BASE_CSS}\n${layout.css}</style>`,
    '</head>',
    `<body class="layout-${content.layout}">`,
    `<main>${order.map((block) => blocks[block] ?? '').join('')}</main>`,
    content.footer ? `<footer>${escapeHtml(content.footer)}</footer>` : '',
    '</body>',
    '</html>',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n')
    .concat('\n');
}
