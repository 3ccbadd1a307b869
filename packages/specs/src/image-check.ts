import type { Finding } from './finding.ts';
import { IMAGE_SPECS, type ImageFormat, type ImageSpec } from './image-specs.ts';
import type { Platform } from './platform.ts';

/** What the preflight reads off an image file. */
export interface ImageFacts {
  width: number;
  height: number;
  bytes: number;
  /** The format as read from the file's bytes, not its name. */
  format: string;
}

function aspectError(a: { width: number; height: number }, b: { width: number; height: number }): number {
  return Math.abs(a.width / a.height / (b.width / b.height) - 1);
}

/** The placement an image is meant for: its exact size if it has one, else the nearest aspect within tolerance. */
export function imageSpecFor(
  image: ImageFacts,
  platform: Platform,
  specs: readonly ImageSpec[] = IMAGE_SPECS,
): ImageSpec | undefined {
  const own = specs.filter((s) => s.platform === platform);
  const exact = own.find((s) => s.exactSize && s.width === image.width && s.height === image.height);
  if (exact) return exact;
  return own
    .filter((s) => !s.exactSize && aspectError(image, s) <= s.aspectTolerance)
    .sort((a, b) => aspectError(image, a) - aspectError(image, b))[0];
}

const ratio = (w: number, h: number) => (w / h).toFixed(3);

/** An image judged against a platform's placements: aspect, size, bytes and format, each with its source. */
export function checkImage(
  image: ImageFacts,
  platform: Platform,
  subject: string,
  specs: readonly ImageSpec[] = IMAGE_SPECS,
): Finding[] {
  const spec = imageSpecFor(image, platform, specs);
  if (!spec) {
    const own = specs.filter((s) => s.platform === platform);
    const shapes = [...new Set(own.filter((s) => !s.exactSize).map((s) => `${s.width}×${s.height}`))];
    const hasExact = own.some((s) => s.exactSize);
    return [
      {
        status: 'fail',
        platform,
        subject,
        rule: `${platform}.image.aspect`,
        message: `${image.width}×${image.height} (ratio ${ratio(image.width, image.height)}) fits no ${platform} image placement: ${shapes.join(', ')}${hasExact ? ' or a standard display size' : ''}`,
        value: `${image.width}×${image.height}`,
        limit: shapes.join(', '),
        source: own[0]?.source ?? { read: '' },
      },
    ];
  }
  const findings: Finding[] = [];
  const base = { platform, subject, source: spec.source } as const;
  const off = aspectError(image, spec);
  findings.push({
    ...base,
    status: 'pass',
    rule: `${spec.id}.aspect`,
    message: spec.exactSize
      ? `${image.width}×${image.height} is a standard size (${spec.label})`
      : `ratio ${ratio(image.width, image.height)} is within ${(spec.aspectTolerance * 100).toFixed(0)}% of ${spec.label} (${(off * 100).toFixed(2)}% off)`,
    value: ratio(image.width, image.height),
    limit: ratio(spec.width, spec.height),
  });
  const bigEnough = image.width >= spec.minWidth && image.height >= spec.minHeight;
  findings.push({
    ...base,
    status: bigEnough ? 'pass' : 'fail',
    rule: `${spec.id}.minSize`,
    message: `${image.width}×${image.height}, at least ${spec.minWidth}×${spec.minHeight} for ${spec.label}`,
    value: `${image.width}×${image.height}`,
    limit: `${spec.minWidth}×${spec.minHeight}`,
  });
  if (spec.maxBytes !== undefined) {
    findings.push({
      ...base,
      status: image.bytes <= spec.maxBytes ? 'pass' : 'fail',
      rule: `${spec.id}.bytes`,
      message: `${image.bytes.toLocaleString('en-US')} bytes, at most ${spec.maxBytes.toLocaleString('en-US')}`,
      value: image.bytes,
      limit: spec.maxBytes,
    });
  }
  const format = image.format.toLowerCase().replace('jpg', 'jpeg') as ImageFormat;
  findings.push({
    ...base,
    status: spec.formats.includes(format) ? 'pass' : 'fail',
    rule: `${spec.id}.format`,
    message: `${format.toUpperCase()}, accepted: ${spec.formats.map((f) => f.toUpperCase()).join(', ')}`,
    value: format,
    limit: spec.formats.join(', '),
  });
  return findings;
}
