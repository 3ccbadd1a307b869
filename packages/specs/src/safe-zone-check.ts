import type { Finding } from './finding.ts';
import type { Platform } from './platform.ts';
import { SAFE_ZONES, type SafeZoneSpec } from './safe-zones.ts';

/** A rectangle in a creative's own pixels, as the overlay and the video captions record them. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The smallest box holding all of them. */
export function unionOf(boxes: readonly Box[]): Box {
  const x = Math.min(...boxes.map((r) => r.x));
  const y = Math.min(...boxes.map((r) => r.y));
  return {
    x,
    y,
    width: Math.max(...boxes.map((r) => r.x + r.width)) - x,
    height: Math.max(...boxes.map((r) => r.y + r.height)) - y,
  };
}

/** The vertical placement a platform's 9:16 creative is shown in (Google's is YouTube Shorts). */
export function verticalSafeZone(platform: Platform): SafeZoneSpec {
  return platform === 'tiktok' ? SAFE_ZONES.tiktok : platform === 'meta' ? SAFE_ZONES.metaReels : SAFE_ZONES.youtubeShorts;
}

/**
 * Whether a box of text, a button or a logo lies clear of the platform's UI on a 9:16 creative,
 * the zone scaled to the creative's size. Other shapes have no published safe zone: no finding.
 * `what` names the box in the message ("caption 2 at 5.0–10.0 s").
 */
export function checkSafeZone(
  box: Box,
  frame: { width: number; height: number },
  platform: Platform,
  subject: string,
  what = 'text and button area',
): Finding[] {
  if (frame.width * 16 !== frame.height * 9) return [];
  const zone = verticalSafeZone(platform);
  const sx = frame.width / zone.width;
  const sy = frame.height / zone.height;
  const allowed = {
    left: Math.round(zone.left * sx),
    top: Math.round(zone.top * sy),
    right: frame.width - Math.round(zone.right * sx),
    bottom: frame.height - Math.round(zone.bottom * sy),
  };
  const inside =
    box.x >= allowed.left && box.y >= allowed.top && box.x + box.width <= allowed.right && box.y + box.height <= allowed.bottom;
  return [
    {
      status: inside ? 'pass' : 'fail',
      platform,
      subject,
      rule: `${zone.id}.safeZone`,
      message: `${what} x ${box.x}–${box.x + box.width}, y ${box.y}–${box.y + box.height}; ${zone.label} keeps text in x ${allowed.left}–${allowed.right}, y ${allowed.top}–${allowed.bottom}`,
      value: `${box.x},${box.y},${box.width}x${box.height}`,
      limit: `${allowed.left},${allowed.top}–${allowed.right},${allowed.bottom}`,
      source: zone.source,
    },
  ];
}

/** A caption a video recorded in its meta: its text, when it shows, and the box libass draws it in. */
export interface CaptionBox {
  text: string;
  startSec: number;
  endSec: number;
  box: Box;
}

interface RecordedBox {
  box: Box;
  what: string;
  /** Added to the file's name in a finding's subject: `caption 2`. */
  subject?: string;
}

function isBox(value: unknown): value is Box {
  const v = value as Record<string, unknown> | null;
  return !!v && ['x', 'y', 'width', 'height'].every((k) => typeof v[k] === 'number' && Number.isFinite(v[k]));
}

/**
 * Every box a creative's meta records, each with its words for a finding: an image overlay's
 * text, button and logo as one area (`overlay`, else the `safeRect` it was allowed), and each
 * caption of a video with its time range (`captions`). Meta is data: malformed entries are skipped.
 */
export function recordedBoxes(meta: Record<string, unknown>): RecordedBox[] {
  const captions = Array.isArray(meta.captions) ? (meta.captions as Partial<CaptionBox>[]) : [];
  const found: RecordedBox[] = [];
  captions.forEach((c, i) => {
    if (isBox(c.box) && typeof c.startSec === 'number' && typeof c.endSec === 'number')
      found.push({
        box: c.box,
        what: `caption ${i + 1} at ${c.startSec.toFixed(1)}–${c.endSec.toFixed(1)} s`,
        subject: `caption ${i + 1}`,
      });
  });
  const overlay = (meta.overlay ?? {}) as Record<string, unknown>;
  const parts = [overlay.headlineBox, overlay.ctaBox, overlay.logo].filter(isBox);
  if (parts.length) found.push({ box: unionOf(parts), what: 'text and button area' });
  else if (isBox(meta.safeRect)) found.push({ box: meta.safeRect, what: 'text and button area' });
  return found;
}

/** A creative's recorded boxes judged against a platform's safe zone, one finding per caption or overlay. */
export function checkRecordedBoxes(
  meta: Record<string, unknown>,
  frame: { width: number; height: number },
  platform: Platform,
  subject: string,
): Finding[] {
  return recordedBoxes(meta).flatMap((b) =>
    checkSafeZone(b.box, frame, platform, b.subject ? `${subject} ${b.subject}` : subject, b.what),
  );
}
