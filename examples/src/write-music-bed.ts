// Makes the TikTok example's music bed offline, from nothing but ffmpeg's tone generator, so the
// file needs no licence beyond the project's own (it is dedicated to the public domain, CC0 1.0).
// Run after changing it:  node examples/src/write-music-bed.ts
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const SECONDS = 16;
const BPM = 112;
const beat = 60 / BPM;
// A I–V–vi–IV loop in A major, two beats a chord: root, third and fifth as soft sines.
const CHORDS = [
  [220.0, 277.18, 329.63],
  [164.81, 207.65, 246.94],
  [185.0, 220.0, 277.18],
  [146.83, 185.0, 220.0],
];
const bar = beat * 2;
const chord = (voice: number) =>
  CHORDS.map((notes, i) => `between(mod(t,${bar * 4}),${bar * i},${bar * (i + 1)})*sin(2*PI*${notes[voice]}*t)`).join('+');
// Pad swells with each chord; a low kick on every beat; a hi-hat of filtered noise off the beat.
const pad = `0.12*(${chord(0)}+${chord(1)}+${chord(2)})*(0.6+0.4*sin(PI*mod(t,${bar})/${bar}))`;
const kick = `0.5*sin(2*PI*(50+60*exp(-30*mod(t,${beat})))*mod(t,${beat}))*exp(-9*mod(t,${beat}))`;
const hat = `0.05*(random(0)*2-1)*exp(-60*mod(t+${beat / 2},${beat}))`;
// Commas inside an expression must be escaped, or the filter graph reads them as filter separators.
const expression = `${pad}+${kick}+${hat}`.replaceAll(',', '\\,');
const out = join(import.meta.dirname, '..', 'assets', 'trail-bed.m4a');
const result = spawnSync(
  process.env.FFMPEG_PATH ?? 'ffmpeg',
  [
    ...['-v', 'error', '-y', '-f', 'lavfi', '-i', `aevalsrc=${expression}:s=44100:d=${SECONDS}`],
    ...['-af', 'afade=t=in:d=0.2,afade=t=out:st=15.2:d=0.8,aformat=channel_layouts=stereo'],
    ...['-c:a', 'aac', '-b:a', '96k', '-movflags', '+faststart', out],
  ],
  { stdio: 'inherit' },
);
if (result.status !== 0) process.exit(result.status ?? 1);
console.log(`wrote ${out}`);
