import { type GraphFile, type GraphOp, heightOf, NODE_COLUMN, NODE_GAP } from '@adloom/graph';
import { type BriefSlots, PLATFORM_LABELS, PLATFORMS, type Platform, roleOf } from './brief-slots.ts';

/** Per platform: the image.fit presets, the copy limits it writes for, and whether it is vertical video. */
export const FORMATS: Record<Platform, { presets: string[]; copy: 'tiktok' | 'meta' | 'google'; vertical: boolean }> = {
  tiktok: { presets: ['tiktok-9x16'], copy: 'tiktok', vertical: true },
  reels: { presets: ['reels-9x16'], copy: 'meta', vertical: true },
  stories: { presets: ['stories-9x16'], copy: 'meta', vertical: true },
  shorts: { presets: ['shorts-9x16'], copy: 'google', vertical: true },
  'meta-feed': { presets: ['meta-1x1', 'meta-4x5'], copy: 'meta', vertical: false },
  'google-display': {
    presets: [
      'google-300x250',
      'google-336x280',
      'google-728x90',
      'google-300x600',
      'google-160x600',
      'google-320x50',
      'google-970x250',
    ],
    copy: 'google',
    vertical: false,
  },
};

export const DEFAULT_VARIANTS = 6;
const MAX_COPIES = 10;
const MAX_IMAGES = 8;

/** Copies × images that make `count` variants: two images when it divides evenly, else as few images as fit. */
export function splitCount(count: number): { copies: number; images: number } {
  if (count % 2 === 0 && count >= 4 && count / 2 <= MAX_COPIES) return { copies: count / 2, images: 2 };
  for (let images = 1; images <= MAX_IMAGES; images++) {
    if (count % images === 0 && count / images <= MAX_COPIES) return { copies: count / images, images };
  }
  return { copies: MAX_COPIES, images: Math.min(MAX_IMAGES, Math.ceil(count / MAX_COPIES)) };
}

export interface PipelinePlan {
  ops: GraphOp[];
  /** What was assumed because the request did not say, for the answer. */
  assumed: string[];
}

// A row per format: its fit, overlay, export and video sit above the next format's.
const ROW = Math.max(...['image.fit', 'image.overlay', 'image.export', 'video.assemble'].map(heightOf)) + NODE_GAP;
// Between an open graph's nodes and a new pipeline: more than between rows, so the two read as two.
const PIPELINE_GAP = 4 * NODE_GAP;

/** Where a new pipeline goes: its top left corner, and the ids the graph already has. */
export interface PipelinePlace {
  origin: { x: number; y: number };
  taken: ReadonlySet<string>;
}

/**
 * The place for a new pipeline on a graph that has nodes: below all of them, its left edge
 * with theirs, so it covers none of them. An empty graph's pipeline starts at 0, 0.
 */
export function placeBelow(graph: GraphFile): PipelinePlace {
  const placed = Object.values(graph.nodes).flatMap((node) => (node.ui ? [{ ...node.ui, type: node.type }] : []));
  const taken = new Set(Object.keys(graph.nodes));
  if (!placed.length) return { origin: { x: 0, y: 0 }, taken };
  const left = Math.min(...placed.map((p) => p.x));
  const bottom = Math.max(...placed.map((p) => p.y + heightOf(p.type)));
  return { origin: { x: left, y: bottom + PIPELINE_GAP }, taken };
}

/** The brief text an input node carries: the product, and who it is for. */
export function briefText(slots: BriefSlots): string {
  const facts = slots.facts ? `: ${slots.facts}` : '';
  return `${slots.product ?? ''}${facts}${slots.audience ? `. For ${slots.audience}` : ''}`.trim();
}

/**
 * A new pipeline from a brief's slots, as ops: brief → copy and images → variants → one fit
 * and overlay chain per platform → videos for vertical formats → landing pages → the export.
 */
export function planPipeline(
  slots: BriefSlots,
  place: PipelinePlace = { origin: { x: 0, y: 0 }, taken: new Set() },
): PipelinePlan {
  const assumed: string[] = [];
  // Landing pages and no ad format named: pages only, as in the landing A/B example.
  const pagesOnly = !slots.platforms.length && slots.landingPages === true;
  const shape = slots.aspect?.replace(':', 'x');
  const hasShape = (p: Platform) => shape !== undefined && FORMATS[p].presets.some((preset) => preset.endsWith(`-${shape}`));
  // A shape and no platform: the first platform that has it.
  const fallback = PLATFORMS.find(hasShape) ?? 'tiktok';
  const platforms: Platform[] = slots.platforms.length ? slots.platforms : pagesOnly ? [] : [fallback];
  if (!slots.platforms.length && !pagesOnly)
    assumed.push(
      `${PLATFORM_LABELS[fallback]}, as no platform was named${hasShape(fallback) ? ` (it has ${slots.aspect})` : ''}`,
    );
  if (shape && platforms.length && !platforms.some(hasShape))
    assumed.push(`the sizes of ${platforms.map((p) => PLATFORM_LABELS[p]).join(' + ')}, which have no ${slots.aspect}`);
  const count = Math.min(slots.count ?? DEFAULT_VARIANTS, MAX_COPIES * MAX_IMAGES);
  if (slots.count === undefined) assumed.push(`${DEFAULT_VARIANTS} variants, as no count was given`);
  const { copies, images } = splitCount(count);
  const wantsVideo = !pagesOnly && (slots.video ?? platforms.some((p) => p === 'tiktok' || p === 'reels' || p === 'shorts'));
  const verticalFirst = platforms[0] !== undefined && FORMATS[platforms[0]].vertical;
  const copyPlatforms = pagesOnly ? (['meta'] as const) : [...new Set(platforms.map((p) => FORMATS[p].copy))];
  const ops: GraphOp[] = [];
  const isImageModel = slots.model !== undefined && /^(?:gpt-image|dall-e)/i.test(slots.model);
  // "copy by openai" is for the copy node alone; a provider named for no node is for both.
  const isOpenAIFor = (role: 'copy' | 'images') =>
    slots.provider === 'openai' && (slots.providerFor === undefined || roleOf(slots.providerFor) === role);
  if (slots.provider === 'openai' && slots.providerFor !== undefined && !roleOf(slots.providerFor))
    assumed.push(`the offline provider everywhere: of the nodes that call one (copy, images), none is "${slots.providerFor}"`);
  // Beside other nodes, a recipe's id that is taken gets a number: "brief2", "copy2".
  const ids = new Map<string, string>();
  const idOf = (base: string) => {
    let id = ids.get(base);
    if (id === undefined) {
      id = base;
      for (let n = 2; place.taken.has(id); n++) id = `${base}${n}`;
      ids.set(base, id);
    }
    return id;
  };
  const endpoint = (text: string) => `${idOf(text.slice(0, text.indexOf('.')))}${text.slice(text.indexOf('.'))}`;
  const add = (id: string, type: string, params: Record<string, unknown>, col: number, row: number) =>
    ops.push({
      op: 'addNode',
      id: idOf(id),
      type,
      params,
      at: { x: place.origin.x + col * NODE_COLUMN, y: place.origin.y + row * ROW },
    });
  const connect = (from: string, to: string) => ops.push({ op: 'connect', from: endpoint(from), to: endpoint(to) });

  const label = slots.product ? slots.product.charAt(0).toUpperCase() + slots.product.slice(1) : 'New';
  // A pipeline added beside others leaves the graph's name as it is.
  if (!place.taken.size) {
    ops.push({
      op: 'setInfo',
      name: `${label} ${pagesOnly ? 'landing pages' : platforms.map((p) => PLATFORM_LABELS[p]).join(' + ')}`,
      description: `${count} variants${wantsVideo ? `, ${slots.durationSec ?? 15} s videos` : ''}${slots.landingPages ? ', a landing page each' : ''}; built by the offline assistant`,
    });
  }
  // Each graph input has its own name: a second brief is named after its node.
  add('brief', 'input.text', { name: idOf('brief'), default: briefText(slots) }, 0, 1);
  add(
    'copy',
    'llm.adCopy',
    {
      platform: copyPlatforms[0],
      count: copies,
      ...(isOpenAIFor('copy') ? { provider: 'openai' } : {}),
      ...(slots.model && !isImageModel ? { model: slots.model } : {}),
      ...(slots.tone ? { tone: slots.tone } : {}),
      ...(slots.audience ? { audience: slots.audience } : {}),
    },
    1,
    0,
  );
  add(
    'prompt',
    'text.template',
    {
      template: `Product photo: {{brief}}. Bright, clean light, ${pagesOnly ? 'wide' : verticalFirst ? 'vertical' : 'square'} frame.`,
    },
    1,
    2,
  );
  add(
    'images',
    'image.generate',
    {
      ...(pagesOnly
        ? { count: images, aspect: '16:9' }
        : verticalFirst
          ? { count: images, aspect: '9:16', width: 1080, height: 1920 }
          : { count: images, aspect: '1:1', width: 1200, height: 1200 }),
      ...(isOpenAIFor('images') ? { provider: 'openai' } : {}),
      ...(slots.model && isImageModel ? { model: slots.model } : {}),
    },
    2,
    2,
  );
  add('split', 'variants.split', { design: 'cartesian', maxVariants: copies * images }, 3, 1);
  if (!pagesOnly) add('unpack', 'variants.unpack', {}, 4, 1);
  connect('brief.text', 'copy.brief');
  connect('brief.text', 'prompt.brief');
  connect('prompt.text', 'images.prompt');
  connect('copy.copies', 'split.copies');
  connect('images.images', 'split.images');
  if (!pagesOnly) connect('split.variants', 'unpack.variant');

  // A page and the export need a link; without one, a placeholder the answer names.
  const link =
    slots.url ??
    `https://example.com/${(slots.product ?? 'product')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')}`;
  const exportPlatform = copyPlatforms.length === 1 ? copyPlatforms[0] : 'auto';
  add('export', 'variants.export', { platform: exportPlatform, finalUrl: link }, 10, 1);
  connect('split.variants', 'export.variants');
  connect('split.experiment', 'export.experiment');

  // One fit and overlay chain per preset: an overlay zips its images with the variant's copy
  // by position, so each chain must carry one image per variant.
  const chains = platforms.flatMap((platform) => FORMATS[platform].presets.map((preset) => ({ platform, preset })));
  const hasVertical = platforms.some((p) => FORMATS[p].vertical);
  chains.forEach(({ platform, preset }, row) => {
    const suffix = chains.length === 1 ? '' : `-${preset}`;
    const fit = `fit${suffix}`;
    const overlay = `overlay${suffix}`;
    add(fit, 'image.fit', { presets: [preset], ...(platform === 'google-display' ? { mode: 'pad' } : {}) }, 5, row);
    add(overlay, 'image.overlay', { preset: 'auto' }, 6, row);
    connect('unpack.image', `${fit}.image`);
    connect(`${fit}.images`, `${overlay}.image`);
    connect('unpack.copy', `${overlay}.copy`);
    let finished = `${overlay}.image`;
    if (platform === 'google-display') {
      // Google display has a byte budget per file; the export node lowers quality to meet it.
      const jpeg = `jpeg${suffix}`;
      add(jpeg, 'image.export', { format: 'jpeg', usePresetBudget: true }, 7, row);
      connect(finished, `${jpeg}.image`);
      finished = `${jpeg}.image`;
    }
    // The export pairs one image with each variant: the first format's; the others stay in the run folder.
    if (row === 0) connect(finished, 'export.images');
    const isFirstOfPlatform = chains.findIndex((c) => c.platform === platform) === row;
    if (wantsVideo && isFirstOfPlatform && (FORMATS[platform].vertical || (!hasVertical && row === 0))) {
      const video = `video${chains.length === 1 ? '' : `-${platform}`}`;
      const format = FORMATS[platform].vertical ? '9:16' : preset === 'meta-4x5' ? '4:5' : '1:1';
      add(
        video,
        'video.assemble',
        { format, duration: slots.durationSec ?? 15, transition: 'fade', variantCaption: false },
        8,
        row,
      );
      connect('split.variants', `${video}.variant`);
      connect(`${overlay}.image`, `${video}.images`);
      connect(`${video}.video`, 'export.videos');
    }
  });
  if (wantsVideo && slots.durationSec === undefined) assumed.push('15 s videos, as no length was given');

  if (slots.landingPages) {
    if (!slots.url) assumed.push(`the link ${link}, as none was given: replace it with the product's page`);
    add(
      'page',
      'page.landing',
      { template: 'hero-top', ctaUrl: link, ...(slots.product ? { brand: slots.product } : {}) },
      9,
      chains.length,
    );
    connect('split.variants', 'page.variant');
    connect('page.page', 'export.pages');
  }
  return { ops, assumed };
}
