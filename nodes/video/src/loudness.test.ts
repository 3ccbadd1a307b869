import { describe, expect, it } from 'vitest';
import { makeTone, makeWorkDir } from '../test/kit.ts';
import { loadFfmpeg, runFfmpeg } from './ffmpeg.ts';
import { buildLoudnessCommand, describeLoudness, loudnessGain, parseLoudnessReport } from './loudness.ts';

describe('loudness', () => {
  it('measures a bed as the video will use it: integrated loudness, range, gate and true peak', async () => {
    const dir = await makeWorkDir();
    // The mono test tone peaks at -30 dBFS (a quarter of the sine source’s 1/8), -33 on each side once made
    // stereo; looped to 3 s and faded, about -35 LUFS.
    const tone = await makeTone(dir, 1.2);
    const tools = await loadFfmpeg();
    const stderr = await runFfmpeg(tools, buildLoudnessCommand({ path: tone, loop: true }, 3, { inSec: 0.3, outSec: 1 }), {
      logLevel: 'info',
    });
    const measured = parseLoudnessReport(stderr);
    expect(measured?.integrated).toBeGreaterThan(-37);
    expect(measured?.integrated).toBeLessThan(-32);
    expect(measured?.truePeak).toBeCloseTo(-33, 0);
    expect(measured?.threshold).toBeCloseTo((measured?.integrated ?? 0) - 10, 0);
  });

  it('reads silence as nothing to normalise', () => {
    const silence = `[Parsed_ebur128_0 @ 0x1] Summary:

  Integrated loudness:
    I:         -70.0 LUFS
    Threshold:   0.0 LUFS

  Loudness range:
    LRA:         0.0 LU
    Threshold:   0.0 LUFS
    LRA low:     0.0 LUFS
    LRA high:    0.0 LUFS

  True peak:
    Peak:       -inf dBFS`;
    expect(parseLoudnessReport(silence)).toBeUndefined();
    expect(parseLoudnessReport('no summary here')).toBeUndefined();
  });

  it('normalises by one linear gain, stopped at the peak ceiling, and by loudnorm only when that lands over 1 LU short', () => {
    const quiet = { integrated: -17.6, truePeak: -6, range: 0.3, threshold: -27.6 };
    expect(loudnessGain(-14, quiet)).toMatchObject({ filter: 'volume', chain: 'volume=3.6dB', isPeakLimited: false });
    expect(loudnessGain(-14, quiet).lands).toBeCloseTo(-14, 9);
    // 3.6 dB more on a peak of -5 dBTP would pass the -1.5 dBTP ceiling: 3.5 dB, 0.1 LU short.
    const capped = loudnessGain(-14, { ...quiet, truePeak: -5 });
    expect(capped).toMatchObject({ filter: 'volume', chain: 'volume=3.5dB', isPeakLimited: true });
    expect(capped.lands).toBeCloseTo(-14.1, 9);
    // On a peak of -4 dBTP only 2.5 dB fit, 1.1 LU short: loudnorm, which aims at the target itself.
    const fallback = loudnessGain(-14, { ...quiet, truePeak: -4 });
    expect(fallback).toMatchObject({ filter: 'loudnorm', lands: -14, isPeakLimited: false });
    expect(fallback.chain).toMatch(/^loudnorm=I=-14:TP=-1\.5:LRA=50:measured_I=-17\.6:measured_TP=-4:.*,aresample=48000$/);
  });

  it('logs where the track lands, and the peak ceiling when it stops the gain short of the target', () => {
    const quiet = { integrated: -17.6, truePeak: -6, range: 0.3, threshold: -27.6 };
    expect(describeLoudness(quiet, loudnessGain(-14, quiet))).toBe(
      'audio bed measured -17.6 LUFS, true peak -6 dBTP; normalising to -14 LUFS',
    );
    const loud = { ...quiet, truePeak: -5 };
    expect(describeLoudness(loud, loudnessGain(-14, loud))).toBe(
      'audio bed measured -17.6 LUFS, true peak -5 dBTP; normalising to -14.1 LUFS (peak ceiling -1.5 dBTP)',
    );
  });
});
