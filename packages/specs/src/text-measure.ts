import { eastAsianWidthType } from 'get-east-asian-width';

/** How a platform's form counts a text. */
export interface Counting {
  /** East Asian wide and fullwidth characters count 2 (Google, TikTok). */
  doubleWidth: boolean;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The user-perceived characters of a text: "👍🏽" and "é" (e + accent) are one each. */
export function graphemes(text: string): string[] {
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

// RGI_Emoji is the set platforms render as emoji; a bare "#" or digit (Emoji=Yes in Unicode) is not one.
const EMOJI = /^\p{RGI_Emoji}$/v;
const PICTOGRAPH_PRESENTED = /\p{Extended_Pictographic}\uFE0F/u;

/** Whether one grapheme is an emoji as the platforms' editorial rules mean it. */
export function isEmoji(grapheme: string): boolean {
  return EMOJI.test(grapheme) || PICTOGRAPH_PRESENTED.test(grapheme);
}

/** The emoji in a text, in order. */
export function emojiIn(text: string): string[] {
  return graphemes(text).filter(isEmoji);
}

function isDoubleWidth(grapheme: string): boolean {
  const type = eastAsianWidthType(grapheme.codePointAt(0) ?? 0);
  return type === 'wide' || type === 'fullwidth';
}

/** The length of a text as a platform counts it: grapheme clusters, double-width ones as 2 where it says so. */
export function characterCount(text: string, counting: Counting = { doubleWidth: false }): number {
  let length = 0;
  for (const g of graphemes(text)) length += counting.doubleWidth && isDoubleWidth(g) ? 2 : 1;
  return length;
}
