import type { Rgb } from './color.ts';
import type { FontFace } from './fonts.ts';
import { loadSharp } from './load-sharp.ts';

/** Text as Pango reads it: its markup characters escaped, so user text is never parsed as markup. */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Rendered text: one byte of coverage per pixel, 255 where the glyphs are solid. */
export interface TextMask {
  mask: Buffer;
  width: number;
  height: number;
  fontSize: number;
  /** The text as given (or shortened), without the line breaks it was drawn with. */
  text: string;
  /** The lines as drawn, when the text was broken by hand to keep a word from standing alone on the last line. */
  lines?: string[];
}

export interface TextOptions {
  face: FontFace;
  /** In pixels (rendered at 72 dpi, where a point is a pixel). */
  fontSize: number;
  /** Wrap lines at this width, in pixels; none when absent. */
  wrapWidth?: number;
  align?: 'left' | 'centre';
}

/** Renders text with the bundled font into a coverage mask, cropped to the ink. */
export async function renderTextMask(text: string, options: TextOptions): Promise<TextMask> {
  const mask = await renderRaw(text, options);
  return { ...mask, text };
}

async function renderRaw(text: string, options: TextOptions): Promise<Omit<TextMask, 'text'>> {
  const sharp = await loadSharp();
  const { data, info } = await sharp({
    text: {
      text: escapeMarkup(text),
      font: `${options.face.name} ${options.fontSize}`,
      fontfile: options.face.file,
      dpi: 72,
      ...(options.wrapWidth ? { width: Math.max(1, Math.floor(options.wrapWidth)), wrap: 'word' as const } : {}),
      align: options.align ?? 'left',
    },
  })
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { mask: data, width: info.width, height: info.height, fontSize: options.fontSize };
}

/**
 * The lines Pango's word wrap would make, found by measuring: each line takes words while it
 * fits the width. Measured with the same face and size, so the breaks are the ones drawn.
 */
async function wrapLines(words: string[], options: TextOptions & { wrapWidth: number }): Promise<string[]> {
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && (await renderRaw(candidate, { ...options, wrapWidth: undefined })).width > options.wrapWidth) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * Redraws a wrapped text so its last line is not one word alone ("Grip that holds on wet / rock"
 * becomes "Grip that holds on / wet rock"): the word before moves down when the last line still
 * fits the width. Typesetters call the lone word a widow; the box's line count never grows.
 */
async function withoutLoneLastWord(mask: TextMask, options: TextOptions): Promise<TextMask> {
  const words = mask.text.trim().split(/\s+/);
  if (!options.wrapWidth || words.length < 3) return mask;
  const wrapOptions = { ...options, wrapWidth: options.wrapWidth };
  const lines = await wrapLines(words, wrapOptions);
  const last = lines.at(-1) ?? '';
  const before = lines.at(-2);
  if (lines.length < 2 || last.includes(' ') || !before?.includes(' ')) return mask;
  const moved = before.slice(before.lastIndexOf(' ') + 1);
  const newLast = `${moved} ${last}`;
  if ((await renderRaw(newLast, { ...options, wrapWidth: undefined })).width > options.wrapWidth) return mask;
  const balanced = [...lines.slice(0, -2), before.slice(0, before.lastIndexOf(' ')), newLast];
  const drawn = await renderRaw(balanced.join('\n'), options);
  return { ...drawn, text: mask.text, lines: balanced };
}

export interface FitOptions {
  face: FontFace;
  minSize: number;
  maxSize: number;
  align?: 'left' | 'centre';
}

/**
 * The largest rendering of `text` that fits the box, wrapping at word boundaries and shrinking
 * the font until it fits. When even the smallest size overflows, words are dropped from the end
 * behind an ellipsis; undefined when not a single word fits.
 */
export async function fitText(
  text: string,
  box: { width: number; height: number },
  options: FitOptions,
): Promise<TextMask | undefined> {
  const render = (candidate: string, size: number) =>
    renderTextMask(candidate, { face: options.face, fontSize: size, wrapWidth: box.width, align: options.align });
  const fits = (m: TextMask) => m.width <= box.width && m.height <= box.height;
  const balance = async (m: TextMask) => {
    const balanced = await withoutLoneLastWord(m, {
      face: options.face,
      fontSize: m.fontSize,
      wrapWidth: box.width,
      align: options.align,
    });
    return fits(balanced) ? balanced : m;
  };
  const minSize = Math.max(1, Math.floor(Math.min(options.minSize, options.maxSize)));
  const maxSize = Math.max(minSize, Math.floor(options.maxSize));

  const smallest = await render(text, minSize);
  if (fits(smallest)) {
    let best = smallest;
    let low = minSize + 1;
    let high = maxSize;
    while (low <= high) {
      const mid = Math.floor((low + high) / 2);
      const candidate = await render(text, mid);
      if (fits(candidate)) {
        best = candidate;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return balance(best);
  }
  const words = text.trim().split(/\s+/);
  for (let keep = words.length - 1; keep >= 1; keep--) {
    const candidate = await render(`${words.slice(0, keep).join(' ')}…`, minSize);
    if (fits(candidate)) return balance(candidate);
  }
  return undefined;
}

/** A text mask painted in one colour, as RGBA pixels ready to composite. */
export function colorizeMask(
  mask: TextMask,
  color: Rgb,
  opacity = 1,
): { input: Buffer; raw: { width: number; height: number; channels: 4 } } {
  const pixels = mask.width * mask.height;
  const rgba = Buffer.alloc(pixels * 4);
  const r = Math.round(color.r);
  const g = Math.round(color.g);
  const b = Math.round(color.b);
  for (let i = 0; i < pixels; i++) {
    rgba[i * 4] = r;
    rgba[i * 4 + 1] = g;
    rgba[i * 4 + 2] = b;
    rgba[i * 4 + 3] = Math.round((mask.mask[i] as number) * opacity);
  }
  return { input: rgba, raw: { width: mask.width, height: mask.height, channels: 4 } };
}
