import { readFile } from 'node:fs/promises';
import type { Font, Glyph } from 'opentype.js';
import { estimateTextWidth, type MeasureText } from './captions.ts';

const fonts = new Map<string, Promise<Font>>();

async function parseFont(path: string): Promise<Font> {
  // Loaded on first use: the pack's entry stays light for hosts that only list nodes.
  const { parse } = (await import('opentype.js')).default;
  const bytes = await readFile(path);
  return parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/**
 * Line widths as libass draws the caption font at `fontSize`: libass sizes a face so its
 * ascent plus descent (OS/2 winAscent + winDescent) is the font size, and advances glyph by
 * glyph with the font's kerning. Characters the font lacks (CJK, emoji) come from a fallback
 * face libass picks; they count a full font size, which is at least what such faces advance.
 * Without a font file, or one that cannot be read, the generous estimate stands in.
 */
export async function captionMeasure(fontFile: string | undefined, fontSize: number): Promise<MeasureText> {
  if (!fontFile) return estimateTextWidth(fontSize);
  let font: Font;
  try {
    let parsed = fonts.get(fontFile);
    if (!parsed) {
      parsed = parseFont(fontFile);
      fonts.set(fontFile, parsed);
      parsed.catch(() => fonts.delete(fontFile));
    }
    font = await parsed;
  } catch {
    return estimateTextWidth(fontSize);
  }
  const os2 = font.tables.os2 as { usWinAscent?: number; usWinDescent?: number } | undefined;
  const height = (os2?.usWinAscent ?? 0) + (os2?.usWinDescent ?? 0) || font.ascender - font.descender;
  const scale = fontSize / height;
  // A caption's layout measures the same few characters and pairs many times over.
  const glyphs = new Map<string, Glyph>();
  const kerning = new Map<string, number>();
  return (text) => {
    let width = 0;
    let previous: Glyph | undefined;
    for (const ch of text) {
      let glyph = glyphs.get(ch);
      if (!glyph) {
        glyph = font.charToGlyph(ch);
        glyphs.set(ch, glyph);
      }
      if (glyph.index === 0) {
        width += fontSize;
        previous = undefined;
        continue;
      }
      width += (glyph.advanceWidth ?? 0) * scale;
      if (previous) {
        const pair = `${previous.index},${glyph.index}`;
        let kern = kerning.get(pair);
        if (kern === undefined) {
          kern = font.getKerningValue(previous, glyph);
          kerning.set(pair, kern);
        }
        width += kern * scale;
      }
      previous = glyph;
    }
    return width;
  };
}
