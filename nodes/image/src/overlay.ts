import { type ArtifactRef, defineNode, NodeError, type RunContext } from '@adloom/sdk';
import type { OverlayOptions } from 'sharp';
import { z } from 'zod';
import { blend, contrastRatio, hexColor, parseHexColor, type Rgb, relativeLuminance } from './color.ts';
import { fontFace } from './fonts.ts';
import { carriedFormatMeta, fittedFormatOf, requireImage } from './image-input.ts';
import { loadSharp } from './load-sharp.ts';
import { FORMAT_PRESET_LABELS, presetEditParams, type Rect, resolvePreset, safeRect, safeZoneSchema } from './presets.ts';
import { colorizeMask, fitText, type TextMask } from './text-render.ts';

export const overlayParams = z.object({
  preset: z
    .string()
    .default('auto')
    .describe('Format whose safe zone holds the text; auto: the one image.fit recorded on the image, else a 5% margin'),
  safeZone: safeZoneSchema.optional().describe("Insets in pixels of this image; replaces the preset's safe zone"),
  ...presetEditParams,
  placement: z.enum(['bottom', 'center', 'top']).default('bottom').describe('Where the headline and button sit in the safe zone'),
  align: z.enum(['center', 'left']).default('center'),
  textColor: hexColor.default('#ffffff'),
  ctaColor: hexColor.default('#ffffff').describe('Button colour'),
  ctaTextColor: hexColor.default('#111111').describe('Button label colour'),
  maxFontSize: z
    .number()
    .int()
    .min(6)
    .max(400)
    .optional()
    .describe('Largest headline size in pixels; found from the safe zone when empty'),
  minFontSize: z.number().int().min(4).max(100).default(10).describe('Below this the headline is shortened instead of shrunk'),
  scrim: z
    .enum(['auto', 'always', 'never'])
    .default('auto')
    .describe('A translucent band behind the text; auto adds one when the text would not stand out enough'),
  minContrast: z
    .number()
    .min(1)
    .max(21)
    .default(4.5)
    .describe('WCAG contrast ratio the headline needs against what is behind it'),
  logoPosition: z.enum(['top-left', 'top-right', 'bottom-left', 'bottom-right']).default('top-left'),
  logoScale: z.number().min(0.05).max(1).default(0.25).describe('Largest logo width, as a share of the safe zone width'),
});

type OverlayParams = z.infer<typeof overlayParams>;

/** The copy object from a text node: the fields this node reads. */
interface CopyLike {
  headline?: unknown;
  callToAction?: unknown;
  cta?: unknown;
}

function textValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function textsFrom(inputs: Record<string, unknown>): { headline?: string; cta?: string } {
  const copy = inputs.copy;
  if (copy !== undefined && (copy === null || typeof copy !== 'object')) {
    throw new NodeError('input "copy" needs ad copy (an object with a headline and a call to action)', { port: 'copy' });
  }
  const fromCopy = (copy ?? {}) as CopyLike;
  return {
    headline: textValue(inputs.headline) ?? textValue(fromCopy.headline),
    cta: textValue(inputs.cta) ?? textValue(fromCopy.callToAction) ?? textValue(fromCopy.cta),
  };
}

/** The rectangle the overlay must stay inside, and where that came from. */
function visibleRect(
  image: ArtifactRef,
  size: { width: number; height: number },
  params: OverlayParams,
  log: (m: string) => void,
) {
  if (params.safeZone) {
    const rect = safeRect(params.safeZone, size, size);
    if (rect.width <= 0 || rect.height <= 0)
      throw new NodeError('the safe zone leaves no room on this image', { param: 'safeZone' });
    return { rect, preset: undefined };
  }
  if (params.preset !== 'auto') {
    const preset = resolvePreset(params.preset, params, 'preset');
    const imageRatio = size.width / size.height;
    const presetRatio = preset.width / preset.height;
    if (Math.abs(Math.log(imageRatio / presetRatio)) > 0.02) {
      log(
        `the image is ${size.width}×${size.height} but preset ${preset.id} is ${preset.width}×${preset.height}; its safe zone was scaled to fit. Fit the image to the preset first`,
      );
    }
    return { rect: safeRect(preset.safeZone, preset, size), preset: preset.id };
  }
  const fitted = fittedFormatOf(image);
  if (fitted) {
    const edit = params.safeZones?.[fitted.preset];
    return { rect: safeRect({ ...fitted.safeZone, ...edit }, fitted.presetSize, size), preset: fitted.preset };
  }
  const margin = Math.round(Math.min(size.width, size.height) * 0.05);
  log('the image carries no format preset (fit it first, or set preset): text kept 5% inside the edges');
  return { rect: { x: margin, y: margin, width: size.width - 2 * margin, height: size.height - 2 * margin }, preset: undefined };
}

function inset(rect: Rect, by: number): Rect {
  return { x: rect.x + by, y: rect.y + by, width: Math.max(1, rect.width - 2 * by), height: Math.max(1, rect.height - 2 * by) };
}

/** The average colour behind a rectangle, and that average pushed one standard deviation either way. */
async function backgroundBehind(path: string, rect: Rect): Promise<{ mean: Rgb; lighter: Rgb; darker: Rgb }> {
  const sharp = await loadSharp();
  const stats = await sharp(path, { autoOrient: true })
    .extract({ left: rect.x, top: rect.y, width: Math.max(1, rect.width), height: Math.max(1, rect.height) })
    .removeAlpha()
    .stats();
  const [r, g, b] = stats.channels;
  const mean = { r: r?.mean ?? 0, g: g?.mean ?? 0, b: b?.mean ?? 0 };
  const shift = (sign: number) => ({
    r: mean.r + sign * (r?.stdev ?? 0),
    g: mean.g + sign * (g?.stdev ?? 0),
    b: mean.b + sign * (b?.stdev ?? 0),
  });
  return { mean, lighter: shift(1), darker: shift(-1) };
}

/** The weakest contrast between the text and the background's likely colours. */
function worstContrast(
  text: Rgb,
  background: { mean: Rgb; lighter: Rgb; darker: Rgb },
  scrim?: { color: Rgb; alpha: number },
): number {
  const textLuminance = relativeLuminance(text);
  const shade = (c: Rgb) => (scrim ? blend(c, scrim.color, scrim.alpha) : c);
  return Math.min(
    ...[background.mean, background.lighter, background.darker].map((c) =>
      contrastRatio(textLuminance, relativeLuminance(shade(c))),
    ),
  );
}

function roundedRect(width: number, height: number, radius: number, fill: Rgb, opacity = 1): Buffer {
  const color = `rgb(${Math.round(fill.r)},${Math.round(fill.g)},${Math.round(fill.b)})`;
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="${width}" height="${height}" rx="${radius}" ry="${radius}" fill="${color}" fill-opacity="${opacity}"/></svg>`,
  );
}

interface Placed {
  rect: Rect;
}

interface Layout {
  headline?: Placed & { text: TextMask };
  button?: Placed & { label: TextMask; labelRect: Rect };
  logo?: Placed & { data: Buffer };
  /** The text block, headline and button together. */
  block?: Rect;
  gap: number;
}

async function fitButton(
  label: string,
  maxWidth: number,
  height: number,
  minFontSize: number,
): Promise<{ label: TextMask; width: number; height: number } | undefined> {
  const padX = Math.round(height * 0.5);
  const text = await fitText(
    label,
    { width: Math.max(1, maxWidth - 2 * padX), height: Math.max(1, Math.round(height * 0.5)) },
    {
      face: fontFace('semibold'),
      minSize: Math.min(minFontSize, Math.round(height * 0.4)),
      maxSize: Math.round(height * 0.45),
    },
  );
  if (!text) return undefined;
  return { label: text, width: text.width + 2 * padX, height };
}

async function loadLogo(
  logo: ArtifactRef,
  maxWidth: number,
  maxHeight: number,
): Promise<{ data: Buffer; width: number; height: number }> {
  const sharp = await loadSharp();
  const { data, info } = await sharp(logo.path)
    .autoOrient()
    .resize(Math.max(1, Math.floor(maxWidth)), Math.max(1, Math.floor(maxHeight)), { fit: 'inside' })
    .png()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/**
 * Places logo, headline and button inside the safe rectangle. Wide banners (728×90, 320×50…)
 * get a row: logo, headline, button; everything else a stack at the chosen placement.
 */
async function layOut(
  safe: Rect,
  texts: { headline?: string; cta?: string },
  logo: ArtifactRef | undefined,
  params: OverlayParams,
  log: (m: string) => void,
): Promise<Layout> {
  const pad = Math.max(2, Math.round(Math.min(safe.width, safe.height) * 0.05));
  const inner = inset(safe, pad);
  const gap = Math.max(2, Math.round(Math.min(inner.width, inner.height) * 0.04));
  const centred = params.align === 'center';
  const layout: Layout = { gap };
  const headlineFace = fontFace('extrabold');

  if (inner.width / inner.height >= 3) {
    let left = inner.x;
    let right = inner.x + inner.width;
    if (logo) {
      const loaded = await loadLogo(logo, inner.width * Math.min(params.logoScale, 0.2), inner.height);
      layout.logo = {
        data: loaded.data,
        rect: {
          x: left,
          y: inner.y + Math.round((inner.height - loaded.height) / 2),
          width: loaded.width,
          height: loaded.height,
        },
      };
      left += loaded.width + gap * 2;
    }
    if (texts.cta) {
      const height = Math.round(inner.height * 0.7);
      const button = await fitButton(texts.cta, inner.width * 0.3, height, params.minFontSize);
      if (button) {
        const rect = {
          x: right - button.width,
          y: inner.y + Math.round((inner.height - height) / 2),
          width: button.width,
          height,
        };
        layout.button = { rect, label: button.label, labelRect: centreIn(rect, button.label) };
        right -= button.width + gap * 2;
      } else log(`the call to action "${texts.cta}" does not fit on a ${safe.width}×${safe.height} safe zone and was left out`);
    }
    if (texts.headline && right > left) {
      const box = { width: right - left, height: inner.height };
      const text = await fitText(texts.headline, box, {
        face: headlineFace,
        minSize: params.minFontSize,
        maxSize: params.maxFontSize ?? Math.round(inner.height * 0.45),
        align: centred ? 'centre' : 'left',
      });
      if (text) {
        const x = centred ? left + Math.round((box.width - text.width) / 2) : left;
        layout.headline = {
          text,
          rect: { x, y: inner.y + Math.round((inner.height - text.height) / 2), width: text.width, height: text.height },
        };
      }
    }
    const parts = [layout.headline?.rect, layout.button?.rect].filter((r): r is Rect => r !== undefined);
    if (parts.length) layout.block = union(parts);
    return layout;
  }

  // Stack: the logo takes a band at its corner; the text block lives in what is left.
  let bandTop = inner.y;
  let bandBottom = inner.y + inner.height;
  if (logo) {
    const loaded = await loadLogo(logo, inner.width * params.logoScale, inner.height * 0.14);
    const onRight = params.logoPosition.endsWith('right');
    const onTop = params.logoPosition.startsWith('top');
    const x = onRight ? inner.x + inner.width - loaded.width : inner.x;
    const y = onTop ? inner.y : inner.y + inner.height - loaded.height;
    layout.logo = { data: loaded.data, rect: { x, y, width: loaded.width, height: loaded.height } };
    if (onTop) bandTop += loaded.height + gap * 2;
    else bandBottom -= loaded.height + gap * 2;
  }
  const band = Math.max(1, bandBottom - bandTop);
  let button: Awaited<ReturnType<typeof fitButton>>;
  if (texts.cta) {
    const height = Math.max(Math.round(Math.min(band * 0.15, inner.width * 0.12)), Math.min(26, Math.round(band * 0.22)));
    button = await fitButton(texts.cta, inner.width * 0.8, height, params.minFontSize);
    if (!button)
      log(`the call to action "${texts.cta}" does not fit on a ${safe.width}×${safe.height} safe zone and was left out`);
  }
  let headline: TextMask | undefined;
  if (texts.headline) {
    const room = band - (button ? button.height + gap * 2 : 0);
    const box = {
      width: inner.width,
      height: Math.max(1, Math.round(params.placement === 'center' ? room : Math.min(room, band * 0.5))),
    };
    headline = await fitText(texts.headline, box, {
      face: headlineFace,
      minSize: params.minFontSize,
      maxSize: params.maxFontSize ?? Math.round(Math.min(inner.width * 0.12, inner.height * 0.1)),
      align: centred ? 'centre' : 'left',
    });
    if (!headline) log(`the headline does not fit on a ${safe.width}×${safe.height} safe zone and was left out`);
  }
  const blockHeight = (headline?.height ?? 0) + (headline && button ? gap * 2 : 0) + (button?.height ?? 0);
  let y =
    params.placement === 'top'
      ? bandTop
      : params.placement === 'bottom'
        ? bandBottom - blockHeight
        : bandTop + Math.round((band - blockHeight) / 2);
  const xFor = (width: number) => (centred ? inner.x + Math.round((inner.width - width) / 2) : inner.x);
  if (headline) {
    layout.headline = { text: headline, rect: { x: xFor(headline.width), y, width: headline.width, height: headline.height } };
    y += headline.height + (button ? gap * 2 : 0);
  }
  if (button) {
    const rect = { x: xFor(button.width), y, width: button.width, height: button.height };
    layout.button = { rect, label: button.label, labelRect: centreIn(rect, button.label) };
  }
  const parts = [layout.headline?.rect, layout.button?.rect].filter((r): r is Rect => r !== undefined);
  if (parts.length) layout.block = union(parts);
  return layout;
}

function centreIn(outer: Rect, inner: { width: number; height: number }): Rect {
  return {
    x: outer.x + Math.round((outer.width - inner.width) / 2),
    y: outer.y + Math.round((outer.height - inner.height) / 2),
    width: inner.width,
    height: inner.height,
  };
}

function union(rects: Rect[]): Rect {
  const x = Math.min(...rects.map((r) => r.x));
  const y = Math.min(...rects.map((r) => r.y));
  const right = Math.max(...rects.map((r) => r.x + r.width));
  const bottom = Math.max(...rects.map((r) => r.y + r.height));
  return { x, y, width: right - x, height: bottom - y };
}

function clip(rect: Rect, within: Rect): Rect {
  const x = Math.max(rect.x, within.x);
  const y = Math.max(rect.y, within.y);
  const right = Math.min(rect.x + rect.width, within.x + within.width);
  const bottom = Math.min(rect.y + rect.height, within.y + within.height);
  return { x, y, width: Math.max(0, right - x), height: Math.max(0, bottom - y) };
}

async function runOverlay(context: RunContext<OverlayParams>) {
  const sharp = await loadSharp();
  const { params, inputs, log } = context;
  const image = requireImage(inputs.image, 'image');
  const logo = inputs.logo === undefined ? undefined : requireImage(inputs.logo, 'logo');
  const texts = textsFrom(inputs);
  if (!texts.headline && !texts.cta && !logo) {
    log('no headline, call to action or logo arrived: the image passes through unchanged');
    return { image };
  }
  const metadata = await sharp(image.path).metadata();
  // Photos from cameras may be stored sideways with an EXIF orientation: work on them upright.
  const size = { width: metadata.autoOrient.width, height: metadata.autoOrient.height };
  const visible = visibleRect(image, size, params, log);
  const layout = await layOut(visible.rect, texts, logo, params, log);

  const textColor = parseHexColor(params.textColor);
  const layers: OverlayOptions[] = [];
  let scrim: { alpha: number; contrastBefore: number; contrastAfter: number } | undefined;
  let contrast: number | undefined;
  if (layout.headline) {
    const background = await backgroundBehind(image.path, layout.headline.rect);
    contrast = worstContrast(textColor, background);
    if (params.scrim === 'always' || (params.scrim === 'auto' && contrast < params.minContrast)) {
      // Dark behind light text, light behind dark text; just as opaque as the contrast needs.
      const color = relativeLuminance(textColor) > 0.4 ? { r: 0, g: 0, b: 0 } : { r: 255, g: 255, b: 255 };
      let alpha = 0.4;
      while (alpha < 0.85 && worstContrast(textColor, background, { color, alpha }) < params.minContrast) alpha += 0.05;
      alpha = Math.round(alpha * 100) / 100;
      const block = layout.block ?? layout.headline.rect;
      const band = clip(
        { x: visible.rect.x, y: block.y - layout.gap, width: visible.rect.width, height: block.height + 2 * layout.gap },
        visible.rect,
      );
      if (band.width > 0 && band.height > 0) {
        layers.push({
          input: roundedRect(band.width, band.height, Math.min(layout.gap, 16), color, alpha),
          left: band.x,
          top: band.y,
        });
        const contrastAfter = worstContrast(textColor, background, { color, alpha });
        scrim = { alpha, contrastBefore: round2(contrast), contrastAfter: round2(contrastAfter) };
        if (contrastAfter < params.minContrast) {
          log(
            `the headline reaches a contrast of only ${contrastAfter.toFixed(1)} (wanted ${params.minContrast}) even with a scrim; pick another text colour`,
          );
        }
      }
    }
    layers.push({ ...colorizeMask(layout.headline.text, textColor), left: layout.headline.rect.x, top: layout.headline.rect.y });
    if (layout.headline.text.text !== texts.headline) log(`the headline was shortened to fit: "${layout.headline.text.text}"`);
  }
  if (layout.button) {
    const { rect } = layout.button;
    layers.push({
      input: roundedRect(rect.width, rect.height, Math.round(rect.height * 0.3), parseHexColor(params.ctaColor)),
      left: rect.x,
      top: rect.y,
    });
    layers.push({
      ...colorizeMask(layout.button.label, parseHexColor(params.ctaTextColor)),
      left: layout.button.labelRect.x,
      top: layout.button.labelRect.y,
    });
  }
  if (layout.logo) layers.push({ input: layout.logo.data, left: layout.logo.rect.x, top: layout.logo.rect.y });

  const data = await sharp(image.path, { autoOrient: true }).composite(layers).png().toBuffer();
  const out = await context.artifacts.write(data, {
    kind: 'image',
    mime: 'image/png',
    width: size.width,
    height: size.height,
    ...(image.provider ? { provider: image.provider } : {}),
    meta: {
      ...carriedFormatMeta(image),
      safeRect: visible.rect,
      overlay: {
        ...(layout.headline
          ? {
              headline: layout.headline.text.text,
              headlineSize: layout.headline.text.fontSize,
              ...(layout.headline.text.lines ? { headlineLines: layout.headline.text.lines } : {}),
              headlineBox: layout.headline.rect,
            }
          : {}),
        ...(layout.button
          ? { cta: layout.button.label.text, ctaSize: layout.button.label.fontSize, ctaBox: layout.button.rect }
          : {}),
        ...(contrast !== undefined ? { contrast: round2(contrast) } : {}),
        ...(scrim ? { scrim } : {}),
        ...(layout.logo ? { logo: layout.logo.rect } : {}),
      },
    },
  });
  return { image: out };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

export const imageOverlay = defineNode({
  type: 'image.overlay',
  version: 1,
  title: 'Headline, button and logo',
  category: 'Image',
  description:
    "Puts a headline, a call-to-action button and a logo onto an image, inside the format's safe zone, with the text sized to fit and a scrim where it would not stand out.",
  inputs: [
    { name: 'image', type: 'image' },
    { name: 'headline', type: 'text', optional: true },
    { name: 'cta', type: 'text', optional: true, description: 'Button label, e.g. Shop now' },
    {
      name: 'copy',
      type: 'copy',
      optional: true,
      description: 'Ad copy: its headline and call to action, unless those inputs are connected',
    },
    { name: 'logo', type: 'image', optional: true },
  ],
  outputs: [{ name: 'image', type: 'image' }],
  params: overlayParams,
  paramHints: {
    preset: { picker: 'preset', enumLabels: { auto: 'Auto (from image.fit)', ...FORMAT_PRESET_LABELS } },
    textColor: { color: true },
    ctaColor: { color: true },
    ctaTextColor: { color: true },
  },
  run: runOverlay,
});
