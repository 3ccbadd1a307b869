import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { sha256 } from '@adloom/engine';
import { type GraphFile, serializeGraph } from '@adloom/graph';
import { FORMAT_PRESETS } from '@adloom/nodes-image';
import {
  COPY_FIELD_NAMES,
  type CopyFields,
  checkCopy,
  checkImage,
  checkRecordedBoxes,
  checkText,
  checkVideo,
  type Finding,
  houseDefault,
  PLATFORMS,
  type Platform,
  platformOf,
  RSA_COUNTS,
  TEXT_RULES,
} from '@adloom/specs';
import { probeVideo } from '@adloom/specs/probe';
import { readGraphFile } from './graph-file.ts';
import { UsageError } from './usage-error.ts';

/** An artifact as a run folder's manifest.json lists it. */
interface ManifestArtifact {
  file: string;
  node: string;
  port: string;
  kind: string;
  mime: string;
  bytes?: number;
  width?: number;
  height?: number;
}

interface Manifest {
  graph?: { file?: string; hash?: string };
  nodes: Record<string, { status?: string; outputs?: Record<string, unknown> }>;
  artifacts: ManifestArtifact[];
}

/** Every finding about one file or one copy, for one platform. */
export interface PreflightItem {
  subject: string;
  platform: Platform;
  status: Finding['status'];
  findings: Finding[];
}

export interface PreflightReport {
  runDir: string;
  platforms: Platform[];
  /** How final creatives were told from intermediate files. */
  selection: 'graph' | 'all';
  items: PreflightItem[];
}

type CopyLike = Required<CopyFields> & { platform: string };

const PAGE_RULES = houseDefault(
  'a landing page declares its language, has a title and a mobile viewport, and every link out carries utm_source, utm_medium and utm_campaign so the visit is attributed',
);

function isCopy(value: unknown): value is CopyLike {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return COPY_FIELD_NAMES.every((f) => typeof v[f] === 'string') && typeof v.platform === 'string';
}

/** Every copy a node put out, nested in lists and variants, once each. */
function collectCopies(value: unknown, found: Map<string, CopyLike>): void {
  if (isCopy(value)) {
    const key = JSON.stringify(COPY_FIELD_NAMES.map((f) => value[f]).concat(value.platform));
    if (!found.has(key)) found.set(key, value);
    return;
  }
  if (Array.isArray(value)) for (const item of value) collectCopies(item, found);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) collectCopies(item, found);
}

/** Every artifact reference's meta in a node's outputs, by run-folder file. */
function collectMeta(value: unknown, found: Map<string, Record<string, unknown>>): void {
  if (Array.isArray(value)) for (const item of value) collectMeta(item, found);
  else if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v.file === 'string' && v.meta && typeof v.meta === 'object') found.set(v.file, v.meta as Record<string, unknown>);
    else for (const item of Object.values(v)) collectMeta(item, found);
  }
}

async function readManifest(runDir: string): Promise<Manifest> {
  const path = join(runDir, 'manifest.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `check: ${runDir} is not a run folder: ${code === 'ENOENT' || code === 'ENOTDIR' ? 'it has no manifest.json' : (error as Error).message}`,
    );
  }
  try {
    const manifest = JSON.parse(text) as Manifest;
    if (!manifest || !Array.isArray(manifest.artifacts) || typeof manifest.nodes !== 'object') throw new Error('no artifacts');
    return manifest;
  } catch {
    throw new UsageError(`check: ${path} is not a run manifest (expected JSON with "nodes" and "artifacts")`);
  }
}

/**
 * The graph that made the run, when its file is still there with the same nodes (the hash
 * matches, or only params differ, as with `--set`): its wiring tells finished creatives from
 * drafts. Only read, never run.
 */
async function graphOfRun(manifest: Manifest): Promise<GraphFile | undefined> {
  const file = manifest.graph?.file;
  if (!file || !manifest.graph?.hash) return undefined;
  try {
    const { graph } = await readGraphFile(file);
    if (!graph) return undefined;
    if (sha256(serializeGraph(graph)) === manifest.graph.hash) return graph;
    const same = (a: string[], b: string[]) => a.length === b.length && a.every((id, i) => id === b[i]);
    return same(Object.keys(graph.nodes).sort(), Object.keys(manifest.nodes).sort()) ? graph : undefined;
  } catch {
    return undefined;
  }
}

/** Files that leave the run: outputs nothing else consumes, and what goes into an export. */
function finalFiles(manifest: Manifest, graph: GraphFile | undefined): ManifestArtifact[] {
  const media = manifest.artifacts.filter(
    (a) => a.kind === 'image' || a.kind === 'video' || a.mime === 'text/html' || a.mime === 'text/csv',
  );
  if (!graph) return media;
  const exports = new Set(
    Object.entries(graph.nodes)
      .filter(([, n]) => n.type === 'variants.export')
      .map(([id]) => id),
  );
  return media.filter((a) => {
    const out = graph.edges.filter((e) => e.from === `${a.node}.${a.port}`);
    return out.length === 0 || out.some((e) => exports.has(e.to.split('.')[0] as string));
  });
}

/** A file of the run folder by its manifest name, refused when the name leads outside the folder. */
function inRunDir(runDir: string, file: string): string {
  const path = resolve(runDir, file);
  const rel = relative(runDir, path);
  if (rel.startsWith('..') || isAbsolute(rel))
    throw new UsageError(`check: the manifest names a file outside the run folder: ${file}`);
  return path;
}

/** csv-parse, loaded when a run has a CSV to read. */
async function parseCsv(csv: string): Promise<Record<string, string>[]> {
  const { parse } = await import('csv-parse/sync');
  return parse(csv, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

function rsaFindings(rows: Record<string, string>[], subject: string): Finding[] {
  const findings: Finding[] = [];
  const source = RSA_COUNTS.source;
  rows.forEach((row, i) => {
    const at = `${subject} row ${i + 1}`;
    const headlines = Object.entries(row).filter(([k, v]) => /^Headline \d+$/.test(k) && v);
    const descriptions = Object.entries(row).filter(([k, v]) => /^Description \d+$/.test(k) && v);
    const count = (what: string, n: number, { min, max }: { min: number; max: number }) =>
      findings.push({
        status: n >= min && n <= max ? 'pass' : 'fail',
        platform: 'google',
        subject: at,
        rule: `google.rsa.${what}Count`,
        message: `${n} ${what}s, ${min}–${max} needed`,
        value: n,
        limit: `${min}–${max}`,
        source,
      });
    count('headline', headlines.length, RSA_COUNTS.headlines);
    count('description', descriptions.length, RSA_COUNTS.descriptions);
    for (const [k, v] of headlines) findings.push(...checkText(v, TEXT_RULES['google.rsaHeadline'], `${at} ${k}`));
    for (const [k, v] of descriptions) findings.push(...checkText(v, TEXT_RULES['google.rsaDescription'], `${at} ${k}`));
    for (const k of ['Path 1', 'Path 2'])
      if (row[k]) findings.push(...checkText(row[k], TEXT_RULES['google.rsaPath'], `${at} ${k}`));
  });
  return findings;
}

/** The TikTok display names a variants.json export gives its TikTok rows, each judged once. */
function displayNameFindings(json: string, subject: string): Finding[] {
  let document: { variants?: { platform?: unknown; displayName?: unknown }[] };
  try {
    document = JSON.parse(json);
  } catch {
    return [];
  }
  const names = new Set<string>();
  for (const v of Array.isArray(document.variants) ? document.variants : [])
    if (v?.platform === 'tiktok' && typeof v.displayName === 'string') names.add(v.displayName);
  return [...names].flatMap((name) => checkText(name, TEXT_RULES['tiktok.displayName'], `${subject} display name`));
}

function pageFindings(html: string, platform: Platform, subject: string): Finding[] {
  const base = { platform, subject, source: PAGE_RULES } as const;
  const lang = /<html\b[^>]*\blang="([^"]+)"/i.exec(html)?.[1];
  const title = /<title>([^<]*)<\/title>/i.exec(html)?.[1]?.trim();
  const viewport = /<meta\b[^>]*name="viewport"[^>]*content="[^"]*width=device-width/i.test(html);
  const links = [...html.matchAll(/<a\b[^>]*href="(https?:[^"]+)"/gi)].map((m) => (m[1] as string).replaceAll('&amp;', '&'));
  const untagged = links.filter((href) => {
    const params = new URL(href).searchParams;
    return !['utm_source', 'utm_medium', 'utm_campaign'].every((p) => params.get(p));
  });
  return [
    { ...base, status: lang ? 'pass' : 'fail', rule: 'page.language', message: lang ? `lang="${lang}"` : 'no lang on <html>' },
    { ...base, status: title ? 'pass' : 'fail', rule: 'page.title', message: title ? `title "${title}"` : 'no <title>' },
    {
      ...base,
      status: viewport ? 'pass' : 'fail',
      rule: 'page.viewport',
      message: viewport ? 'mobile viewport' : 'no <meta name="viewport" content="width=device-width">',
    },
    {
      ...base,
      status: links.length && !untagged.length ? 'pass' : 'fail',
      rule: 'page.utm',
      message: !links.length
        ? 'no link out to a landing URL'
        : untagged.length
          ? `${untagged.length} of ${links.length} links lack utm_source, utm_medium or utm_campaign: ${untagged[0]}`
          : `all ${links.length} links carry UTM tags`,
    },
  ];
}

function presetPlatform(meta: Record<string, unknown> | undefined): Platform | undefined {
  const id = typeof meta?.preset === 'string' ? meta.preset : undefined;
  const preset = id ? FORMAT_PRESETS.find((p) => p.id === id) : undefined;
  return preset ? platformOf(preset.platform) : undefined;
}

function worst(findings: Finding[]): Finding['status'] {
  return findings.some((f) => f.status === 'fail') ? 'fail' : findings.some((f) => f.status === 'warn') ? 'warn' : 'pass';
}

/**
 * Judges a run folder against the platforms' specs: every finished image and video (probed),
 * every copy, Google search-ad rows and landing pages. With `platform`, everything is judged for
 * that platform; without, each file for the platform its format was made for, and the rest for
 * the platforms the run's copy and formats name.
 */
export async function preflightRun(runDir: string, only?: Platform): Promise<PreflightReport> {
  const manifest = await readManifest(runDir);
  const graph = await graphOfRun(manifest);
  const metaByFile = new Map<string, Record<string, unknown>>();
  const copies = new Map<string, CopyLike>();
  for (const node of Object.values(manifest.nodes)) {
    collectMeta(node.outputs, metaByFile);
    collectCopies(node.outputs, copies);
  }
  const named = new Set<Platform>();
  for (const copy of copies.values()) {
    const p = platformOf(copy.platform);
    if (p) named.add(p);
  }
  for (const meta of metaByFile.values()) {
    const p = presetPlatform(meta);
    if (p) named.add(p);
  }
  const runPlatforms: Platform[] = only ? [only] : named.size ? PLATFORMS.filter((p) => named.has(p)) : [...PLATFORMS];
  const items: PreflightItem[] = [];
  const add = (subject: string, platform: Platform, findings: Finding[]) => {
    if (findings.length) items.push({ subject, platform, status: worst(findings), findings });
  };

  for (const artifact of finalFiles(manifest, graph)) {
    const path = inRunDir(runDir, artifact.file);
    const meta = metaByFile.get(artifact.file);
    if (artifact.kind === 'image') {
      // sharp (libvips) loads only for a run folder with images in it.
      const { default: sharp } = await import('sharp');
      const facts = await sharp(path).metadata();
      const image = {
        width: facts.width ?? 0,
        height: facts.height ?? 0,
        bytes: (await stat(path)).size,
        format: facts.format ?? 'unknown',
      };
      const own = presetPlatform(meta);
      for (const platform of only ? [only] : own ? [own] : runPlatforms) {
        add(artifact.file, platform, [
          ...checkImage(image, platform, artifact.file),
          ...(meta ? checkRecordedBoxes(meta, image, platform, artifact.file) : []),
        ]);
      }
    } else if (artifact.kind === 'video') {
      const facts = await probeVideo(path);
      for (const platform of runPlatforms)
        add(artifact.file, platform, [
          ...checkVideo(facts, platform, artifact.file),
          ...(meta ? checkRecordedBoxes(meta, facts, platform, artifact.file) : []),
        ]);
    } else if (artifact.mime === 'text/html') {
      const html = await readFile(path, 'utf8');
      for (const platform of runPlatforms) add(artifact.file, platform, pageFindings(html, platform, artifact.file));
    } else if (artifact.mime === 'text/csv' && meta?.name === 'google-ads-rsa.csv' && (!only || only === 'google')) {
      add(artifact.file, 'google', rsaFindings(await parseCsv(await readFile(path, 'utf8')), artifact.file));
    }
  }
  // The export itself leaves the run too: its TikTok rows' display name is what the ads show as.
  if (!only || only === 'tiktok') {
    for (const artifact of manifest.artifacts) {
      if (metaByFile.get(artifact.file)?.name !== 'variants.json') continue;
      const json = await readFile(inRunDir(runDir, artifact.file), 'utf8');
      add(artifact.file, 'tiktok', displayNameFindings(json, artifact.file));
    }
  }
  [...copies.values()].forEach((copy, i) => {
    const own = platformOf(copy.platform);
    for (const platform of only ? [only] : own ? [own] : runPlatforms)
      add(`copy ${i + 1}`, platform, checkCopy(copy, platform, `copy ${i + 1}`));
  });
  return { runDir, platforms: runPlatforms, selection: graph ? 'graph' : 'all', items };
}
