import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { graphOf, makeImage, makeWorkDir, runTestGraph } from '../test/kit.ts';
import { assertCapabilities, formatCommandLine, loadFfmpeg, requireFfmpeg, runFfmpeg } from './ffmpeg.ts';

const savedPath = process.env.FFMPEG_PATH;
afterEach(() => {
  if (savedPath === undefined) delete process.env.FFMPEG_PATH;
  else process.env.FFMPEG_PATH = savedPath;
});

/** A short test pattern ffmpeg makes by itself. */
const testPattern = (seconds: number, output: string) => [
  '-f',
  'lavfi',
  '-i',
  `testsrc2=size=320x240:rate=30:duration=${seconds}`,
  '-c:v',
  'libx264',
  '-preset',
  'ultrafast',
  output,
];

describe('the ffmpeg layer', () => {
  it('finds ffmpeg and ffprobe on PATH and knows the filters and encoders the video nodes need', async () => {
    const tools = await loadFfmpeg();
    expect(tools.ffmpeg).toMatch(/ffmpeg$/);
    expect(tools.ffprobe).toMatch(/ffprobe$/);
    expect(tools.version).toMatch(/^\d+\.\d+/);
    for (const filter of ['xfade', 'sendcmd', 'fillborders', 'ass', 'ebur128', 'volume', 'loudnorm', 'afade', 'concat'])
      expect(tools.filters.has(filter), filter).toBe(true);
    for (const encoder of ['libx264', 'aac', 'png']) expect(tools.encoders.has(encoder), encoder).toBe(true);
    // Checked once: the same promise serves every later node.
    expect(loadFfmpeg()).toBe(loadFfmpeg());
  });

  it('says how to fix a missing ffmpeg: FFMPEG_PATH naming no file, or none on PATH', async () => {
    await expect(loadFfmpeg({ FFMPEG_PATH: '/nowhere/ffmpeg', PATH: process.env.PATH })).rejects.toThrow(
      /FFMPEG_PATH is set to "\/nowhere\/ffmpeg" but there is no ffmpeg program there\. Install ffmpeg \(Debian\/Ubuntu: sudo apt install ffmpeg; macOS: brew install ffmpeg; Windows: winget install Gyan\.FFmpeg\)/,
    );
    await expect(loadFfmpeg({ PATH: '/nowhere' })).rejects.toThrow(
      /ffmpeg was not found on PATH\. Install ffmpeg .* or set FFMPEG_PATH/,
    );
  });

  it('fails a node with that message when FFMPEG_PATH points at a file that does not exist', async () => {
    const dir = await makeWorkDir();
    const image = await makeImage(dir, 'a.png', { width: 64, height: 64, color: '#808080' });
    process.env.FFMPEG_PATH = join(dir, 'no-such-ffmpeg');
    const graph = graphOf(
      {
        img: ['input.image', { name: 'img', default: image }],
        assemble: ['video.assemble', { width: 64, height: 114, duration: 1 }],
      },
      ['img.image -> assemble.images'],
    );
    const result = await runTestGraph(graph, dir);
    expect(result.status).toBe('failed');
    expect(result.nodes.get('assemble')?.error?.message).toBe(
      `ffmpeg was not found: FFMPEG_PATH is set to "${join(dir, 'no-such-ffmpeg')}" but there is no ffmpeg program there. ` +
        'Install ffmpeg (Debian/Ubuntu: sudo apt install ffmpeg; macOS: brew install ffmpeg; Windows: winget install Gyan.FFmpeg), ' +
        'or set FFMPEG_PATH to the ffmpeg program (or unset it to use the one on PATH)',
    );
  });

  it('names the filters and encoders an ffmpeg lacks, and the build flag that brings them', async () => {
    await expect(requireFfmpeg({ filters: ['xfade', 'nosuchfilter'], encoders: ['libx264', 'nosuchencoder'] })).rejects.toThrow(
      /lacks the filter nosuchfilter and the encoder nosuchencoder\. Install ffmpeg/,
    );
    // An ffmpeg built without libass, as some minimal builds are.
    const tools = await loadFfmpeg();
    const withoutLibass = { ...tools, filters: new Set([...tools.filters].filter((f) => f !== 'ass')) };
    expect(() => assertCapabilities(withoutLibass, { filters: ['ass', 'xfade'] })).toThrow(
      `ffmpeg ${tools.version} at ${tools.ffmpeg} lacks the filter ass (built with --enable-libass).`,
    );
  });

  it('reports progress from -progress as fractions of the planned length, ending at 1', async () => {
    const dir = await makeWorkDir();
    const tools = await loadFfmpeg();
    const fractions: number[] = [];
    await runFfmpeg(
      tools,
      { args: testPattern(4, join(dir, 'p.mp4')) },
      { durationSec: 4, onProgress: (f) => fractions.push(f) },
    );
    expect(fractions.length).toBeGreaterThanOrEqual(2);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions.at(-1)).toBe(1);
  });

  it('fails with the tail of ffmpeg’s stderr, and removes what it had written', async () => {
    const dir = await makeWorkDir();
    const tools = await loadFfmpeg();
    const output = join(dir, 'out.mp4');
    await expect(
      runFfmpeg(
        tools,
        { args: ['-f', 'lavfi', '-i', 'testsrc2=duration=1', '-vf', 'nosuchfilter', output] },
        { outputs: [output] },
      ),
    ).rejects.toThrow(/ffmpeg failed \(exit code \d+\): .*No such filter: 'nosuchfilter'/s);
    await expect(stat(output)).rejects.toThrow();
  });

  it('kills ffmpeg when the signal aborts and removes the partial file', async () => {
    const dir = await makeWorkDir();
    const tools = await loadFfmpeg();
    const output = join(dir, 'long.mp4');
    const controller = new AbortController();
    let started = 0;
    const run = runFfmpeg(
      tools,
      {
        args: ['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30:duration=600', '-c:v', 'libx264', '-preset', 'medium', output],
      },
      {
        signal: controller.signal,
        durationSec: 600,
        outputs: [output],
        onProgress: () => {
          if (!started) {
            started = performance.now();
            controller.abort();
          }
        },
      },
    );
    await expect(run).rejects.toThrow(/abort/i);
    expect(performance.now() - started).toBeLessThan(1_000);
    await expect(stat(output)).rejects.toThrow();
  });

  it('writes commands for logs the way a shell would read them', () => {
    expect(formatCommandLine('/usr/bin/ffmpeg', ['-i', '/tmp/a b.png', '-vf', "drawtext=text='x'", '-y'])).toBe(
      `/usr/bin/ffmpeg -i '/tmp/a b.png' -vf 'drawtext=text='\\''x'\\''' -y`,
    );
  });
});
