import { readFile } from 'node:fs/promises';
import { type ArtifactRef, type CopyInput, copyInputSchema, defineNode, isArtifactRef, NodeError } from '@adloom/sdk';
import { z } from 'zod';
import { CtaLinkError, ctaLink } from './cta-link.ts';
import { LAYOUT_NAMES, LAYOUTS } from './layouts.ts';
import { HEX_COLOR, type InlineMedia, renderLanding } from './render-landing.ts';

/** Formats every browser shows inline; anything else would be a broken image on the page. */
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/avif']);
const VIDEO_TYPES = new Set(['video/mp4', 'video/webm']);

const artifact = z.custom<ArtifactRef>((value) => isArtifactRef(value));

const copySchema = copyInputSchema;
type PageCopy = CopyInput;

/** The variant fields a page reads (the `variant` port's shape, as variants.split makes it). */
const variantSchema = z.looseObject({
  id: z.string().min(1),
  copy: copySchema.optional(),
  headline: z.string().optional(),
  cta: z.string().optional(),
  image: artifact.optional(),
  video: artifact.optional(),
});

const color = z.string().regex(HEX_COLOR, 'use a hex colour like #1a73e8');

export const landingParams = z.object({
  template: z.enum(LAYOUT_NAMES).default('hero-top').describe('The layout'),
  ctaUrl: z.string().optional().describe('Where the button goes (http or https); a connected ctaUrl input wins'),
  ctaLabel: z.string().min(1).default('Learn more').describe("The button's words when the copy has no call to action"),
  brand: z.string().optional().describe('A small line above the headline'),
  title: z.string().optional().describe("The browser tab's title; the headline when unset"),
  imageAlt: z.string().default('').describe('Alt text for the hero image; empty marks it decorative'),
  footer: z.string().optional().describe('Small print under the page'),
  lang: z
    .string()
    .regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, 'use a language tag like en or pt-BR')
    .default('en'),
  accent: color.default('#1a73e8').describe('Button colour'),
  onAccent: color.default('#ffffff').describe('Button text colour'),
  background: color.default('#ffffff'),
  text: color.default('#1b1b1f'),
  utmSource: z.string().min(1).default('landing_page').describe('utm_source on the CTA link'),
  utmMedium: z.string().min(1).default('referral').describe('utm_medium on the CTA link'),
  utmCampaign: z.string().min(1).optional().describe('utm_campaign on the CTA link'),
  utmContent: z.string().min(1).optional().describe('utm_content when no variant is connected (a variant sets its id)'),
  maxInlineMB: z.number().gt(0).max(200).default(25).describe('Most megabytes of image and video to inline in the page'),
});

export const pageLanding = defineNode({
  type: 'page.landing',
  version: 1,
  title: 'Landing page',
  category: 'Pages',
  description:
    "A self-contained static landing page: one HTML file with inline CSS and the image and video inlined, so it loads nothing from anywhere. Connect a list of variants to get one page per variant, using each variant's copy, headline, CTA and image (a directly connected copy, image or video wins over the variant's), with utm_content set to its id on the CTA link.",
  inputs: [
    { name: 'copy', type: 'copy', optional: true },
    { name: 'image', type: 'image', optional: true, description: 'The hero image' },
    { name: 'video', type: 'video', optional: true },
    { name: 'ctaUrl', type: 'text', optional: true, description: 'Where the button goes (http or https)' },
    { name: 'variant', type: 'variant', optional: true, description: 'A variant from variants.split' },
  ],
  outputs: [
    { name: 'page', type: 'file', description: 'The page: index.html' },
    { name: 'link', type: 'text', description: 'The CTA link with its UTM tags' },
  ],
  params: landingParams,
  paramHints: {
    template: { enumLabels: Object.fromEntries(LAYOUT_NAMES.map((name) => [name, LAYOUTS[name].label])) },
    ctaUrl: { placeholder: 'https://example.com/shop' },
    accent: { color: true },
    onAccent: { color: true },
    background: { color: true },
    text: { color: true },
    footer: { multiline: true },
  },
  async run({ inputs, params, artifacts }) {
    const variant =
      inputs.variant === undefined
        ? undefined
        : parseInput(variantSchema, inputs.variant, 'variant', 'a variant from variants.split');
    const copy: PageCopy | undefined =
      inputs.copy === undefined
        ? variant?.copy
        : parseInput(copySchema, inputs.copy, 'copy', 'ad copy (headline, primaryText, callToAction)');
    // A variant's own headline and CTA levels are what it tests: they win over any copy's.
    const headline = variant?.headline ?? copy?.headline;
    if (!headline?.trim()) {
      throw new NodeError('the page needs a headline: connect "copy", or a variant that has copy or a headline', {
        port: 'copy',
      });
    }
    const image = inputs.image === undefined ? variant?.image : checkMedia(inputs.image, 'image');
    const video = inputs.video === undefined ? variant?.video : checkMedia(inputs.video, 'video');
    if (!image && !video) {
      throw new NodeError('the page needs a hero image: connect "image", or a variant that has an image or a video', {
        port: 'image',
      });
    }
    const inlined = [image, video].reduce((sum, ref) => sum + (ref?.bytes ?? 0), 0);
    if (inlined > params.maxInlineMB * 1024 * 1024) {
      throw new NodeError(
        `the image and video come to ${(inlined / 1024 / 1024).toFixed(1)} MB, more than maxInlineMB (${params.maxInlineMB}) allows inline in one page; use a smaller or shorter file or raise the limit`,
        { param: 'maxInlineMB', port: video ? 'video' : 'image' },
      );
    }

    const fromInput = inputs.ctaUrl !== undefined;
    const rawUrl = fromInput ? String(inputs.ctaUrl) : params.ctaUrl;
    const place = fromInput ? { port: 'ctaUrl' } : { param: 'ctaUrl' };
    if (rawUrl === undefined || rawUrl.trim() === '') {
      throw new NodeError('the page needs a CTA link: set the ctaUrl param or connect the ctaUrl input', place);
    }
    let href: string;
    try {
      href = ctaLink(rawUrl, {
        utm_source: params.utmSource,
        utm_medium: params.utmMedium,
        utm_campaign: params.utmCampaign,
        utm_content: variant?.id ?? params.utmContent,
      });
    } catch (error) {
      if (error instanceof CtaLinkError) throw new NodeError(`ctaUrl ${error.message}`, place);
      throw error;
    }

    const html = renderLanding({
      layout: params.template,
      lang: params.lang,
      title: params.title ?? (params.brand ? `${headline} | ${params.brand}` : headline),
      headline,
      body: copy?.primaryText || undefined,
      description: copy?.description || undefined,
      brand: params.brand,
      footer: params.footer,
      cta: { label: variant?.cta ?? (copy?.callToAction || params.ctaLabel), href },
      image: image ? { ...(await inline(image)), alt: params.imageAlt } : undefined,
      video: video ? await inline(video) : undefined,
      colors: { accent: params.accent, onAccent: params.onAccent, background: params.background, text: params.text },
    });
    const page = await artifacts.write(new TextEncoder().encode(html), {
      kind: 'file',
      mime: 'text/html',
      meta: {
        name: variant ? `${variant.id}.html` : 'index.html',
        template: params.template,
        ...(variant ? { variantId: variant.id } : {}),
      },
    });
    return { page, link: href };
  },
});

function parseInput<T>(schema: z.ZodType<T>, value: unknown, port: string, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new NodeError(`"${port}" did not get ${what}`, { port });
  return parsed.data;
}

function checkMedia(value: unknown, port: 'image' | 'video'): ArtifactRef {
  if (!isArtifactRef(value) || value.kind !== port) {
    throw new NodeError(`"${port}" did not get ${port === 'image' ? 'an image' : 'a video'}`, { port });
  }
  return value as unknown as ArtifactRef;
}

/** A stored image or video as a `data:` URI, if it is a type browsers show. */
async function inline(ref: ArtifactRef): Promise<InlineMedia> {
  const allowed = ref.kind === 'video' ? VIDEO_TYPES : IMAGE_TYPES;
  if (!allowed.has(ref.mime)) {
    throw new NodeError(
      `the ${ref.kind} is ${ref.mime}, which browsers do not show; use ${[...allowed].map((t) => t.split('/')[1]).join(', ')}`,
      { port: ref.kind === 'video' ? 'video' : 'image' },
    );
  }
  const bytes = await readFile(ref.path);
  return { src: `data:${ref.mime};base64,${bytes.toString('base64')}`, width: ref.width, height: ref.height };
}
