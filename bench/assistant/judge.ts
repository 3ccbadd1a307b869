import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { RunResult } from '@adloom/engine';
import { diffGraphs, type GraphFile } from '@adloom/graph';
import type { Platform, Want } from './requests.ts';

const run = promisify(execFile);

/** Each platform's sizes a set must have, and those it may have besides (the platforms' published specs). */
const SIZES: Record<Platform, { required: string[]; allowed: string[] }> = {
  tiktok: { required: ['1080x1920'], allowed: [] },
  reels: { required: ['1080x1920'], allowed: [] },
  stories: { required: ['1080x1920'], allowed: [] },
  shorts: { required: ['1080x1920'], allowed: [] },
  'meta-feed': { required: ['1080x1080'], allowed: ['1080x1350', '1200x628', '1080x566'] },
  'google-display': {
    required: ['300x250', '728x90', '160x600'],
    allowed: [
      '336x280',
      '300x600',
      '320x50',
      '320x100',
      '970x250',
      '970x90',
      '468x60',
      '250x250',
      '200x200',
      '300x1050',
      '120x600',
      '1200x628',
      '1200x1200',
    ],
  },
};

interface Artifact {
  file: string;
  node: string;
  kind: string;
  mime: string;
  width?: number;
  height?: number;
}

/** What a run made, read from its folder and outputs by node type, never by node id. */
export interface RunFacts {
  variants?: number;
  copies: Record<string, unknown>[];
  /** Sizes of the images the graph finishes (overlays and exports; fits where there are none). */
  finished: string[];
  videos: string[];
  pages: number;
  texts: string[];
  preflightFindings?: number;
}

const typeOf = (graph: GraphFile, id: string) => (Object.hasOwn(graph.nodes, id) ? graph.nodes[id]?.type : undefined);

function strings(value: unknown, into: string[]): void {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) strings(item, into);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) strings(item, into);
}

export async function readRun(graph: GraphFile, result: RunResult): Promise<RunFacts> {
  const manifest = JSON.parse(await readFile(join(result.outDir, 'manifest.json'), 'utf8')) as { artifacts: Artifact[] };
  const ofType = (types: string[]) => manifest.artifacts.filter((a) => types.includes(typeOf(graph, a.node) ?? ''));
  const copies: Record<string, unknown>[] = [];
  let variants: number | undefined;
  let preflightFindings: number | undefined;
  const texts: string[] = [];
  for (const [id, outputs] of result.outputs) {
    const type = typeOf(graph, id);
    if (type === 'llm.adCopy' && Array.isArray(outputs.copies)) copies.push(...(outputs.copies as Record<string, unknown>[]));
    if (type === 'variants.split' && Array.isArray(outputs.variants)) variants = Math.max(variants ?? 0, outputs.variants.length);
    for (const value of Object.values(outputs)) {
      const findings = (value as { findings?: unknown } | undefined)?.findings;
      if (Array.isArray(findings)) preflightFindings = (preflightFindings ?? 0) + findings.length;
    }
    strings(outputs, texts);
  }
  const images = (types: string[]) => ofType(types).filter((a) => a.kind === 'image');
  let finishedImages = images(['image.overlay', 'image.export']);
  if (!finishedImages.length) finishedImages = images(['image.fit']);
  const readable = manifest.artifacts.filter((a) => /^(?:text\/|application\/json)/.test(a.mime));
  for (const a of readable) texts.push(await readFile(join(result.outDir, a.file), 'utf8'));
  return {
    ...(variants !== undefined ? { variants } : copies.length ? { variants: copies.length } : {}),
    copies,
    finished: finishedImages.map((a) => `${a.width}x${a.height}`),
    videos: manifest.artifacts.filter((a) => a.mime === 'video/mp4').map((a) => join(result.outDir, a.file)),
    pages: ofType(['page.landing']).filter((a) => a.mime === 'text/html').length,
    texts,
    ...(preflightFindings !== undefined ? { preflightFindings } : {}),
  };
}

/** A video's length and frame rate, as ffprobe reads the file. */
async function probe(file: string): Promise<{ durationSec: number; fps: number }> {
  const { stdout } = await run('ffprobe', [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=avg_frame_rate:format=duration',
    '-of',
    'json',
    file,
  ]);
  const data = JSON.parse(stdout) as { format: { duration: string }; streams: { avg_frame_rate: string }[] };
  const [num, den] = (data.streams[0]?.avg_frame_rate ?? '30/1').split('/').map(Number) as [number, number];
  return { durationSec: Number(data.format.duration), fps: den ? num / den : 30 };
}

const lower = (s: unknown) => String(s ?? '').toLowerCase();

/** The ways the run falls short of what the request wanted; empty when it meets it. */
export async function judgeOutputs(want: Want, facts: RunFacts, graph: GraphFile): Promise<string[]> {
  const misses: string[] = [];
  const nodes = Object.values(graph.nodes);
  if (want.variants !== undefined && facts.variants !== want.variants)
    misses.push(`${facts.variants ?? 'no'} variants, asked ${want.variants}`);
  const perVariant = Math.max(1, want.variants ?? facts.variants ?? 1);
  if (want.platforms) {
    const allowed = new Set(want.platforms.flatMap((p) => [...SIZES[p].required, ...SIZES[p].allowed]));
    for (const size of new Set(want.platforms.flatMap((p) => SIZES[p].required))) {
      const made = facts.finished.filter((s) => s === size).length;
      if (made < perVariant) misses.push(`${made} finished ${size} images, wanted ${perVariant}`);
    }
    const strays = [...new Set(facts.finished.filter((s) => !allowed.has(s)))];
    if (strays.length) misses.push(`images of sizes no asked platform uses: ${strays.join(', ')}`);
  }
  if (want.videoSec === false && facts.videos.length) misses.push(`${facts.videos.length} videos, asked for none`);
  if (typeof want.videoSec === 'number') {
    if (facts.videos.length < perVariant) misses.push(`${facts.videos.length} videos, wanted ${perVariant}`);
    for (const file of facts.videos) {
      const { durationSec, fps } = await probe(file);
      if (Math.abs(durationSec - want.videoSec) > 1 / fps + 1e-3) {
        misses.push(`a video of ${durationSec.toFixed(3)} s, asked ${want.videoSec} s`);
        break;
      }
    }
  }
  if (want.pages === true && facts.pages !== perVariant) misses.push(`${facts.pages} landing pages, wanted ${perVariant}`);
  if (want.pages === false && facts.pages) misses.push(`${facts.pages} landing pages, asked for none`);
  if (want.product) {
    const product = lower(want.product);
    const unnamed = facts.copies.filter(
      (c) => ![c.headline, c.primaryText, c.description].some((f) => lower(f).includes(product)),
    );
    if (!facts.copies.length) misses.push('no copy was written');
    else if (unnamed.length) misses.push(`${unnamed.length} of ${facts.copies.length} copies do not name "${want.product}"`);
  }
  const copyNodes = nodes.filter((n) => n.type === 'llm.adCopy');
  if (want.tone && !(copyNodes.length && copyNodes.every((n) => lower(n.params?.tone) === lower(want.tone))))
    misses.push(`copy not written in the tone "${want.tone}"`);
  if (want.audience) {
    const named =
      (copyNodes.length && copyNodes.every((n) => lower(n.params?.audience).includes(lower(want.audience)))) ||
      facts.texts.some((t) => lower(t).includes(lower(want.audience)));
    if (!named) misses.push(`the audience "${want.audience}" is nowhere`);
  }
  if (want.mentions && !facts.texts.some((t) => lower(t).includes(lower(want.mentions))))
    misses.push(`nothing the run made says "${want.mentions}"`);
  if (want.model) {
    const llms = nodes.filter((n) => n.type.startsWith('llm.'));
    if (!llms.length || !llms.every((n) => n.params?.model === want.model)) misses.push(`not every text node uses ${want.model}`);
  }
  if (want.preflight && !facts.preflightFindings) misses.push('no preflight report with findings');
  return misses;
}

/** Graph-only checks of a graph that would call a paid provider (it is not run). */
export function judgeProviders(want: Want, graph: GraphFile): string[] {
  const users = Object.values(graph.nodes).filter((n) => /^(?:llm\.|image\.generate$)/.test(n.type));
  if (want.provider && !(users.length && users.every((n) => n.params?.provider === want.provider)))
    return [`not every text and image node uses ${want.provider}`];
  return [];
}

/** Nodes an edit changed, added or removed whose type the request is not about. */
export function judgeUntouched(before: GraphFile, after: GraphFile, touches: readonly string[]): string[] {
  const diff = diffGraphs(before, after);
  const changed = [
    ...diff.nodesChanged.map((c) => ({ id: c.id, type: typeOf(before, c.id) ?? '', how: 'changed' })),
    ...diff.nodesAdded.map((n) => ({ id: n.id, type: n.type, how: 'added' })),
    ...diff.nodesRemoved.map((n) => ({ id: n.id, type: n.type, how: 'removed' })),
  ];
  return changed
    .filter((c) => !touches.includes(c.type))
    .map((c) => `node "${c.id}" (${c.type}) ${c.how}, which the request did not ask for`);
}
