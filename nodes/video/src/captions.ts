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

/**
 * An ASS subtitle script for ffmpeg's `ass` filter (libass). The script's coordinates are the
 * output's pixels; the text box, padding included, stays inside the frame's safe zone: its
 * side and bottom (or top) margins are the safe zone plus the padding, and libass wraps lines
 * to fit between them. BorderStyle 4 draws one box behind the whole caption (libass 0.17+).
 */
export function buildCaptionScript(captions: readonly TimedCaption[], frame: CaptionFrame, style: CaptionStyle): string {
  const { width, height, safeZone } = frame;
  const padding = Math.round(style.fontSize * 0.35);
  const alignment = { bottom: 2, center: 5, top: 8 }[style.position];
  const marginV = style.position === 'top' ? safeZone.top + padding : safeZone.bottom + padding;
  const marginL = safeZone.left + padding;
  const marginR = safeZone.right + padding;
  // Centre of the safe zone, not of the frame: 9:16 safe zones are taller at the bottom.
  const centre =
    style.position === 'center'
      ? `\\pos(${Math.round((safeZone.left + width - safeZone.right) / 2)},${Math.round((safeZone.top + height - safeZone.bottom) / 2)})`
      : '';
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
      return `Dialogue: 0,${assTime(caption.start)},${assTime(caption.end)},Caption,,0,0,0,,${tags}${escapeCaptionText(caption.text)}`;
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
