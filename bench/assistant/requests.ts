/**
 * The requests of `npm run bench:assistant`, each with what a person asking it would check.
 * What a request wants is written from its words alone: the judge reads the run's files, so no
 * want names a node id, a recipe or anything the assistant happens to build.
 */

/** Ad formats as the judge knows them, from the platforms' published sizes. */
export type Platform = 'tiktok' | 'reels' | 'stories' | 'shorts' | 'meta-feed' | 'google-display';

export type Category = 'new' | 'edit' | 'question' | 'clarify' | 'unclaimed';

export interface Want {
  /** Variants the run makes (copies when the graph makes no variants). */
  variants?: number;
  /** Finished images at each platform's sizes, one per variant, and none at another platform's. */
  platforms?: Platform[];
  /** Every video this long (ffprobe, within a frame), one per variant at least; `false`: no video. */
  videoSec?: number | false;
  /** A landing page per variant; `false`: none. */
  pages?: boolean;
  /** Every copy names it. */
  product?: string;
  /** Every copy-writing node writes in it / for them (a param: the offline copy has no voice to hear). */
  tone?: string;
  audience?: string;
  /** Some text the run made (copy, text, a page, an export file) contains it. */
  mentions?: string;
  /** Every language-model and image node uses it; such a graph is judged unrun (it would spend money). */
  provider?: 'openai';
  /** Every language-model node uses it. */
  model?: string;
  /** The run's outputs hold a preflight report with findings. */
  preflight?: boolean;
}

export interface BenchRequest {
  category: Category;
  request: string;
  /** The example the request edits or asks about (`examples/NAME.adloom.json`); none: an empty graph. */
  example?: string;
  want?: Want;
  /** Edits: the node types the request is about; a node of another type that changes fails it. */
  touches?: string[];
  /** Questions about a node: the type the answer must name. */
  asks?: string;
  /** Questions about the last run: the prepared failing run the conversation had. */
  failedRun?: 'missing-audio' | 'preflight';
}

const COPY_COUNT = ['llm.adCopy', 'image.generate', 'variants.split'];

/** New pipelines from briefs, each asked of an empty graph. */
function briefs(entries: Pick<BenchRequest, 'request' | 'want'>[]): BenchRequest[] {
  return entries.map((entry) => ({ category: 'new', ...entry }));
}

/** Edits of one example, each with the node types it is about. */
function editsOf(example: string, entries: Required<Pick<BenchRequest, 'request' | 'want' | 'touches'>>[]): BenchRequest[] {
  return entries.map((entry) => ({ category: 'edit', example, ...entry }));
}

export const REQUESTS: BenchRequest[] = [
  // New pipelines from briefs.
  ...briefs([
    {
      request: 'six TikTok variants for the kayak launch, 15 s videos, energetic, and a landing page for each',
      want: { variants: 6, platforms: ['tiktok'], videoSec: 15, pages: true, product: 'kayak', tone: 'energetic' },
    },
    {
      request: '4 Reels variants for the Trailblazer 2 launch, 10 second videos',
      want: { variants: 4, platforms: ['reels'], videoSec: 10, product: 'Trailblazer 2' },
    },
    {
      request: 'three Stories ads for the summer sandal drop, playful',
      want: { variants: 3, platforms: ['stories'], product: 'summer sandal', tone: 'playful' },
    },
    {
      request: '8 Google display banners for the Acme blender launch',
      want: { variants: 8, platforms: ['google-display'], videoSec: false, product: 'Acme blender' },
    },
    {
      request: 'Meta feed ads for the espresso machine campaign, premium tone',
      want: { platforms: ['meta-feed'], product: 'espresso machine', tone: 'premium' },
    },
    {
      request: 'ten YouTube Shorts variants for the headphones launch, 20 s clips',
      want: { variants: 10, platforms: ['shorts'], videoSec: 20, product: 'headphones' },
    },
    {
      request:
        'TikTok and Meta feed ads for the Trailblazer launch, 12 second videos, with landing pages at https://shop.example.com/tb',
      want: {
        platforms: ['tiktok', 'meta-feed'],
        videoSec: 12,
        pages: true,
        product: 'Trailblazer',
        mentions: 'https://shop.example.com/tb',
      },
    },
    {
      request: 'two TikTok variants promoting the FoldPack kayak to weekend paddlers, 6 s, calm',
      want: {
        variants: 2,
        platforms: ['tiktok'],
        videoSec: 6,
        product: 'FoldPack kayak',
        audience: 'weekend paddlers',
        tone: 'calm',
      },
    },
    {
      request: 'product: Nimbus rain jacket. 5 Instagram Reels variants, 9 s videos, bold',
      want: { variants: 5, platforms: ['reels'], videoSec: 9, product: 'Nimbus rain jacket', tone: 'bold' },
    },
    {
      request: 'landing pages and Meta feed images for the coffee subscription launch, 4 variants',
      want: { variants: 4, platforms: ['meta-feed'], pages: true, product: 'coffee subscription' },
    },
    {
      request: 'a dozen TikTok variants for the protein bar launch, images only',
      want: { variants: 12, platforms: ['tiktok'], videoSec: false, product: 'protein bar' },
    },
    {
      request: 'Stories and Reels, 4 variants for the sneaker drop, 8 s videos, urgent',
      want: { variants: 4, platforms: ['stories', 'reels'], videoSec: 8, product: 'sneaker', tone: 'urgent' },
    },
    {
      request: 'Create 5 Instagram story ads for our new running shoe, friendly tone',
      want: { variants: 5, platforms: ['stories'], product: 'running shoe', tone: 'friendly' },
    },
    {
      request: 'I need TikTok ads for Glow serum aimed at women over 40, 30 second videos',
      want: { platforms: ['tiktok'], videoSec: 30, product: 'Glow serum', audience: 'women over 40' },
    },
    {
      request: 'landing page A/B test for the Nimbus jacket, 2 variants',
      want: { variants: 2, pages: true, product: 'Nimbus jacket' },
    },
    {
      request: 'promote our vegan cookbook on TikTok to home cooks',
      want: { platforms: ['tiktok'], product: 'vegan cookbook', audience: 'home cooks' },
    },
    { request: 'make me some ads for a bike helmet', want: { product: 'bike helmet' } },
    {
      request: 'Reels and TikTok for the Aurora desk lamp launch, 3 variants, 7 second videos, warm tone',
      want: { variants: 3, platforms: ['reels', 'tiktok'], videoSec: 7, product: 'Aurora desk lamp', tone: 'warm' },
    },
    {
      request: 'five Google display ads for the Pulse smartwatch sale, no video',
      want: { variants: 5, platforms: ['google-display'], videoSec: false, product: 'Pulse smartwatch' },
    },
    {
      request: 'Meta feed and Stories ads for the Breeze fan launch, 6 variants, 5 s videos',
      want: { variants: 6, platforms: ['meta-feed', 'stories'], videoSec: 5, product: 'Breeze fan' },
    },
    {
      request:
        'TikTok ads for the Zen tea launch aimed at busy parents, 4 variants, 10 s videos, calm tone, a landing page for each',
      want: {
        variants: 4,
        platforms: ['tiktok'],
        videoSec: 10,
        pages: true,
        product: 'Zen tea',
        audience: 'busy parents',
        tone: 'calm',
      },
    },
    {
      request: '2 Google display banners and a landing page for the Orbit backpack campaign',
      want: { variants: 2, platforms: ['google-display'], pages: true, product: 'Orbit backpack' },
    },
    {
      request: 'Instagram Reels for the Lumen sunscreen launch, 6 variants, 12 s, fun',
      want: { variants: 6, platforms: ['reels'], videoSec: 12, product: 'Lumen sunscreen', tone: 'fun' },
    },
    {
      request: 'Stories ads for the Harbor coffee beans drop, 3 variants, 6 second videos',
      want: { variants: 3, platforms: ['stories'], videoSec: 6, product: 'Harbor coffee beans' },
    },
    {
      request: 'four Meta feed variants for the Vertex running watch, bold tone, link https://vertex.example.com/watch',
      want: {
        variants: 4,
        platforms: ['meta-feed'],
        product: 'Vertex running watch',
        tone: 'bold',
        mentions: 'https://vertex.example.com/watch',
      },
    },
    {
      request: 'TikTok, Reels and Stories for the Peak energy drink launch, 2 variants, 5 s videos',
      want: { variants: 2, platforms: ['tiktok', 'reels', 'stories'], videoSec: 5, product: 'Peak energy drink' },
    },
    {
      request: 'seven TikTok variants for the Nova earbuds launch, 8 s videos',
      want: { variants: 7, platforms: ['tiktok'], videoSec: 8, product: 'Nova earbuds' },
    },
    {
      request: 'Google display and Meta feed for the Alpine tent sale, 4 variants',
      want: { variants: 4, platforms: ['google-display', 'meta-feed'], product: 'Alpine tent' },
    },
    {
      request: 'landing pages for the Cedar candle launch, 3 variants',
      want: { variants: 3, pages: true, product: 'Cedar candle' },
    },
    {
      request: 'YouTube Shorts and TikTok for the Drift skateboard launch, 4 variants, 9 s videos, edgy',
      want: { variants: 4, platforms: ['shorts', 'tiktok'], videoSec: 9, product: 'Drift skateboard', tone: 'edgy' },
    },
    {
      request: 'Meta feed ads for the Solace pillow aimed at new parents, 2 variants, warm tone, with landing pages',
      want: {
        variants: 2,
        platforms: ['meta-feed'],
        pages: true,
        product: 'Solace pillow',
        audience: 'new parents',
        tone: 'warm',
      },
    },
    {
      request: 'twelve Stories variants for the Ember hot sauce launch, images only, witty',
      want: { variants: 12, platforms: ['stories'], videoSec: false, product: 'Ember hot sauce', tone: 'witty' },
    },
    {
      request: 'TikTok videos for the Fjord water bottle launch, 3 variants, 4 s each, upbeat',
      want: { variants: 3, platforms: ['tiktok'], videoSec: 4, product: 'Fjord water bottle', tone: 'upbeat' },
    },
    {
      request: 'six TikTok variants for the Cinder grill launch, 10 s videos. Product facts: heats up in five minutes',
      want: { variants: 6, platforms: ['tiktok'], videoSec: 10, product: 'Cinder grill', mentions: 'heats up in five minutes' },
    },
  ]),

  // Edits of the examples.
  ...editsOf('tiktok-launch', [
    { request: 'make it 4 variants', want: { variants: 4, platforms: ['tiktok'], videoSec: 15 }, touches: COPY_COUNT },
    { request: '10 second videos', want: { variants: 6, videoSec: 10 }, touches: ['video.assemble'] },
    { request: 'playful tone', want: { tone: 'playful' }, touches: ['llm.adCopy'] },
    { request: 'aimed at first-time paddlers', want: { audience: 'first-time paddlers' }, touches: ['llm.adCopy'] },
    { request: 'the product is the FoldPack kayak', want: { product: 'FoldPack kayak' }, touches: ['input.text'] },
    { request: 'add a landing page for each variant', want: { variants: 6, pages: true }, touches: ['page.landing'] },
    { request: 'remove the video', want: { videoSec: false, platforms: ['tiktok'] }, touches: ['video.assemble'] },
    { request: 'switch to openai', want: { provider: 'openai' }, touches: ['llm.adCopy', 'image.generate'] },
    {
      request: 'also make Reels versions',
      want: { variants: 6, platforms: ['tiktok', 'reels'] },
      touches: ['image.fit', 'image.overlay', 'variants.export'],
    },
    { request: 'eight variants, 6 s videos', want: { variants: 8, videoSec: 6 }, touches: [...COPY_COUNT, 'video.assemble'] },
    { request: 'add a preflight check', want: { preflight: true, variants: 6 }, touches: ['ad.preflight'] },
    { request: 'use gpt-4.1-mini for the copy', want: { model: 'gpt-4.1-mini' }, touches: ['llm.adCopy'] },
    { request: '20 second videos, calm tone', want: { videoSec: 20, tone: 'calm' }, touches: ['video.assemble', 'llm.adCopy'] },
    {
      request: 'set the UTM campaign to kayak-spring',
      want: { mentions: 'kayak-spring' },
      touches: ['variants.export', 'page.landing'],
    },
  ]),
  ...editsOf('landing-ab', [
    { request: 'remove the landing pages', want: { pages: false }, touches: ['page.landing'] },
    {
      request: 'link to https://shop.example.com/kayak',
      want: { pages: true, mentions: 'https://shop.example.com/kayak' },
      touches: ['page.landing', 'variants.export'],
    },
    { request: 'energetic tone, 3 variants', want: { tone: 'energetic', variants: 3, pages: true }, touches: COPY_COUNT },
    {
      request: 'set the brief to: FoldPack kayak, folds into a backpack, for city paddlers',
      want: { product: 'FoldPack kayak', pages: true },
      touches: ['input.text'],
    },
    {
      request: 'also make TikTok ads with 6 second videos',
      want: { platforms: ['tiktok'], videoSec: 6, pages: true },
      touches: ['image.fit', 'image.overlay', 'video.assemble', 'variants.unpack', 'variants.export'],
    },
  ]),
  ...editsOf('display-set', [
    { request: 'only Meta feed formats', want: { platforms: ['meta-feed'] }, touches: ['image.fit'] },
    { request: 'the product is the Nimbus rain jacket', want: { mentions: 'Nimbus rain jacket' }, touches: ['input.text'] },
    // The example already has Google display and Meta feed sizes.
    { request: 'add TikTok', want: { platforms: ['google-display', 'meta-feed', 'tiktok'] }, touches: ['image.fit'] },
  ]),
  ...editsOf('hello-brief', [
    { request: 'change the audience to college students', want: { mentions: 'college students' }, touches: ['input.text'] },
    { request: 'the product is the FoldPack kayak', want: { mentions: 'FoldPack kayak' }, touches: ['input.text'] },
  ]),

  // Questions.
  { category: 'question', example: 'tiktok-launch', request: 'what does the fit node do?', asks: 'image.fit' },
  { category: 'question', example: 'tiktok-launch', request: 'what does video.assemble do', asks: 'video.assemble' },
  { category: 'question', request: 'what does page.landing do?', asks: 'page.landing' },
  { category: 'question', example: 'tiktok-launch', request: 'explain the split node', asks: 'variants.split' },
  { category: 'question', example: 'tiktok-launch', request: 'why did the last run fail?', failedRun: 'missing-audio' },
  { category: 'question', example: 'tiktok-launch', request: 'why did it fail', failedRun: 'missing-audio' },
  { category: 'question', example: 'display-set', request: 'what went wrong?', failedRun: 'preflight' },

  // Requests that need the product first.
  { category: 'clarify', request: 'six TikTok variants, 15 s videos, energetic' },
  { category: 'clarify', request: 'Reels ads with landing pages, 3 variants' },
  { category: 'clarify', request: 'make some Google display banners, 5 variants' },
  { category: 'clarify', request: 'Meta feed and Stories, 4 variants, calm tone' },

  // Requests the offline assistant does not claim: it must say so and change nothing.
  { category: 'unclaimed', example: 'tiktok-launch', request: 'translate the copy into French' },
  { category: 'unclaimed', example: 'tiktok-launch', request: 'schedule it for next Monday' },
  { category: 'unclaimed', example: 'display-set', request: 'make the logo bigger' },
  { category: 'unclaimed', request: 'write me a poem about the sea' },
];
