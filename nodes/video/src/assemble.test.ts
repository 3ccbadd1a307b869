import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ArtifactRef } from '@adloom/engine';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  ffmpegProcessesMentioning,
  ffprobe,
  graphOf,
  greyFrames,
  integratedLoudness,
  listFiles,
  logsOf,
  makeImage,
  makeTone,
  makeWorkDir,
  runTestGraph,
  topLevelBoxes,
  VARIANT_COLORS,
  wait,
} from '../test/kit.ts';
import { resolvePreset } from './presets.ts';

const execFileAsync = promisify(execFile);

/** A small custom size of the 9:16 preset: the safe zone scales with it. */
const SMALL = { width: 270, height: 480 };

/** input.image nodes for the files, wired in order into each target's `images`. */
function imageNodes(paths: string[], targets = ['assemble']) {
  const nodes: Record<string, [string, Record<string, unknown>]> = {};
  const edges: string[] = [];
  paths.forEach((path, i) => {
    nodes[`img${i + 1}`] = ['input.image', { name: `img${i + 1}`, default: path }];
    for (const target of targets) edges.push(`img${i + 1}.image -> ${target}.images`);
  });
  return { nodes, edges };
}

async function imagesIn(dir: string, count: number, size = { width: 400, height: 600 }): Promise<string[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => makeImage(dir, `image-${i + 1}.png`, { ...size, shift: i })));
}

/** Bounding box of the pixels that differ from the image's top-left colour by more than `threshold`. */
async function boxOfDifferentPixels(path: string, threshold = 60) {
  const { data, info } = await sharp(path).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const [r0, g0, b0] = [data[0] as number, data[1] as number, data[2] as number];
  let box: { left: number; top: number; right: number; bottom: number } | undefined;
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      const i = (y * info.width + x) * 3;
      const d =
        Math.abs((data[i] as number) - r0) + Math.abs((data[i + 1] as number) - g0) + Math.abs((data[i + 2] as number) - b0);
      if (d <= threshold) continue;
      if (!box) box = { left: x, top: y, right: x, bottom: y };
      box.left = Math.min(box.left, x);
      box.right = Math.max(box.right, x);
      box.top = Math.min(box.top, y);
      box.bottom = Math.max(box.bottom, y);
    }
  }
  return { box, width: info.width, height: info.height };
}

describe('video.assemble', () => {
  it('makes an H.264 yuv420p + AAC MP4 of the planned length and size, loudness-normalised, index first, with progress', async () => {
    const dir = await makeWorkDir();
    const images = await imagesIn(dir, 3);
    const tone = await makeTone(dir, 1.2);
    const { nodes, edges } = imageNodes(images);
    const graph = graphOf(
      {
        ...nodes,
        music: ['test.audio', { path: tone }],
        assemble: ['video.assemble', { ...SMALL, duration: 3, transition: 'slideleft', transitionDuration: 0.4 }],
      },
      [...edges, 'music.audio -> assemble.audio'],
    );
    const result = await runTestGraph(graph, dir);
    expect(result.status, JSON.stringify(result.nodes.get('assemble')?.error)).toBe('succeeded');
    const { video, poster } = result.outputs.get('assemble') as { video: ArtifactRef; poster: ArtifactRef };

    const probe = await ffprobe(video.path);
    const v = probe.streams.find((s) => s.codec_type === 'video');
    const a = probe.streams.find((s) => s.codec_type === 'audio');
    expect(Math.abs(Number(probe.format.duration) - 3)).toBeLessThan(0.1);
    expect(Math.abs(Number(v?.duration) - 3)).toBeLessThan(0.1);
    expect(v).toMatchObject({ codec_name: 'h264', pix_fmt: 'yuv420p', width: 270, height: 480 });
    expect(a).toMatchObject({ codec_name: 'aac', sample_rate: '48000', channels: 2 });
    expect(video).toMatchObject({ kind: 'video', mime: 'video/mp4', width: 270, height: 480 });
    expect(Math.abs((video.durationSec ?? 0) - 3)).toBeLessThan(0.1);

    // The 1.2 s tone is looped to the video's length and lands on -14 LUFS, fades included,
    // where the log says it lands.
    const loudness = await integratedLoudness(video.path);
    expect(Math.abs(loudness - -14)).toBeLessThan(1);
    const lands = /normalising to (-?[\d.]+) LUFS/.exec(logsOf(result.events, 'assemble').join('\n'))?.[1];
    expect(lands).toBe('-14');
    expect(Math.abs(Number(lands) - loudness)).toBeLessThan(0.3);

    // +faststart: the index (moov) comes before the media (mdat), so playback starts at once.
    const boxes = await topLevelBoxes(video.path);
    expect(boxes.indexOf('moov')).toBeGreaterThanOrEqual(0);
    expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'));

    const meta = await sharp(poster.path).metadata();
    expect(meta).toMatchObject({ format: 'png', width: 270, height: 480 });

    const progress = result.events.flatMap((e) => (e.type === 'node.progress' && e.nodeId === 'assemble' ? [e.progress] : []));
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress).toEqual([...progress].sort((x, y) => x - y));
    expect(progress.at(-1)).toBe(1);
  });

  it('renders captions with quotes, colons, backslashes, percent signs, commas, semicolons, brackets and emoji inside the safe zone', async () => {
    const dir = await makeWorkDir();
    const image = await makeImage(dir, 'flat.png', { width: 300, height: 300, color: '#406080' });
    const tricky = `It's 50% off: "today" \\ only, really; [ok] {brace} \\N 😀🔥`;
    const graph = graphOf(
      {
        img: ['input.image', { name: 'img', default: image }],
        caption: ['input.text', { name: 'caption', default: tricky }],
        assemble: ['video.assemble', { ...SMALL, duration: 1, motion: 'none', captionSize: 90 }],
      },
      ['img.image -> assemble.images', 'caption.text -> assemble.captions'],
    );
    const result = await runTestGraph(graph, dir);
    expect(result.status, JSON.stringify(result.nodes.get('assemble')?.error)).toBe('succeeded');
    const { poster } = result.outputs.get('assemble') as { poster: ArtifactRef };

    // On a flat image, everything that is not the background colour is the caption and its box.
    const { box, width, height } = await boxOfDifferentPixels(poster.path);
    const safe = resolvePreset('9:16', SMALL).safeZone;
    expect(box, 'the caption drew nothing').toBeDefined();
    if (!box) return;
    expect(box.left).toBeGreaterThanOrEqual(safe.left);
    expect(box.right).toBeLessThan(width - safe.right);
    expect(box.top).toBeGreaterThanOrEqual(safe.top);
    expect(box.bottom).toBeLessThan(height - safe.bottom);
    // A long caption wraps onto several lines rather than running off the frame.
    expect(box.bottom - box.top).toBeGreaterThan(60);
  });

  it('makes the real 9:16 preset: 1080x1920, 30 fps, caption at the bottom of the safe zone', async () => {
    const dir = await makeWorkDir();
    const image = await makeImage(dir, 'flat.png', { width: 1024, height: 1024, color: '#305070' });
    const graph = graphOf(
      {
        img: ['input.image', { name: 'img', default: image }],
        caption: ['input.text', { name: 'caption', default: 'Trail shoes that grip' }],
        assemble: ['video.assemble', { duration: 1, motion: 'none', encoderPreset: 'ultrafast' }],
      },
      ['img.image -> assemble.images', 'caption.text -> assemble.captions'],
    );
    const result = await runTestGraph(graph, dir);
    expect(result.status, JSON.stringify(result.nodes.get('assemble')?.error)).toBe('succeeded');
    const { video, poster } = result.outputs.get('assemble') as { video: ArtifactRef; poster: ArtifactRef };
    const v = (await ffprobe(video.path)).streams.find((s) => s.codec_type === 'video');
    expect(v).toMatchObject({ width: 1080, height: 1920, codec_name: 'h264', pix_fmt: 'yuv420p', r_frame_rate: '30/1' });
    // Without a bed: a silent track, and no loudness pass to measure it.
    const logs = logsOf(result.events, 'assemble').join('\n');
    expect(logs).toMatch(/silent track/);
    expect(logs).not.toMatch(/LUFS|loudnorm/);
    const { box } = await boxOfDifferentPixels(poster.path);
    const safe = resolvePreset('9:16').safeZone;
    expect(box).toBeDefined();
    expect(box?.left).toBeGreaterThanOrEqual(safe.left);
    expect(box?.right).toBeLessThan(1080 - safe.right);
    // Bottom-placed: the box ends on the safe zone's bottom edge, within a few pixels.
    expect(1920 - safe.bottom - (box?.bottom ?? 0)).toBeGreaterThanOrEqual(0);
    expect(1920 - safe.bottom - (box?.bottom ?? 0)).toBeLessThan(8);
  });

  it("[video.C1] records each caption's box as libass draws it: the caption's pixels lie inside it, every edge within a few pixels", async () => {
    const dir = await makeWorkDir();
    // Grey under a white box: the box differs in brightness only, so chroma subsampling adds no fringe.
    const image = await makeImage(dir, 'grey.png', { width: 600, height: 600, color: '#404040' });
    const look = { duration: 1, motion: 'none', encoderPreset: 'ultrafast', captionColor: '#000000' };
    const box = { ...look, captionBoxColor: '#FFFFFF', captionBoxOpacity: 1 };
    const cases = {
      bottom: [{ ...box }, 'Grips wet rock, weighs 240 g and drains in seconds for weekend trail runners'],
      top: [{ ...box, ...SMALL, captionPosition: 'top', captionSize: 80 }, 'Shop now'],
      centre: [{ ...box, ...SMALL, captionPosition: 'center', captionSize: 70 }, 'Light on the trail\nWWW wide words 240 g'],
    } as const;
    const nodes: Record<string, [string, Record<string, unknown>]> = { img: ['input.image', { name: 'img', default: image }] };
    const edges: string[] = [];
    for (const [id, [params, text]] of Object.entries(cases)) {
      nodes[id] = ['video.assemble', params];
      nodes[`${id}Text`] = ['input.text', { name: `${id}Text`, default: text }];
      edges.push(`img.image -> ${id}.images`, `${id}Text.text -> ${id}.captions`);
    }
    const result = await runTestGraph(graphOf(nodes, edges), dir);
    expect(result.status, JSON.stringify([...result.nodes.values()].map((n) => n.error).filter(Boolean))).toBe('succeeded');
    for (const id of Object.keys(cases)) {
      const { video, poster } = result.outputs.get(id) as { video: ArtifactRef; poster: ArtifactRef };
      const [caption] = (video.meta?.captions ?? []) as {
        lines: string[];
        box: { x: number; y: number; width: number; height: number };
      }[];
      expect(caption, id).toBeDefined();
      if (!caption) continue;
      // The poster is a frame of the video: everything not grey is the caption and its box.
      const { box: drawn } = await boxOfDifferentPixels(poster.path, 30);
      expect(drawn, id).toBeDefined();
      if (!drawn) continue;
      const recorded = caption.box;
      const at = `${id}: drawn x ${drawn.left}–${drawn.right + 1}, y ${drawn.top}–${drawn.bottom + 1}; recorded ${JSON.stringify(recorded)}`;
      expect(drawn.left, at).toBeGreaterThanOrEqual(recorded.x);
      expect(drawn.right + 1, at).toBeLessThanOrEqual(recorded.x + recorded.width);
      expect(drawn.top, at).toBeGreaterThanOrEqual(recorded.y);
      expect(drawn.bottom + 1, at).toBeLessThanOrEqual(recorded.y + recorded.height);
      // Tight, not just inside: libass drew what the layout said, lines and all.
      const slack = 2 + Math.ceil(recorded.width * 0.01);
      expect(drawn.left - recorded.x, at).toBeLessThanOrEqual(slack);
      expect(recorded.x + recorded.width - (drawn.right + 1), at).toBeLessThanOrEqual(slack);
      expect(drawn.top - recorded.y, at).toBeLessThanOrEqual(2);
      expect(recorded.y + recorded.height - (drawn.bottom + 1), at).toBeLessThanOrEqual(2);
      expect(poster.meta?.captions, id).toEqual(video.meta?.captions);
    }
    const lines = (id: string) =>
      ((result.outputs.get(id) as { video: ArtifactRef }).video.meta?.captions as { lines: string[] }[] | undefined)?.[0]?.lines;
    // Three lines of even width, as libass's own wrapping would make them.
    expect(lines('bottom')).toEqual(['Grips wet rock, weighs 240', 'g and drains in seconds for', 'weekend trail runners']);
    expect(lines('top')).toEqual(['Shop now']);
    expect(lines('centre')?.[0]).toBe('Light on the trail');
  });

  it('lasts the sum of per-image durations, whatever the transitions take', async () => {
    const dir = await makeWorkDir();
    const images = await imagesIn(dir, 3, { width: 200, height: 200 });
    const { nodes, edges } = imageNodes(images, ['fade', 'cut']);
    const graph = graphOf(
      {
        ...nodes,
        fade: [
          'video.assemble',
          { width: 160, height: 284, durations: [0.8, 1.3, 0.6], transition: 'circleopen', transitionDuration: 0.5 },
        ],
        cut: ['video.assemble', { width: 160, height: 284, durations: [0.8, 1.3, 0.6], transition: 'cut', fit: 'blur' }],
      },
      edges,
    );
    const result = await runTestGraph(graph, dir);
    expect(result.status, JSON.stringify(result.nodes.get('fade')?.error ?? result.nodes.get('cut')?.error)).toBe('succeeded');
    for (const id of ['fade', 'cut']) {
      const { video } = result.outputs.get(id) as { video: ArtifactRef };
      const probe = await ffprobe(video.path);
      expect(Math.abs(Number(probe.format.duration) - 2.7), id).toBeLessThan(0.1);
    }
  });

  it('moves smoothly: under each Ken Burns move a soft marker’s speed changes by under 0.2 px a frame', async () => {
    const dir = await makeWorkDir();
    // A blurred square: its weighted centroid follows sub-pixel motion without the steps a
    // hard threshold would add, so the track shows the motion's own shiver.
    const dot = join(dir, 'dot.png');
    await sharp({ create: { width: 360, height: 640, channels: 3, background: '#000000' } })
      .composite([{ input: { create: { width: 12, height: 12, channels: 3, background: '#ffffff' } }, left: 85, top: 145 }])
      .blur(3)
      .png()
      .toFile(dot);
    const nodes: Record<string, [string, Record<string, unknown>]> = {};
    const edges: string[] = [];
    // Four images take the four moves in turn: push in, pan across, pull out, pan down.
    for (let i = 1; i <= 4; i++) {
      nodes[`img${i}`] = ['input.image', { name: `img${i}`, default: dot }];
      edges.push(`img${i}.image -> assemble.images`);
    }
    nodes.assemble = ['video.assemble', { width: 360, height: 640, duration: 8, zoom: 1.2, crf: 10, transition: 'cut' }];
    const result = await runTestGraph(graphOf(nodes, edges), dir);
    expect(result.status, JSON.stringify(result.nodes.get('assemble')?.error)).toBe('succeeded');
    const { video } = result.outputs.get('assemble') as { video: ArtifactRef };
    const frames = await greyFrames(video.path, 360, 640);
    expect(frames.length).toBe(240);
    const track = frames.map((frame) => {
      let [sx, sy, s] = [0, 0, 0];
      for (let y = 0; y < 640; y++) {
        for (let x = 0; x < 360; x++) {
          const v = (frame[y * 360 + x] as number) - 20;
          if (v > 0) {
            sx += v * x;
            sy += v * y;
            s += v;
          }
        }
      }
      return [sx / s, sy / s] as const;
    });
    const travel = [0, 1, 2, 3].map((clip) => {
      const [first, last] = [track[clip * 60], track[clip * 60 + 59]] as [readonly [number, number], readonly [number, number]];
      return Math.hypot(last[0] - first[0], last[1] - first[1]);
    });
    // It did move: zooming 1.2x pushes the marker towards the corner; the pans carry it further.
    expect(travel[0]).toBeGreaterThan(10);
    expect(travel[1]).toBeGreaterThan(50);
    expect(travel[2]).toBeGreaterThan(10);
    expect(travel[3]).toBeGreaterThan(50);
    for (let clip = 0; clip < 4; clip++) {
      let worst = 0;
      for (let i = clip * 60 + 1; i < clip * 60 + 59; i++) {
        const [a, b, c] = [track[i - 1], track[i], track[i + 1]] as [
          readonly [number, number],
          readonly [number, number],
          readonly [number, number],
        ];
        worst = Math.max(worst, Math.hypot(c[0] - 2 * b[0] + a[0], c[1] - 2 * b[1] + a[1]));
      }
      expect(worst, `move ${clip + 1}`).toBeLessThan(0.2);
    }
  });

  it('never shows a border: a 1 px frame drawn round the picture never gets wider under any move', async () => {
    const dir = await makeWorkDir();
    const framed = join(dir, 'framed.png');
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="360" height="640"><rect width="360" height="640" fill="#ffffff"/><rect x="1" y="1" width="358" height="638" fill="#808080"/></svg>`;
    await sharp(Buffer.from(svg)).png().toFile(framed);
    const nodes: Record<string, [string, Record<string, unknown>]> = {};
    const edges: string[] = [];
    for (let i = 1; i <= 4; i++) {
      nodes[`img${i}`] = ['input.image', { name: `img${i}`, default: framed }];
      edges.push(`img${i}.image -> assemble.images`);
    }
    nodes.assemble = ['video.assemble', { width: 360, height: 640, duration: 4, zoom: 1.3, crf: 10, transition: 'cut' }];
    const result = await runTestGraph(graphOf(nodes, edges), dir);
    expect(result.status, JSON.stringify(result.nodes.get('assemble')?.error)).toBe('succeeded');
    const { video } = result.outputs.get('assemble') as { video: ArtifactRef };
    const frames = await greyFrames(video.path, 360, 640);
    expect(frames.length).toBe(120);
    const bright = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length > 180;
    frames.forEach((frame, n) => {
      const column = (x: number) => Array.from({ length: 640 }, (_, y) => frame[y * 360 + x] as number);
      const row = (y: number) => Array.from(frame.subarray(y * 360, y * 360 + 360));
      // How many lines from each edge inwards are the frame's white: 1 at most, 0 once zoomed past it.
      const widths = [
        [0, 1, 2].filter((k) => bright(column(k))).length,
        [359, 358, 357].filter((k) => bright(column(k))).length,
        [0, 1, 2].filter((k) => bright(row(k))).length,
        [639, 638, 637].filter((k) => bright(row(k))).length,
      ];
      expect(Math.max(...widths), `frame ${n}: ${widths}`).toBeLessThanOrEqual(1);
    });
    // The first frame shows the whole picture (push-in from 1): its frame is there, one line wide.
    expect(bright(Array.from({ length: 640 }, (_, y) => frames[0]?.[y * 360] as number))).toBe(true);
  });

  it('the poster is the video’s own frame at posterAt, caption and motion included, whether a still or a transition shows there', async () => {
    const dir = await makeWorkDir();
    const images = await imagesIn(dir, 2, { width: 360, height: 640 });
    for (const [posterAt, transition] of [
      [1.3, 'fade'],
      [2, 'fade'],
    ] as const) {
      const { nodes, edges } = imageNodes(images);
      nodes.caption = ['input.text', { name: 'caption', default: 'Grip on every trail' }];
      edges.push('caption.text -> assemble.captions');
      nodes.assemble = ['video.assemble', { width: 360, height: 640, duration: 4, zoom: 1.2, crf: 10, transition, posterAt }];
      const result = await runTestGraph(graphOf(nodes, edges), dir);
      expect(result.status, JSON.stringify(result.nodes.get('assemble')?.error)).toBe('succeeded');
      const { video, poster } = result.outputs.get('assemble') as { video: ArtifactRef; poster: ArtifactRef };
      // The video's frames in RGB, converted as the poster is.
      const { stdout } = await execFileAsync(
        'ffmpeg',
        ['-v', 'error', '-i', video.path, '-vf', 'scale=in_color_matrix=bt709:in_range=tv,format=rgb24', '-f', 'rawvideo', '-'],
        { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 },
      );
      const size = 360 * 640 * 3;
      const frames = Array.from({ length: stdout.length / size }, (_, n) => stdout.subarray(n * size, (n + 1) * size));
      const still = await sharp(poster.path).removeAlpha().raw().toBuffer();
      const distance = (frame: Buffer) => frame.reduce((sum, v, i) => sum + Math.abs(v - (still[i] as number)), 0) / frame.length;
      const at = Math.round(posterAt * 30);
      // The nearest frame of the video is the one at posterAt (2 s: the middle of the fade).
      const nearest = frames.map(distance).reduce((best, d, n, all) => (d < (all[best] as number) ? n : best), 0);
      expect(nearest, `posterAt ${posterAt}`).toBe(at);
      // The same frame but for the encoder's loss.
      expect(distance(frames[at] as Buffer)).toBeLessThan(1.5);
    }
  });

  it('[engine.L1] maps over variants: each video gets its own variant’s images, and its headline as the caption', async () => {
    const dir = await makeWorkDir();
    const graph = graphOf(
      {
        split: ['test.variants', { count: 2 }],
        picture: ['test.variantImage'],
        // Images reach the list input from a node mapped over the same variants.
        assemble: ['video.assemble', { width: 160, height: 284, duration: 1, motion: 'none', posterAt: 0 }],
        // A variant that carries its own image needs no images input.
        carried: ['test.withImage'],
        fromVariant: ['video.assemble', { width: 160, height: 284, duration: 1, motion: 'none', posterAt: 0 }],
      },
      [
        'split.variants -> picture.variant',
        'split.variants -> assemble.variant',
        'picture.image -> assemble.images',
        'split.variants -> carried.variant',
        'picture.image -> carried.image',
        'carried.variant -> fromVariant.variant',
      ],
    );
    const result = await runTestGraph(graph, dir);
    expect(result.status, JSON.stringify(result.nodes.get('assemble')?.error ?? result.nodes.get('fromVariant')?.error)).toBe(
      'succeeded',
    );
    for (const id of ['assemble', 'fromVariant']) {
      const out = result.outputs.get(id) as { video: ArtifactRef[]; poster: ArtifactRef[] };
      expect(out.video).toHaveLength(2);
      for (const [index, poster] of out.poster.entries()) {
        // Top-left corner is the image, away from the caption: the variant's own colour.
        const { data } = await sharp(poster.path)
          .extract({ left: 4, top: 4, width: 1, height: 1 })
          .raw()
          .toBuffer({ resolveWithObject: true });
        const expected = (VARIANT_COLORS[index] as string).match(/[0-9a-f]{2}/g)?.map((h) => Number.parseInt(h, 16)) as number[];
        for (let c = 0; c < 3; c++)
          expect(Math.abs((data[c] as number) - (expected[c] as number)), `${id} variant ${index}`).toBeLessThan(20);
        expect(out.video[index]?.meta).toMatchObject({ variant: `c${index + 1}-i1` });
      }
      // The headline became the caption: something other than the flat colour is drawn.
      const { box } = await boxOfDifferentPixels((out.poster[1] as ArtifactRef).path);
      expect(box, `${id} caption`).toBeDefined();
    }
    const manifest = JSON.parse(await readFile(join(result.outDir, 'manifest.json'), 'utf8'));
    const videos = manifest.artifacts.filter((a: { node: string; port: string }) => a.node === 'assemble' && a.port === 'video');
    expect(videos.map((a: { lineageKey: string }) => a.lineageKey)).toEqual(['split[0]', 'split[1]']);
  });

  it('cancelled mid-encode: kills ffmpeg at once and leaves no file in the store or the run folder', async () => {
    const dir = await makeWorkDir();
    const images = await imagesIn(dir, 3);
    const { nodes, edges } = imageNodes(images);
    // Long enough to still be encoding when the first progress report arrives.
    const graph = graphOf(
      { ...nodes, assemble: ['video.assemble', { width: 480, height: 854, duration: 40, encoderPreset: 'medium' }] },
      edges,
    );
    const controller = new AbortController();
    let abortedAt = 0;
    let progressAtAbort = 0;
    const result = await runTestGraph(graph, dir, {
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'node.progress' && event.nodeId === 'assemble' && event.progress > 0.04 && !abortedAt) {
          progressAtAbort = event.progress;
          abortedAt = performance.now();
          controller.abort();
        }
      },
    });
    expect(abortedAt, 'ffmpeg reported no progress before it finished').toBeGreaterThan(0);
    expect(progressAtAbort).toBeLessThan(0.5);
    expect(performance.now() - abortedAt).toBeLessThan(1_500);
    expect(result.status).toBe('cancelled');
    expect(result.nodes.get('assemble')?.status).toBe('cancelled');

    // The encoder is gone: no ffmpeg is still writing into this work folder.
    const deadline = performance.now() + 1_000;
    while ((await ffmpegProcessesMentioning(dir)).length && performance.now() < deadline) await wait(50);
    expect(await ffmpegProcessesMentioning(dir)).toEqual([]);
    await wait(200);
    expect(await listFiles(join(dir, '.adloom', 'artifacts', 'tmp'))).toEqual([]);
    const stored = await listFiles(join(dir, '.adloom', 'artifacts'));
    expect(stored.filter((file) => file.endsWith('.mp4'))).toEqual([]);
    // The three input images, and no poster.
    expect(stored.filter((file) => file.endsWith('.png'))).toHaveLength(3);
    const runFiles = await listFiles(result.outDir);
    expect(runFiles.filter((file) => file.startsWith('assemble/'))).toEqual([]);
  });

  it('says which input is wrong: no images, or durations that do not match the images', async () => {
    const dir = await makeWorkDir();
    const [image] = await imagesIn(dir, 1);
    const graph = graphOf(
      {
        img: ['input.image', { name: 'img', default: image }],
        empty: ['video.assemble', { width: 160, height: 284, duration: 1 }],
        mismatch: ['video.assemble', { width: 160, height: 284, durations: [1, 2] }],
        noMusic: ['video.assemble', { width: 160, height: 284, duration: 1, audioFile: 'missing.mp3' }],
      },
      ['img.image -> mismatch.images', 'img.image -> noMusic.images'],
    );
    const result = await runTestGraph(graph, dir);
    expect(result.nodes.get('empty')?.error).toMatchObject({
      port: 'images',
      message: expect.stringMatching(/at least one image/),
    });
    expect(result.nodes.get('mismatch')?.error).toMatchObject({
      param: 'durations',
      message: 'the durations param has 2 durations for 1 image; give one per image',
    });
    expect(result.nodes.get('noMusic')?.error).toEqual({
      param: 'audioFile',
      message: `there is no audio file at ${join(dir, 'missing.mp3')}`,
    });
  });
});
