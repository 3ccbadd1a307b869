/*
 * Whether a row of a node's text fits its width, measured with a canvas once per font and text.
 *
 * Only rows that do not fit get an overflow clip (the `is-long` class, which draws the ellipsis).
 * A clip on every row made Chromium paint each node's contents again on every pan and zoom frame,
 * where rows without one are reused (bench/editor/profile.ts), and most rows fit.
 */

/** The fonts of a node's rows, as `.graph-node` and its rows set them in editor.css. */
export type RowFont = 'title' | 'body' | 'small' | 'smallBold' | 'mono' | 'monoSmall';

const FONTS: Record<RowFont, { size: number; weight?: number; family: '--font' | '--mono' }> = {
  title: { size: 13, weight: 600, family: '--font' },
  body: { size: 12, family: '--font' },
  small: { size: 11, family: '--font' },
  smallBold: { size: 11, weight: 600, family: '--font' },
  mono: { size: 11, family: '--mono' },
  monoSmall: { size: 10, family: '--mono' },
};

/** A node's width (260) less its border and the rows' 12 px padding on each side. */
export const ROW_WIDTH = 234;
/** A port's row: half the node less the 12 px padding on its outer side. */
export const PORT_WIDTH = 117;
/** The gap after a label drawn in front of a row's text (--u, or a port type's 6 px). */
export const LABEL_GAP = 8;
/** Room kept for the difference between a canvas's measure and the page's layout of the same text. */
const SLACK = 6;
/** Longer text never fits a row: it is not measured at all. */
const MAX_LENGTH = 120;
const MAX_CACHED = 20_000;

let context: CanvasRenderingContext2D | null | undefined;
const fontStrings = new Map<RowFont, string>();
const widths = new Map<string, number>();

function measureContext(): CanvasRenderingContext2D | null {
  if (context === undefined) {
    context = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  }
  return context;
}

function fontString(font: RowFont): string {
  let known = fontStrings.get(font);
  if (!known) {
    const { size, weight, family } = FONTS[font];
    const families = getComputedStyle(document.documentElement).getPropertyValue(family).trim() || 'sans-serif';
    known = `${weight ?? 400} ${size}px ${families}`;
    fontStrings.set(font, known);
  }
  return known;
}

/** The text's width in px in the row font, or Infinity where it cannot be measured. */
export function textWidth(text: string, font: RowFont): number {
  if (!text) return 0;
  if (text.length > MAX_LENGTH) return Number.POSITIVE_INFINITY;
  const ctx = measureContext();
  if (!ctx) return Number.POSITIVE_INFINITY;
  const key = `${font}\u0000${text}`;
  let width = widths.get(key);
  if (width === undefined) {
    ctx.font = fontString(font);
    width = ctx.measureText(text).width;
    if (widths.size >= MAX_CACHED) widths.clear();
    widths.set(key, width);
  }
  return width;
}

/** Whether parts laid out on one line (text and the labels beside it) fit in `room` px. */
export function fitsRow(room: number, ...parts: [text: string, font: RowFont][]): boolean {
  let used = SLACK;
  for (const [text, font] of parts) used += textWidth(text, font);
  return used <= room;
}

/** The class a row gets when its text does not fit: clipped, with an ellipsis. */
export function longClass(fits: boolean): string {
  return fits ? '' : ' is-long';
}
