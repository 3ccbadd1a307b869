import type { Finding } from './finding.ts';
import type { Platform } from './platform.ts';
import { PLAYBACK_RULES, VIDEO_SPECS, type VideoAspect, type VideoSpec } from './video-specs.ts';

/** What the preflight reads off a video file (with ffprobe). */
export interface VideoFacts {
  width: number;
  height: number;
  durationSec: number;
  bitrateKbps: number;
  bytes: number;
  /** ffprobe's format names: "mov,mp4,m4a,3gp,3g2,mj2". */
  container: string;
  videoCodec: string;
  pixelFormat: string;
  frameRate: number;
  constantFrameRate: boolean;
  audioCodec?: string;
  /** The moov atom comes before the media data (`+faststart`). */
  indexBeforeMedia?: boolean;
}

function aspectError(video: { width: number; height: number }, aspect: VideoAspect): number {
  return Math.abs(video.width / video.height / (aspect.width / aspect.height) - 1);
}

/** The platform's video placement whose aspect the video has; undefined when none. */
export function videoSpecFor(
  video: Pick<VideoFacts, 'width' | 'height'>,
  platform: Platform,
  specs: readonly VideoSpec[] = VIDEO_SPECS,
): { spec: VideoSpec; aspect: VideoAspect } | undefined {
  for (const spec of specs.filter((s) => s.platform === platform)) {
    const aspect = spec.aspects.find((a) => aspectError(video, a) <= spec.aspectTolerance);
    if (aspect) return { spec, aspect };
  }
  return undefined;
}

/** A video judged against a platform's placement: shape, size, length, bitrate, bytes, codecs and playback. */
export function checkVideo(
  video: VideoFacts,
  platform: Platform,
  subject: string,
  specs: readonly VideoSpec[] = VIDEO_SPECS,
): Finding[] {
  const found = videoSpecFor(video, platform, specs);
  const own = specs.filter((s) => s.platform === platform);
  if (!found) {
    const shapes = own.flatMap((s) => s.aspects.map((a) => `${a.width}:${a.height}`));
    return [
      {
        status: 'fail',
        platform,
        subject,
        rule: `${platform}.video.aspect`,
        message: `${video.width}×${video.height} fits no ${platform} video placement (${shapes.join(', ')})`,
        value: `${video.width}×${video.height}`,
        limit: shapes.join(', '),
        source: own[0]?.source ?? { read: '' },
      },
    ];
  }
  const { spec, aspect } = found;
  const base = { platform, subject, source: spec.source } as const;
  const rule = (name: string) => `${spec.id}.${name}`;
  const findings: Finding[] = [
    {
      ...base,
      status: 'pass',
      rule: rule('aspect'),
      message: `${video.width}×${video.height} is ${aspect.width}:${aspect.height} (${spec.label})`,
      value: `${video.width}×${video.height}`,
      limit: `${aspect.width}:${aspect.height}`,
    },
    {
      ...base,
      status: video.width >= aspect.minWidth && video.height >= aspect.minHeight ? 'pass' : 'fail',
      rule: rule('minSize'),
      message: `${video.width}×${video.height}, at least ${aspect.minWidth}×${aspect.minHeight}`,
      value: `${video.width}×${video.height}`,
      limit: `${aspect.minWidth}×${aspect.minHeight}`,
    },
  ];
  const { min, max } = spec.durationSec;
  const duration = Math.round(video.durationSec * 1000) / 1000;
  const playsOut = spec.playsUpToSec === undefined || duration <= spec.playsUpToSec;
  findings.push({
    ...base,
    status: duration < min || duration > max ? 'fail' : playsOut ? 'pass' : 'warn',
    rule: rule('duration'),
    message: `${duration} s, ${min}–${max} s${playsOut ? '' : `; only the first ${spec.playsUpToSec} s play`}`,
    value: duration,
    limit: `${min}–${max}`,
  });
  if (spec.minBitrateKbps !== undefined) {
    findings.push({
      ...base,
      status: video.bitrateKbps >= spec.minBitrateKbps ? 'pass' : 'fail',
      rule: rule('bitrate'),
      message: `${Math.round(video.bitrateKbps)} kbps, at least ${spec.minBitrateKbps}`,
      value: Math.round(video.bitrateKbps),
      limit: spec.minBitrateKbps,
    });
  }
  findings.push({
    ...base,
    status: video.bytes <= spec.maxBytes ? 'pass' : 'fail',
    rule: rule('bytes'),
    message: `${video.bytes.toLocaleString('en-US')} bytes, at most ${spec.maxBytes.toLocaleString('en-US')}`,
    value: video.bytes,
    limit: spec.maxBytes,
  });
  const containers = video.container.split(',');
  findings.push({
    ...base,
    status: containers.some((c) => spec.containers.includes(c)) ? 'pass' : 'fail',
    rule: rule('container'),
    message: `container ${video.container}, accepted: ${spec.containers.join(', ')}`,
    value: video.container,
    limit: spec.containers.join(', '),
  });
  if (spec.videoCodecs) {
    findings.push({
      ...base,
      status: spec.videoCodecs.includes(video.videoCodec) ? 'pass' : 'fail',
      rule: rule('videoCodec'),
      message: `video codec ${video.videoCodec}, accepted: ${spec.videoCodecs.join(', ')}`,
      value: video.videoCodec,
      limit: spec.videoCodecs.join(', '),
    });
  }
  if (spec.audioCodecs) {
    const ok = video.audioCodec !== undefined && spec.audioCodecs.includes(video.audioCodec);
    findings.push({
      ...base,
      status: ok ? 'pass' : 'fail',
      rule: rule('audioCodec'),
      message: video.audioCodec
        ? `audio codec ${video.audioCodec}, accepted: ${spec.audioCodecs.join(', ')}`
        : `no audio track; ${spec.label} needs ${spec.audioCodecs.join(' or ')} audio`,
      value: video.audioCodec ?? 'none',
      limit: spec.audioCodecs.join(', '),
    });
  } else if (!video.audioCodec) {
    findings.push({
      ...base,
      status: 'warn',
      rule: rule('audio'),
      message: 'no audio track: the ad plays silent',
      value: 'none',
    });
  }
  if (spec.constantFrameRate) {
    findings.push({
      ...base,
      status: video.constantFrameRate ? 'pass' : 'fail',
      rule: rule('frameRate'),
      message: `${video.frameRate.toFixed(2)} fps, ${video.constantFrameRate ? 'constant' : 'variable'}; a fixed frame rate is needed`,
      value: video.frameRate,
    });
  }
  const house = { platform, subject, source: PLAYBACK_RULES.source } as const;
  findings.push({
    ...house,
    status: (PLAYBACK_RULES.pixelFormats as readonly string[]).includes(video.pixelFormat) ? 'pass' : 'warn',
    rule: 'playback.pixelFormat',
    message: `pixel format ${video.pixelFormat}, plays everywhere: ${PLAYBACK_RULES.pixelFormats.join(', ')}`,
    value: video.pixelFormat,
    limit: PLAYBACK_RULES.pixelFormats.join(', '),
  });
  if (video.indexBeforeMedia !== undefined) {
    findings.push({
      ...house,
      status: video.indexBeforeMedia ? 'pass' : 'warn',
      rule: 'playback.indexBeforeMedia',
      message: video.indexBeforeMedia
        ? 'the index comes before the media (+faststart)'
        : 'the index comes after the media: playback waits for the whole file (use +faststart)',
    });
  }
  return findings;
}
