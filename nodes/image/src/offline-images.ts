import { createHash } from 'node:crypto';
import type { OverlayOptions } from 'sharp';
import { hsl, type Rgb, relativeLuminance, toHex } from './color.ts';
import { fontFace } from './fonts.ts';
import { loadSharp } from './load-sharp.ts';
import { colorizeMask, fitText } from './text-render.ts';

/** Words that say little about the picture: left out of the drawn key words. */
const STOP_WORDS = new Set(
  (
    'a an and are as at be by for from in into is it its of on or over the this that to under with without ' +
    'photo photograph image picture shot render rendering style styled high quality detailed ultra realistic ' +
    'photorealistic hd 4k 8k professional studio lighting background shows showing featuring'
  ).split(' '),
);

/** Hues for words that name or evoke a colour, so "blue trail shoes" comes out blue. */
const WORD_HUES: Record<string, number> = {
  red: 2,
  crimson: 350,
  fire: 12,
  coral: 14,
  orange: 28,
  sunset: 22,
  autumn: 26,
  coffee: 28,
  brown: 30,
  sand: 40,
  desert: 38,
  gold: 45,
  golden: 45,
  yellow: 52,
  lemon: 56,
  summer: 48,
  lime: 85,
  spring: 100,
  green: 125,
  forest: 135,
  mint: 155,
  teal: 178,
  ocean: 195,
  sea: 195,
  ice: 192,
  winter: 205,
  sky: 205,
  blue: 218,
  navy: 228,
  night: 235,
  indigo: 245,
  lavender: 262,
  violet: 270,
  purple: 280,
  berry: 320,
  pink: 330,
  rose: 345,
};

/** The prompt's telling words, in order, at most `max`: what the draft writes on itself. */
export function promptKeywords(prompt: string, max = 4): string[] {
  const words: string[] = [];
  for (const match of prompt.toLowerCase().matchAll(/[\p{L}\p{N}][\p{L}\p{N}'-]*/gu)) {
    const word = match[0];
    if (word.length < 3 || STOP_WORDS.has(word) || words.includes(word)) continue;
    words.push(word);
    if (words.length === max) break;
  }
  return words;
}

/** A small, fast, seeded generator (mulberry32): the same seed gives the same sequence everywhere. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DraftPalette {
  from: Rgb;
  to: Rgb;
  accent: Rgb;
  /** The hue came from a colour word in the prompt rather than from its hash. */
  fromColorWord: boolean;
}

/** Colours from the prompt: a named colour's hue where the prompt has one, else one hashed from its words. */
export function promptPalette(prompt: string, random: () => number): DraftPalette {
  const words: string[] = prompt.toLowerCase().match(/\p{L}+/gu) ?? [];
  const named = words.map((w) => WORD_HUES[w]).find((h) => h !== undefined);
  const hashed = createHash('sha256').update(words.join(' ')).digest().readUInt16BE(0) % 360;
  const hue = (named ?? hashed) + (random() - 0.5) * 16;
  const night = words.includes('night') || words.includes('dark');
  return {
    from: hsl(hue, 0.62, night ? 0.16 : 0.5),
    to: hsl(hue + 28 + random() * 20, 0.55, night ? 0.08 : 0.3),
    accent: hsl(hue + 180 + (random() - 0.5) * 50, 0.7, 0.6),
    fromColorWord: named !== undefined,
  };
}

export interface DraftRequest {
  prompt: string;
  seed: number;
  width: number;
  height: number;
}

function seedFor(request: DraftRequest): number {
  return createHash('sha256').update(`${request.prompt}\n${request.seed}`).digest().readUInt32BE(0);
}

/**
 * A layout sketch standing in for a generated image: a gradient in the prompt's colours, a few
 * shapes placed by the seed, the prompt's key words, and an "offline draft" label. Same prompt,
 * seed and size give the same PNG, byte for byte.
 */
export async function drawOfflineDraft(request: DraftRequest): Promise<Buffer> {
  const sharp = await loadSharp();
  const { width: w, height: h } = request;
  const random = seededRandom(seedFor(request));
  const palette = promptPalette(request.prompt, random);
  const short = Math.min(w, h);
  const r = (n: number) => Math.round(n * 10) / 10;
  const angle = Math.round(random() * 360);
  const sunR = r(short * (0.22 + random() * 0.14));
  const sunX = r(w * (0.25 + random() * 0.5));
  const sunY = r(h * (0.2 + random() * 0.25));
  const groundY = r(h * (0.68 + random() * 0.1));
  const waveY = r(groundY - h * (0.04 + random() * 0.06));
  const cards = Array.from({ length: 3 }, () => ({
    x: r(w * (0.08 + random() * 0.6)),
    y: r(h * (0.12 + random() * 0.6)),
    width: r(w * (0.12 + random() * 0.2)),
    height: r(h * (0.06 + random() * 0.12)),
  }));
  const dots = Array.from({ length: 6 }, () => ({
    x: r(random() * w),
    y: r(random() * h),
    radius: r(short * (0.01 + random() * 0.025)),
  }));
  const inset = r(short * 0.03);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">
  <defs>
    <linearGradient id="bg" gradientTransform="rotate(${angle} 0.5 0.5)">
      <stop offset="0" stop-color="${toHex(palette.from)}"/>
      <stop offset="1" stop-color="${toHex(palette.to)}"/>
    </linearGradient>
  </defs>
  <rect width="${w}" height="${h}" fill="url(#bg)"/>
  <circle cx="${sunX}" cy="${sunY}" r="${sunR}" fill="${toHex(palette.accent)}" fill-opacity="0.85"/>
  <path d="M0 ${groundY} Q ${r(w * 0.3)} ${waveY} ${r(w * 0.55)} ${groundY} T ${w} ${groundY} V ${h} H 0 Z" fill="#000" fill-opacity="0.22"/>
  ${cards.map((c) => `<rect x="${c.x}" y="${c.y}" width="${c.width}" height="${c.height}" rx="${r(short * 0.015)}" fill="#fff" fill-opacity="0.16"/>`).join('\n  ')}
  ${dots.map((d) => `<circle cx="${d.x}" cy="${d.y}" r="${d.radius}" fill="#fff" fill-opacity="0.35"/>`).join('\n  ')}
  <rect x="${inset}" y="${inset}" width="${r(w - 2 * inset)}" height="${r(h - 2 * inset)}" fill="none" stroke="#fff" stroke-opacity="0.35" stroke-width="${Math.max(1, r(short * 0.004))}" stroke-dasharray="${r(short * 0.02)} ${r(short * 0.012)}"/>
</svg>`;

  const layers: OverlayOptions[] = [];
  const background = await sharp(Buffer.from(svg)).png().toBuffer();
  const mean = (await sharp(background).stats()).channels;
  const backgroundLuminance = relativeLuminance({ r: mean[0]?.mean ?? 0, g: mean[1]?.mean ?? 0, b: mean[2]?.mean ?? 0 });
  const ink: Rgb = backgroundLuminance > 0.45 ? { r: 20, g: 20, b: 24 } : { r: 255, g: 255, b: 255 };

  // The subject: a placeholder frame in the middle with the prompt's key words, where a
  // model would put the product. Kept small enough to survive a crop to 9:16 or 1.91:1.
  const words = promptKeywords(request.prompt);
  if (words.length > 0) {
    const frame = { width: Math.round(Math.min(w * 0.6, h * 0.5)), height: Math.round(Math.min(h * 0.3, w * 0.4)) };
    const frameLeft = Math.round((w - frame.width) / 2);
    const frameTop = Math.round(h * 0.45 - frame.height / 2);
    const stroke = Math.max(1, Math.round(short * 0.004));
    layers.push({
      input: Buffer.from(
        `<svg xmlns="http://www.w3.org/2000/svg" width="${frame.width}" height="${frame.height}"><rect x="${stroke / 2}" y="${stroke / 2}" width="${frame.width - stroke}" height="${frame.height - stroke}" rx="${Math.round(short * 0.03)}" fill="#fff" fill-opacity="0.14" stroke="${toHex(ink)}" stroke-opacity="0.5" stroke-width="${stroke}" stroke-dasharray="${stroke * 4} ${stroke * 3}"/></svg>`,
      ),
      left: frameLeft,
      top: frameTop,
    });
    const title = words.map((word) => word[0]?.toUpperCase() + word.slice(1)).join(' ');
    const box = { width: Math.floor(frame.width * 0.84), height: Math.floor(frame.height * 0.76) };
    const text = await fitText(title, box, {
      face: fontFace('extrabold'),
      minSize: 5,
      maxSize: Math.floor(short * 0.09),
      align: 'centre',
    });
    if (text) {
      layers.push({
        ...colorizeMask(text, ink, 0.95),
        left: frameLeft + Math.round((frame.width - text.width) / 2),
        top: frameTop + Math.round((frame.height - text.height) / 2),
      });
    }
  }
  layers.push(...(await offlineLabel(w, h, `offline draft · seed ${request.seed}`, 'top-left')));
  return sharp(background).composite(layers).png().toBuffer();
}

/**
 * The "offline draft" pill in a corner of a w×h canvas, as composite layers. image.fit stamps it
 * again on every format cut from a draft, so no crop can hide what the picture is.
 */
export async function offlineLabel(
  w: number,
  h: number,
  text: string,
  corner: 'top-left' | 'bottom-left',
): Promise<OverlayOptions[]> {
  const short = Math.min(w, h);
  const labelSize = Math.max(7, Math.round(short * 0.032));
  const label = await fitText(
    text,
    { width: Math.floor(w * 0.9), height: Math.min(h, labelSize * 2) },
    {
      face: fontFace('semibold'),
      minSize: 5,
      maxSize: labelSize,
    },
  );
  if (!label) return [];
  const padX = Math.round(label.fontSize * 0.6);
  const padY = Math.round(label.fontSize * 0.4);
  const pillWidth = Math.min(w, label.width + 2 * padX);
  const pillHeight = Math.min(h, label.height + 2 * padY);
  const margin = Math.min(Math.round(short * 0.05), Math.max(0, w - pillWidth), Math.max(0, h - pillHeight));
  const left = margin;
  const top = corner === 'top-left' ? margin : h - margin - pillHeight;
  const pill = `<svg xmlns="http://www.w3.org/2000/svg" width="${pillWidth}" height="${pillHeight}"><rect width="${pillWidth}" height="${pillHeight}" rx="${Math.round(pillHeight / 2)}" fill="#000" fill-opacity="0.6"/></svg>`;
  return [
    { input: Buffer.from(pill), left, top },
    {
      ...colorizeMask(label, { r: 255, g: 255, b: 255 }),
      left: left + Math.round((pillWidth - label.width) / 2),
      top: top + Math.round((pillHeight - label.height) / 2),
    },
  ];
}
