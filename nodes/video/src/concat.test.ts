import type { ArtifactRef } from '@adloom/engine';
import { describe, expect, it } from 'vitest';
import {
  audioPackets,
  ffprobe,
  graphOf,
  greyFrames,
  logsOf,
  makeClip,
  makeImage,
  makeWorkDir,
  meanVolume,
  runTestGraph,
  videoPacketHashes,
} from '../test/kit.ts';
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

  it('copies the picture and re-encodes only the sound when the clips differ only in their audio', async () => {
    const dir = await makeWorkDir();
    // One picture format; the sound differs: a 44.1 kHz mono tone, 48 kHz stereo silence, none.
    const tone = await makeClip(dir, 'tone.mp4', { seconds: 1, audio: 'tone', sampleRate: 44100, channels: 1 });
    const silent = await makeClip(dir, 'silent.mp4', { seconds: 1.5, audio: 'silence' });
    const mute = await makeClip(dir, 'mute.mp4', { seconds: 1, audio: 'none' });
    const graph = graphOf(
      {
        tone: ['test.video', { path: tone }],
        silent: ['test.video', { path: silent }],
        mute: ['test.video', { path: mute }],
        again: ['test.video', { path: tone }],
        joined: ['video.concat'],
      },
      ['tone.video -> joined.clips', 'silent.video -> joined.clips', 'mute.video -> joined.clips', 'again.video -> joined.clips'],
    );
    const result = await runTestGraph(graph, dir);
    expect(result.status, JSON.stringify(result.nodes.get('joined')?.error)).toBe('succeeded');
    expect(logsOf(result.events, 'joined')[0]).toBe(
      "video stream copy, audio re-encoded to aac 48000 Hz stereo: clip 2's audio is aac 48000 Hz stereo, clip 1's is aac 44100 Hz mono",
    );
    const joined = (result.outputs.get('joined') as { video: ArtifactRef }).video;
    expect(joined.meta).toMatchObject({ joinedBy: 'video copy' });

    // The picture is the clips' own packets, byte for byte, in order.
    const expected = [
      ...(await videoPacketHashes(tone)),
      ...(await videoPacketHashes(silent)),
      ...(await videoPacketHashes(mute)),
      ...(await videoPacketHashes(tone)),
    ];
    expect(expected).toHaveLength(135);
    expect(await videoPacketHashes(joined.path)).toEqual(expected);

    // The sound runs the whole length without a gap, and each clip's sound plays with its picture.
    const probe = await ffprobe(joined.path);
    const audio = probe.streams.find((s) => s.codec_type === 'audio');
    const video = probe.streams.find((s) => s.codec_type === 'video');
    expect(audio).toMatchObject({ codec_name: 'aac', sample_rate: '48000', channels: 2 });
    expect(Number(video?.duration)).toBeCloseTo(4.5, 3);
    expect(Math.abs(Number(audio?.duration) - 4.5)).toBeLessThan(0.025);
    const packets = await audioPackets(joined.path);
    for (let k = 1; k < packets.length; k++) {
      const previous = packets[k - 1] as { pts: number; duration: number };
      expect(Math.abs(previous.pts + previous.duration - (packets[k]?.pts ?? 0))).toBeLessThan(1e-4);
    }
    expect(await meanVolume(joined.path, 0.1, 0.8)).toBeGreaterThan(-40);
    expect(await meanVolume(joined.path, 1.1, 1.3)).toBeLessThan(-80);
    expect(await meanVolume(joined.path, 2.6, 0.8)).toBeLessThan(-80);
    expect(await meanVolume(joined.path, 3.6, 0.8)).toBeGreaterThan(-40);
  });

  it('keeps the clips’ caption boxes: moved to where each clip starts, scaled with a clip fitted into the frame', async () => {
    const dir = await makeWorkDir();
    const grey = await makeImage(dir, 'grey.png', { width: 300, height: 300, color: '#404040' });
    const look = { motion: 'none', encoderPreset: 'ultrafast', duration: 1, captionColor: '#000000', captionBoxColor: '#FFFFFF' };
    const graph = graphOf(
      {
        grey: ['input.image', { name: 'grey', default: grey }],
        one: ['input.text', { name: 'one', default: 'First scene' }],
        two: ['input.text', { name: 'two', default: 'Shop now' }],
        small: ['video.assemble', { ...look, width: 270, height: 480, captionBoxOpacity: 1 }],
        big: ['video.assemble', { ...look, width: 540, height: 960, captionBoxOpacity: 1 }],
        joined: ['video.concat'],
      },
      [
        'grey.image -> small.images',
        'grey.image -> big.images',
        'one.text -> small.captions',
        'two.text -> big.captions',
        'small.video -> joined.clips',
        'big.video -> joined.clips',
      ],
    );
    const result = await runTestGraph(graph, dir);
    expect(result.status, JSON.stringify(result.nodes.get('joined')?.error)).toBe('succeeded');
    type Caption = {
      text: string;
      startSec: number;
      endSec: number;
      box: { x: number; y: number; width: number; height: number };
    };
    const captionsOf = (id: string) => (result.outputs.get(id) as { video: ArtifactRef }).video.meta?.captions as Caption[];
    const [first] = captionsOf('small');
    const [second] = captionsOf('big');
    const joined = captionsOf('joined');
    expect(joined.map((c) => [c.text, c.startSec, c.endSec])).toEqual([
      ['First scene', 0, 1],
      ['Shop now', 1, 2],
    ]);
    expect(joined[0]?.box).toEqual(first?.box);
    // The 540×960 clip is fitted into the first clip's 270×480: its caption's box halves.
    const half = second?.box as Caption['box'];
    expect(joined[1]?.box).toEqual({
      x: Math.floor(half.x / 2),
      y: Math.floor(half.y / 2),
      width: Math.ceil((half.x + half.width) / 2) - Math.floor(half.x / 2),
      height: Math.ceil((half.y + half.height) / 2) - Math.floor(half.y / 2),
    });
    // And that is where the joined video shows them: mid-clip, every pixel off the grey lies in the box.
    const frames = await greyFrames((result.outputs.get('joined') as { video: ArtifactRef }).video.path, 270, 480);
    for (const [frame, caption] of [
      [frames[15], joined[0]],
      [frames[45], joined[1]],
    ] as const) {
      if (!frame || !caption) throw new Error('frame or caption missing');
      const background = frame[0] as number;
      const { box } = caption;
      let outside = 0;
      let inside = 0;
      for (let i = 0; i < frame.length; i++) {
        if (Math.abs((frame[i] as number) - background) <= 30) continue;
        const [x, y] = [i % 270, Math.floor(i / 270)];
        if (x >= box.x && x < box.x + box.width && y >= box.y && y < box.y + box.height) inside++;
        else outside++;
      }
      expect(inside, caption.text).toBeGreaterThan(100);
      expect(outside, caption.text).toBe(0);
    }
  });

  it('quotes clip paths in the concat list so quotes and spaces are safe', () => {
    expect(concatList(['/a/plain.mp4', "/b/it's here.mp4"])).toBe(
      "ffconcat version 1.0\nfile '/a/plain.mp4'\nfile '/b/it'\\''s here.mp4'\n",
    );
    expect(concatList([{ path: '/a/one.mp4', durationSec: 1.5 }, { path: '/a/two.mp4' }])).toBe(
      "ffconcat version 1.0\nfile '/a/one.mp4'\nduration 1.5\nfile '/a/two.mp4'\n",
    );
  });
});
