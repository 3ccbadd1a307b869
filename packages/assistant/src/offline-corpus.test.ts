import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { canonicalJson, type NodeRegistry, runGraph } from '@adloom/engine';
import { applyGraphOps, type Catalog, type GraphFile, loadGraphText, validateGraph } from '@adloom/graph';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtInRegistry } from '../test/built-in-registry.ts';
import { boxesOfGraph, touchingNodes } from '../test/touching-nodes.ts';
import { OFFLINE_CAPABILITIES, offlineModel } from './offline-model.ts';
import { runTurn, type TurnResult } from './turn.ts';

let registry: NodeRegistry;
let catalog: Catalog;
const empty = (): GraphFile => ({ adloom: 1, name: 'Untitled', nodes: {}, edges: [] });
const example = async (name: string) =>
  loadGraphText(await readFile(resolve(import.meta.dirname, `../../../examples/${name}.adloom.json`), 'utf8')).graph as GraphFile;

beforeAll(async () => {
  registry = await builtInRegistry();
  catalog = registry.catalog();
});

const ask = (message: string, graph: GraphFile = empty()) => runTurn({ message, graph, catalog, model: offlineModel() });
const ofType = (graph: GraphFile, type: string) => Object.values(graph.nodes).filter((n) => n.type === type);
const variantsOf = (graph: GraphFile) => {
  const copies = Number(ofType(graph, 'llm.adCopy')[0]?.params?.count ?? 3);
  const images = Number(ofType(graph, 'image.generate')[0]?.params?.count ?? 1);
  const max = ofType(graph, 'variants.split')[0]?.params?.maxVariants;
  return Math.min(copies * images, typeof max === 'number' ? max : Number.POSITIVE_INFINITY);
};
const presetsOf = (graph: GraphFile) => ofType(graph, 'image.fit').flatMap((n) => n.params?.presets as string[]);

interface NewCase {
  request: string;
  variants: number;
  presets: string[];
  /** Video length, or null for no video. */
  video: number | null;
  pages: boolean;
  product: string;
  tone?: string;
}

// New pipelines from briefs, each judged on what the request asked for.
const NEW: NewCase[] = [
  {
    request: 'six TikTok variants for the kayak launch, 15 s videos, energetic, and a landing page for each',
    variants: 6,
    presets: ['tiktok-9x16'],
    video: 15,
    pages: true,
    product: 'kayak',
    tone: 'energetic',
  },
  {
    request: '4 Reels variants for the Trailblazer 2 launch, 10 second videos',
    variants: 4,
    presets: ['reels-9x16'],
    video: 10,
    pages: false,
    product: 'Trailblazer 2',
  },
  {
    request: 'three Stories ads for the summer sandal drop, playful',
    variants: 3,
    presets: ['stories-9x16'],
    video: null,
    pages: false,
    product: 'summer sandal',
    tone: 'playful',
  },
  {
    request: '8 Google display banners for the Acme blender launch',
    variants: 8,
    presets: ['google-300x250', 'google-728x90', 'google-160x600'],
    video: null,
    pages: false,
    product: 'Acme blender',
  },
  {
    request: 'Meta feed ads for the espresso machine campaign, premium tone',
    variants: 6,
    presets: ['meta-1x1', 'meta-4x5'],
    video: null,
    pages: false,
    product: 'espresso machine',
    tone: 'premium',
  },
  {
    request: 'ten YouTube Shorts variants for the headphones launch, 20 s clips',
    variants: 10,
    presets: ['shorts-9x16'],
    video: 20,
    pages: false,
    product: 'headphones',
  },
  {
    request:
      'TikTok and Meta feed ads for the Trailblazer launch, 12 second videos, with landing pages at https://shop.example.com/tb',
    variants: 6,
    presets: ['tiktok-9x16', 'meta-1x1'],
    video: 12,
    pages: true,
    product: 'Trailblazer',
  },
  {
    request: 'two TikTok variants promoting the FoldPack kayak to weekend paddlers, 6 s, calm',
    variants: 2,
    presets: ['tiktok-9x16'],
    video: 6,
    pages: false,
    product: 'FoldPack kayak',
    tone: 'calm',
  },
  {
    request: 'product: Nimbus rain jacket. 5 Instagram Reels variants, 9 s videos, bold',
    variants: 5,
    presets: ['reels-9x16'],
    video: 9,
    pages: false,
    product: 'Nimbus rain jacket',
    tone: 'bold',
  },
  {
    request: 'landing pages and Meta feed images for the coffee subscription launch, 4 variants',
    variants: 4,
    presets: ['meta-1x1'],
    video: null,
    pages: true,
    product: 'coffee subscription',
  },
  {
    request: 'a dozen TikTok variants for the protein bar launch, images only',
    variants: 12,
    presets: ['tiktok-9x16'],
    video: null,
    pages: false,
    product: 'protein bar',
  },
  {
    request: 'Stories and Reels, 4 variants for the sneaker drop, 8 s videos, urgent',
    variants: 4,
    presets: ['stories-9x16', 'reels-9x16'],
    video: 8,
    pages: false,
    product: 'sneaker',
    tone: 'urgent',
  },
  {
    request: 'Create 5 Instagram story ads for our new running shoe, friendly tone',
    variants: 5,
    presets: ['stories-9x16'],
    video: null,
    pages: false,
    product: 'running shoe',
    tone: 'friendly',
  },
  {
    request: 'I need TikTok ads for Glow serum aimed at women over 40, 30 second videos',
    variants: 6,
    presets: ['tiktok-9x16'],
    video: 30,
    pages: false,
    product: 'Glow serum',
  },
  {
    request: 'google display set for the spring sale of Trailblazer shoes',
    variants: 6,
    presets: ['google-300x250'],
    video: null,
    pages: false,
    product: 'Trailblazer shoes',
  },
  {
    request: 'landing page A/B test for the Nimbus jacket, 2 variants',
    variants: 2,
    presets: [],
    video: null,
    pages: true,
    product: 'Nimbus jacket',
  },
  {
    request: 'promote our vegan cookbook on TikTok to home cooks',
    variants: 6,
    presets: ['tiktok-9x16'],
    video: 15,
    pages: false,
    product: 'vegan cookbook',
  },
  {
    request: 'six TikTok variants for the Cinder grill launch, 10 s videos. Product facts: heats up in five minutes',
    variants: 6,
    presets: ['tiktok-9x16'],
    video: 10,
    pages: false,
    product: 'Cinder grill: heats up in five minutes',
  },
  {
    request: 'make me some ads for a bike helmet',
    variants: 6,
    presets: ['tiktok-9x16'],
    video: 15,
    pages: false,
    product: 'bike helmet',
  },
];

interface EditCase {
  example: string;
  request: string;
  /** `node.param` → the value the edit must leave. */
  expect: Record<string, unknown>;
  added?: string[];
  removed?: string[];
}

const EDITS: EditCase[] = [
  { example: 'tiktok-launch', request: 'make it 4 variants', expect: { 'copy.count': 2, 'images.count': 2 } },
  { example: 'tiktok-launch', request: '10 second videos', expect: { 'video.duration': 10 } },
  { example: 'tiktok-launch', request: 'playful tone', expect: { 'copy.tone': 'playful' } },
  { example: 'tiktok-launch', request: 'aimed at first-time paddlers', expect: { 'copy.audience': 'first-time paddlers' } },
  { example: 'tiktok-launch', request: 'the product is the FoldPack kayak', expect: { 'brief.default': 'FoldPack kayak' } },
  // The page links where the export already does: a page without a link fails to run.
  {
    example: 'tiktok-launch',
    request: 'add a landing page for each variant',
    expect: { 'page.ctaUrl': 'https://example.com/trailblazer' },
    added: ['page'],
  },
  { example: 'tiktok-launch', request: 'remove the video', expect: {}, removed: ['video'] },
  {
    example: 'tiktok-launch',
    request: 'remove the video and add a preflight check',
    expect: {},
    added: ['preflight'],
    removed: ['video'],
  },
  { example: 'tiktok-launch', request: 'switch to openai', expect: { 'copy.provider': 'openai', 'images.provider': 'openai' } },
  // A provider for one node or role changes that one; "everything" and "all nodes" change all.
  { example: 'tiktok-launch', request: 'copy by openai', expect: { 'copy.provider': 'openai' } },
  { example: 'tiktok-launch', request: 'the Ad copy node by openai', expect: { 'copy.provider': 'openai' } },
  { example: 'tiktok-launch', request: 'switch the images to openai', expect: { 'images.provider': 'openai' } },
  { example: 'landing-ab', request: 'use openai for the hero node', expect: { 'hero.provider': 'openai' } },
  {
    example: 'tiktok-launch',
    request: 'everything by openai',
    expect: { 'copy.provider': 'openai', 'images.provider': 'openai' },
  },
  {
    example: 'tiktok-launch',
    request: 'all nodes on openai',
    expect: { 'copy.provider': 'openai', 'images.provider': 'openai' },
  },
  {
    example: 'tiktok-launch',
    request: 'use openai with gpt-4.1-mini',
    expect: { 'copy.provider': 'openai', 'copy.model': 'gpt-4.1-mini', 'images.provider': 'openai' },
  },
  { example: 'landing-ab', request: 'remove the landing pages', expect: {}, removed: ['page'] },
  {
    example: 'landing-ab',
    request: 'link to https://shop.example.com/kayak',
    expect: { 'page.ctaUrl': 'https://shop.example.com/kayak', 'export.finalUrl': 'https://shop.example.com/kayak' },
  },
  { example: 'landing-ab', request: 'energetic tone, 3 variants', expect: { 'copy.tone': 'energetic', 'copy.count': 3 } },
  {
    example: 'tiktok-launch',
    request: 'change the product to the FoldPack kayak',
    expect: { 'brief.default': 'FoldPack kayak' },
  },
  {
    example: 'tiktok-launch',
    request: 'also make Reels versions',
    expect: { 'export.platform': 'auto' },
    added: ['fit-reels-9x16', 'overlay-reels-9x16', 'endcard-reels-9x16'],
  },
  {
    example: 'hello-brief',
    request: 'change the audience to college students',
    expect: { 'audience.default': 'college students' },
  },
  { example: 'display-set', request: 'only Meta feed formats', expect: { 'fit.presets': ['meta-1x1', 'meta-4x5'] } },
  // "for the copy" names what the model is for, not a product.
  { example: 'tiktok-launch', request: 'use gpt-4.1-mini for the copy', expect: { 'copy.model': 'gpt-4.1-mini' } },
  { example: 'tiktok-launch', request: 'add a preflight check', expect: {}, added: ['preflight'] },
  { example: 'tiktok-launch', request: 'set the UTM campaign to kayak-spring', expect: { 'export.utmCampaign': 'kayak-spring' } },
  {
    example: 'landing-ab',
    request: 'set the brief to: FoldPack kayak, folds into a backpack, for city paddlers',
    expect: { 'brief.default': 'FoldPack kayak, folds into a backpack, for city paddlers' },
  },
  {
    example: 'landing-ab',
    request: 'also make TikTok ads with 6 second videos',
    expect: { 'export.platform': 'auto' },
    added: ['unpack', 'fit', 'overlay', 'video'],
  },
];

// Whole briefs typed on an open graph: a new pipeline in free space below its nodes.
const BESIDE: [example: string, request: string, product: string][] = [
  ['tiktok-launch', 'Make 3 TikTok ads for our running shoe, 9:16, with a headline and a button', 'running shoe'],
  ['landing-ab', '4 Meta feed ads for the Orca kayak, calm tone', 'Orca kayak'],
  ['display-set', 'two Reels variants promoting the FoldPack kayak, 6 s videos', 'FoldPack kayak'],
  ['hello-brief', 'six Google display banners for the Acme blender launch', 'Acme blender'],
];

/** Every node the edit did not name is as it was, byte for byte. */
function untouchedExcept(before: GraphFile, after: TurnResult, named: string[]) {
  for (const [id, node] of Object.entries(before.nodes)) {
    if (named.includes(id) || !after.graph.nodes[id]) continue;
    expect(canonicalJson(after.graph.nodes[id]), `node ${id}`).toBe(canonicalJson(node));
  }
}

describe('the offline assistant on the requests it claims', () => {
  it.each(NEW)('new pipeline: $request', async (c) => {
    const turn = await ask(c.request);
    expect(turn.status, turn.message).toBe('done');
    expect(validateGraph(turn.graph, catalog)).toEqual([]);
    expect(variantsOf(turn.graph)).toBe(c.variants);
    expect(presetsOf(turn.graph)).toEqual(expect.arrayContaining(c.presets));
    const videos = ofType(turn.graph, 'video.assemble');
    if (c.video === null) expect(videos).toEqual([]);
    else expect(videos.map((v) => v.params?.duration)).toEqual(videos.map(() => c.video));
    expect(ofType(turn.graph, 'page.landing').length > 0).toBe(c.pages);
    expect(String(ofType(turn.graph, 'input.text')[0]?.params?.default)).toContain(c.product);
    if (c.tone) expect(ofType(turn.graph, 'llm.adCopy')[0]?.params?.tone).toBe(c.tone);
    expect(turn.message).not.toContain('Did not understand');
  });

  it.each(EDITS)('edit of $example: $request', async (c) => {
    const before = await example(c.example);
    const turn = await ask(c.request, before);
    expect(turn.status, turn.message).toBe('done');
    expect(turn.ops.length, turn.message).toBeGreaterThan(0);
    expect(validateGraph(turn.graph, catalog)).toEqual([]);
    for (const [target, value] of Object.entries(c.expect)) {
      const [id, param] = target.split('.') as [string, string];
      expect(turn.graph.nodes[id]?.params?.[param], target).toEqual(value);
    }
    expect(turn.diff.nodesAdded.map((n) => n.id)).toEqual(c.added ?? []);
    // A node the edit adds touches no other, as tall as each is on the canvas.
    const added = boxesOfGraph(
      turn.graph,
      turn.diff.nodesAdded.map((n) => n.id),
    );
    expect(touchingNodes(added, boxesOfGraph(turn.graph))).toEqual([]);
    expect(turn.diff.nodesRemoved.map((n) => n.id)).toEqual(c.removed ?? []);
    untouchedExcept(
      before,
      turn,
      turn.diff.nodesChanged.map((n) => n.id),
    );
    // Only the nodes the request reaches change.
    const named = new Set(Object.keys(c.expect).map((t) => t.split('.')[0]));
    if (named.size)
      for (const change of turn.diff.nodesChanged) expect(named.has(change.id), `${change.id} changed unasked`).toBe(true);
  });

  it.each(BESIDE)('whole brief on %s: "%s" is a new pipeline below, its nodes untouched', async (name, request, product) => {
    const before = await example(name);
    const turn = await ask(request, before);
    expect(turn.status, turn.message).toBe('done');
    expect(turn.message).not.toContain('Did not understand');
    expect(validateGraph(turn.graph, catalog)).toEqual([]);
    expect(turn.diff.nodesChanged).toEqual([]);
    expect(turn.diff.nodesRemoved).toEqual([]);
    untouchedExcept(before, turn, []);
    expect(turn.graph.name).toBe(before.name);
    const added = boxesOfGraph(
      turn.graph,
      turn.diff.nodesAdded.map((n) => n.id),
    );
    expect(added.length).toBeGreaterThan(5);
    expect(touchingNodes(added, boxesOfGraph(before))).toEqual([]);
    const briefs = turn.diff.nodesAdded.filter((n) => n.type === 'input.text');
    expect(String(turn.graph.nodes[briefs[0]?.id ?? '']?.params?.default)).toContain(product);
  });

  it.each([
    ['tiktok-launch', 'schedule it for next Monday'],
    ['tiktok-launch', 'translate the copy into French'],
    ['display-set', 'make the logo bigger'],
  ])('a request it does not claim changes nothing and says what it can do: %s, "%s"', async (name, request) => {
    const turn = await ask(request, await example(name));
    expect(turn.ops).toEqual([]);
    expect(turn.message).toContain(`I did not understand "${request}"`);
    expect(turn.message).toContain(OFFLINE_CAPABILITIES);
  });

  it('a brief with "copy by openai" gets openai on its copy node alone', async () => {
    const turn = await ask('two Meta feed ads for the Orca kayak, copy by openai');
    expect(turn.message).not.toContain('Did not understand');
    expect(ofType(turn.graph, 'llm.adCopy')[0]?.params).toMatchObject({ provider: 'openai' });
    expect(ofType(turn.graph, 'image.generate')[0]?.params?.provider).toBeUndefined();
  });

  it('a brief naming openai and a model gets them on its copy and image nodes', async () => {
    const turn = await ask('four TikTok variants for the kayak launch with openai gpt-4.1-mini');
    expect(turn.status, turn.message).toBe('done');
    expect(ofType(turn.graph, 'llm.adCopy')[0]?.params).toMatchObject({ provider: 'openai', model: 'gpt-4.1-mini' });
    expect(ofType(turn.graph, 'image.generate')[0]?.params).toMatchObject({ provider: 'openai' });
    expect(validateGraph(turn.graph, catalog)).toEqual([]);
  });

  it('an example given more formats still runs offline: one finished image per variant in each', async () => {
    const turn = await ask('also make Meta feed versions', await example('tiktok-launch'));
    expect(turn.status, turn.message).toBe('done');
    const small = applyGraphOps(
      turn.graph,
      [{ op: 'setParams', id: 'video', params: { duration: 1, width: 180, height: 320 } }],
      catalog,
    );
    if (!small.ok) throw new Error(small.refusal.message);
    const run = await runGraph(small.graph, {
      registry,
      workDir: await mkdtemp(join(tmpdir(), 'adloom-corpus-')),
      cache: false,
      // The example's music bed is a file beside it.
      graphPath: resolve(import.meta.dirname, '../../../examples/tiktok-launch.adloom.json'),
    });
    expect([...run.nodes].filter(([, r]) => r.error).map(([id, r]) => `${id}: ${r.error?.message}`)).toEqual([]);
    const manifest = JSON.parse(await readFile(join(run.outDir, 'manifest.json'), 'utf8')) as {
      artifacts: { node: string; width?: number; height?: number }[];
    };
    const sizes = (node: string) => manifest.artifacts.filter((a) => a.node === node).map((a) => `${a.width}x${a.height}`);
    expect(sizes('endcard-meta-4x5')).toEqual(Array(6).fill('1080x1350'));
    expect(sizes('overlay')).toEqual(Array(6).fill('1080x1920'));
    expect(sizes('overlay-meta-1x1')).toEqual(Array(6).fill('1080x1080'));
    expect(sizes('overlay-meta-4x5')).toEqual(Array(6).fill('1080x1350'));
  });

  it('a mixed-format brief runs offline: one finished image per variant and format, a video per vertical format', async () => {
    const turn = await ask('Stories and Meta feed, 2 variants for the sneaker drop, 4 s videos');
    expect(turn.status, turn.message).toBe('done');
    const small = applyGraphOps(
      turn.graph,
      [{ op: 'setParams', id: 'video-stories', params: { width: 180, height: 320 } }],
      catalog,
    );
    if (!small.ok) throw new Error(small.refusal.message);
    const run = await runGraph(small.graph, { registry, workDir: await mkdtemp(join(tmpdir(), 'adloom-corpus-')), cache: false });
    expect(run.status).toBe('succeeded');
    const manifest = JSON.parse(await readFile(join(run.outDir, 'manifest.json'), 'utf8')) as {
      artifacts: { node: string; width?: number; height?: number; durationSec?: number; mime: string }[];
    };
    const sizes = (node: string) => manifest.artifacts.filter((a) => a.node === node).map((a) => `${a.width}x${a.height}`);
    expect(sizes('overlay-stories-9x16')).toEqual(['1080x1920', '1080x1920']);
    expect(sizes('overlay-meta-1x1')).toEqual(['1080x1080', '1080x1080']);
    expect(sizes('overlay-meta-4x5')).toEqual(['1080x1350', '1080x1350']);
    const videos = manifest.artifacts.filter((a) => a.node === 'video-stories' && a.mime === 'video/mp4');
    expect(videos.map((v) => Math.round(v.durationSec ?? 0))).toEqual([4, 4]);
  });
});
