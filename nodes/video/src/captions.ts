import type { SafeZone } from './presets.ts';

/** How captions look and where they sit. */
export interface CaptionStyle {
  /** Font family as the font file names it. */
  fontName: string;
  /** Line height in output pixels. */
  fontSize: number;
  /** `#RRGGBB`. */
  color: string;
  /** `#RRGGBB` of the box behind the text. */
  boxColor: string;
  /** 0 (no box) to 1 (solid). */
  boxOpacity: number;
  position: 'bottom' | 'center' | 'top';
}

/** One caption and when it shows, in seconds. */
export interface TimedCaption {
  text: string;
  start: number;
  end: number;
}

/** A rectangle in the output's pixels. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A caption laid out: the lines it is drawn in and the box libass draws them in (padding included). */
export interface PlacedCaption extends TimedCaption {
  lines: string[];
  box: Box;
}

/** A line's width in output pixels at the caption's font size, as the font advances it. */
export type MeasureText = (text: string) => number;

export interface CaptionFrame {
  width: number;
  height: number;
  safeZone: SafeZone;
}

const WORD_JOINER = '\u2060';
const FADE_MS = 200;

/**
 * A caption as ASS dialogue text that libass shows literally. libass reads `\N`, `\n`, `\h`
 * and `{…}` as commands: a backslash gets an invisible word joiner after it so it never starts
 * one, braces are escaped as `\{` `\}`, and line breaks become `\N`. Everything else (quotes,
 * colons, percent signs, commas, brackets, emoji) is plain text in a file and needs nothing.
 */
export function escapeCaptionText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .trim()
    .replaceAll('\\', `\\${WORD_JOINER}`)
    .replaceAll('{', '\\{')
    .replaceAll('}', '\\}')
    .replaceAll('\n', '\\N');
}

/** `#RRGGBB` and an opacity as ASS's `&HAABBGGRR` (alpha 00 is opaque). */
export function assColor(hex: string, opacity = 1): string {
  const match = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  if (!match) throw new Error(`"${hex}" is not a #RRGGBB colour`);
  const [, r, g, b] = match as unknown as [string, string, string, string];
  const alpha = Math.round((1 - Math.min(1, Math.max(0, opacity))) * 255);
  return `&H${[alpha.toString(16).padStart(2, '0'), b, g, r].join('').toUpperCase()}`;
}

function assTime(seconds: number): string {
  const cs = Math.max(0, Math.round(seconds * 100));
  const h = Math.floor(cs / 360_000);
  const m = Math.floor(cs / 6000) % 60;
  const s = Math.floor(cs / 100) % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(cs % 100).padStart(2, '0')}`;
}

/** The ASS layout numbers of a style in a frame: what the script's style line says. */
function layoutNumbers(frame: CaptionFrame, style: CaptionStyle) {
  const { safeZone } = frame;
  const padding = Math.round(style.fontSize * 0.35);
  return {
    padding,
    alignment: { bottom: 2, center: 5, top: 8 }[style.position],
    marginV: style.position === 'top' ? safeZone.top + padding : safeZone.bottom + padding,
    marginL: safeZone.left + padding,
    marginR: safeZone.right + padding,
    // Centre of the safe zone, not of the frame: 9:16 safe zones are taller at the bottom.
    centreX: Math.round((safeZone.left + frame.width - safeZone.right) / 2),
    centreY: Math.round((safeZone.top + frame.height - safeZone.bottom) / 2),
  };
}

// Lines are broken here, a little short of libass's wrap width, so libass never breaks one again:
// its glyphs come out up to 1% wider than the font's advances (hinting, rounding per glyph).
const WRAP_SLACK = 0.97;

/**
 * Widths without the font file (fontconfig's default face is unknown): generous, so a line
 * broken by them still fits: 0.7 of the size is wider than any Latin letter of a common face
 * (libass's size is ascent plus descent, about 1.4 em), wide (CJK) characters a full size.
 */
export function estimateTextWidth(fontSize: number): MeasureText {
  return (text) => {
    let width = 0;
    for (const ch of text) width += (ch.codePointAt(0) ?? 0) >= 0x1100 ? fontSize : fontSize * 0.7;
    return width;
  };
}

/** Words into lines of at most `width` (a word wider than that gets a line of its own). */
function greedyLines(words: readonly string[], width: number, measure: MeasureText): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && measure(candidate) > width) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * A paragraph in as few lines as fit `width`, made as even as they can be (as libass's own
 * smart wrapping does): the narrowest width that still needs no more lines is searched for.
 */
function balancedLines(paragraph: string, width: number, measure: MeasureText): string[] {
  const words = paragraph.split(/\s+/).filter(Boolean);
  const lines = greedyLines(words, width, measure);
  if (lines.length < 2) return lines;
  let lo = Math.max(...words.map(measure));
  let hi = width;
  let best = lines;
  while (hi - lo > 1) {
    const mid = (lo + hi) / 2;
    const tried = greedyLines(words, mid, measure);
    if (tried.length <= lines.length) {
      best = tried;
      hi = mid;
    } else lo = mid;
  }
  return best;
}

/**
 * Where a caption goes: its lines, broken to the wrap width between the margins, and the box
 * libass draws them in, from the same numbers the script's style line uses. Each line is a
 * font size tall (libass sizes a font by its ascent plus descent); BorderStyle 4's box adds the
 * padding on every side. The box's width is the widest line's, with 1% + 2 px for the glyphs'
 * rounding, centred between the margins; it is bounded by the frame.
 */
export function placeCaption(
  caption: TimedCaption,
  frame: CaptionFrame,
  style: CaptionStyle,
  measureText: MeasureText,
): PlacedCaption {
  // The search for even lines measures the same candidate lines again and again.
  const widths = new Map<string, number>();
  const measure: MeasureText = (text) => {
    let width = widths.get(text);
    if (width === undefined) {
      width = measureText(text);
      widths.set(text, width);
    }
    return width;
  };
  const n = layoutNumbers(frame, style);
  const wrapWidth = Math.max(1, frame.width - n.marginL - n.marginR);
  const lines = caption.text
    .replace(/\r\n?/g, '\n')
    .trim()
    .split('\n')
    .flatMap((paragraph) => balancedLines(paragraph, wrapWidth * WRAP_SLACK, measure));
  const textWidth = Math.max(0, ...lines.map(measure));
  const half = textWidth / 2 + Math.ceil(textWidth * 0.005) + 1 + n.padding;
  const height = lines.length * style.fontSize + 2 * n.padding;
  const top =
    style.position === 'bottom'
      ? frame.height - n.marginV + n.padding - height
      : style.position === 'top'
        ? n.marginV - n.padding
        : n.centreY - height / 2;
  const left = Math.max(0, Math.floor(n.centreX - half));
  const right = Math.min(frame.width, Math.ceil(n.centreX + half));
  const y = Math.max(0, Math.floor(top));
  const bottom = Math.min(frame.height, Math.ceil(top + height));
  return { ...caption, lines, box: { x: left, y, width: right - left, height: bottom - y } };
}

/**
 * An ASS subtitle script for ffmpeg's `ass` filter (libass). The script's coordinates are the
 * output's pixels; the text box, padding included, stays inside the frame's safe zone: its
 * side and bottom (or top) margins are the safe zone plus the padding, and libass wraps lines
 * to fit between them. BorderStyle 4 draws one box behind the whole caption (libass 0.17+).
 */
export function buildCaptionScript(
  captions: readonly (TimedCaption & { lines?: readonly string[] })[],
  frame: CaptionFrame,
  style: CaptionStyle,
): string {
  const { width, height } = frame;
  const { padding, alignment, marginV, marginL, marginR, centreX, centreY } = layoutNumbers(frame, style);
  const centre = style.position === 'center' ? `\\pos(${centreX},${centreY})` : '';
  const boxed = style.boxOpacity > 0;
  const fields = [
    'Caption',
    style.fontName,
    style.fontSize,
    assColor(style.color),
    assColor(style.color),
    // With a box, no glyph outline: the outline width only sets the box's padding.
    boxed ? assColor(style.boxColor, 0) : assColor(style.boxColor, 0.85),
    assColor(style.boxColor, style.boxOpacity),
    -1, // bold
    0,
    0,
    0,
    100,
    100,
    0,
    0,
    boxed ? 4 : 1,
    boxed ? padding : Math.max(2, Math.round(style.fontSize * 0.06)),
    0,
    alignment,
    marginL,
    marginR,
    marginV,
    1,
  ];
  const end = Math.max(0, ...captions.map((c) => c.end));
  const events = captions
    .filter((caption) => caption.text.trim() !== '' && caption.end > caption.start)
    .map((caption) => {
      const fadeIn = caption.start > 0 ? FADE_MS : 0;
      const fadeOut = caption.end < end ? FADE_MS : 0;
      const tags = `{\\an${alignment}${centre}\\fad(${fadeIn},${fadeOut})}`;
      const text = caption.lines ? caption.lines.join('\n') : caption.text;
      return `Dialogue: 0,${assTime(caption.start)},${assTime(caption.end)},Caption,,0,0,0,,${tags}${escapeCaptionText(text)}`;
    });
  return [
    '[Script Info]',
    '; Written by Adloom video.assemble',
    'ScriptType: v4.00+',
    `PlayResX: ${width}`,
    `PlayResY: ${height}`,
    'WrapStyle: 0',
    'ScaledBorderAndShadow: yes',
    'YCbCr Matrix: TV.709',
    '',
    '[V4+ Styles]',
    'Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding',
    `Style: ${fields.join(',')}`,
    '',
    '[Events]',
    'Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text',
    ...events,
    '',
  ].join('\n');
}

/** A caption as a video's meta records it (`video.assemble`), for preflight's safe-zone check. */
export interface RecordedCaption {
  text: string;
  startSec: number;
  endSec: number;
  lines: string[];
  box: Box;
}

function isRecordedCaption(value: unknown): value is RecordedCaption {
  const c = value as Partial<RecordedCaption> | null;
  const b = c?.box as Partial<Box> | undefined;
  return (
    typeof c?.text === 'string' &&
    typeof c.startSec === 'number' &&
    typeof c.endSec === 'number' &&
    Array.isArray(c.lines) &&
    [b?.x, b?.y, b?.width, b?.height].every((n) => typeof n === 'number' && Number.isFinite(n))
  );
}

/**
 * The captions of clips joined into one video: each clip's recorded captions moved to where
 * the clip starts and, when the clip is fitted into another frame (scaled to fit, centred, as
 * the re-encoding concat does), scaled and moved with it, rounded outwards.
 */
export function joinCaptions(
  clips: readonly { meta?: Record<string, unknown>; width: number; height: number; startSec: number }[],
  frame: { width: number; height: number },
): RecordedCaption[] {
  const seconds = (n: number) => Math.round(n * 1000) / 1000;
  return clips.flatMap((clip) => {
    const recorded = Array.isArray(clip.meta?.captions) ? clip.meta.captions.filter(isRecordedCaption) : [];
    if (!recorded.length || !clip.width || !clip.height) return [];
    const scale = Math.min(frame.width / clip.width, frame.height / clip.height);
    const dx = (frame.width - clip.width * scale) / 2;
    const dy = (frame.height - clip.height * scale) / 2;
    return recorded.map((c) => {
      const x = Math.floor(c.box.x * scale + dx);
      const y = Math.floor(c.box.y * scale + dy);
      const box = {
        x,
        y,
        width: Math.ceil((c.box.x + c.box.width) * scale + dx) - x,
        height: Math.ceil((c.box.y + c.box.height) * scale + dy) - y,
      };
      return { ...c, startSec: seconds(c.startSec + clip.startSec), endSec: seconds(c.endSec + clip.startSec), box };
    });
  });
}
