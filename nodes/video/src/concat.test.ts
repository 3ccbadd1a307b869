import type { ArtifactRef } from '@adloom/engine';
import { describe, expect, it } from 'vitest';
import { ffprobe, graphOf, logsOf, makeImage, makeWorkDir, runTestGraph } from '../test/kit.ts';
import { concatList } from './concat.ts';

describe('video.concat', () => {
  it('copies streams when the clips share a format, and re-encodes to the first clip’s format when they do not', async () => {
    const dir = await makeWorkDir();
    const red = await makeImage(dir, 'red.png', { width: 120, height: 200, color: '#c03030' });
    const blue = await makeImage(dir, 'blue.png', { width: 120, height: 200, color: '#3030c0' });
    const small = { width: 160, height: 284, motion: 'none', encoderPreset: 'ultrafast' };
    const graph = graphOf(
      {
        red: ['input.image', { name: 'red', default: red }],
        blue: ['input.image', { name: 'blue', default: blue }],
        a: ['video.assemble', { ...small, duration: 1 }],
        b: ['video.assemble', { ...small, duration: 1.5 }],
        square: ['video.assemble', { ...small, format: '1:1', width: 200, height: 200, duration: 0.5 }],
        same: ['video.concat'],
        mixed: ['video.concat'],
      },
      [
        'red.image -> a.images',
        'blue.image -> b.images',
        'red.image -> square.images',
        'a.video -> same.clips',
        'b.video -> same.clips',
        'a.video -> mixed.clips',
        'square.video -> mixed.clips',
        'b.video -> mixed.clips',
      ],
    );
    const result = await runTestGraph(graph, dir);
    expect(result.status, JSON.stringify(result.nodes.get('same')?.error ?? result.nodes.get('mixed')?.error)).toBe('succeeded');

    expect(logsOf(result.events, 'same')[0]).toBe(
      'stream copy: all 2 clips share h264 160x284 30 fps yuv420p, aac 48000 Hz stereo',
    );
    const same = (result.outputs.get('same') as { video: ArtifactRef }).video;
    const sameProbe = await ffprobe(same.path);
    expect(Math.abs(Number(sameProbe.format.duration) - 2.5)).toBeLessThan(0.1);
    expect(same.meta).toMatchObject({ joinedBy: 'copy' });

    expect(logsOf(result.events, 'mixed')[0]).toBe(
      're-encoding with the concat filter: clip 2 is h264 200x200 30 fps yuv420p, aac 48000 Hz stereo, clip 1 is h264 160x284 30 fps yuv420p, aac 48000 Hz stereo',
    );
    const mixed = (result.outputs.get('mixed') as { video: ArtifactRef }).video;
    const mixedProbe = await ffprobe(mixed.path);
    expect(Math.abs(Number(mixedProbe.format.duration) - 3)).toBeLessThan(0.1);
    expect(mixedProbe.streams.find((s) => s.codec_type === 'video')).toMatchObject({
      width: 160,
      height: 284,
      pix_fmt: 'yuv420p',
    });
    expect(mixedProbe.streams.find((s) => s.codec_type === 'audio')).toMatchObject({ codec_name: 'aac' });
    expect(mixed.meta).toMatchObject({ joinedBy: 'reencode' });
  });

  it('quotes clip paths in the concat list so quotes and spaces are safe', () => {
    expect(concatList(['/a/plain.mp4', "/b/it's here.mp4"])).toBe(
      "ffconcat version 1.0\nfile '/a/plain.mp4'\nfile '/b/it'\\''s here.mp4'\n",
    );
  });
});
