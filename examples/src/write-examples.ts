// Writes the example graphs in the file format's own layout. Run after changing one:
//   node examples/src/write-examples.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type GraphFile, serializeGraph } from '@adloom/graph';

const BRIEF =
  'Trailblazer 2 trail running shoes: grips wet rock, weighs 240 g, drains in seconds. For weekend trail runners who hate slipping.';

// Text kept clear of both TikTok's UI (right rail 150 px) and Meta Reels' (top 14%, bottom 35%,
// sides 6%), so the same 9:16 creative passes preflight on both.
const CLEAR_OF_TIKTOK_AND_REELS = { 'tiktok-9x16': { top: 269, right: 150, bottom: 672, left: 65 } };

type NodeSpec = [id: string, type: string, params: Record<string, unknown>, x: number, y: number];

function graph(name: string, description: string, nodes: NodeSpec[], edges: [string, string][]): GraphFile {
  return {
    adloom: 1,
    name,
    description,
    nodes: Object.fromEntries(nodes.map(([id, type, params, x, y]) => [id, { type, params, ui: { x, y } }])),
    edges: edges.map(([from, to]) => ({ from, to })),
    ui: { viewport: { x: 0, y: 0, zoom: 0.8 }, groups: [] },
  };
}

const examples: Record<string, GraphFile> = {
  'tiktok-launch': graph(
    'TikTok launch',
    'A brief becomes 3 ad copies x 2 images = 6 variants, each finished as a 9:16 image with its headline and button and a 15 s video of three scenes (the photo with the headline, a closer move with a benefit, an end card with the brand and the button), captioned, over a music bed at -14 LUFS; the variant set is exported for the ad manager',
    [
      ['brief', 'input.text', { name: 'brief', default: BRIEF }, 0, 200],
      ['brand', 'input.text', { name: 'brand', default: 'Trailblazer 2' }, 0, 480],
      ['copy', 'llm.adCopy', { platform: 'tiktok', count: 3, tone: 'energetic' }, 340, 60],
      [
        'prompt',
        'text.template',
        { template: 'Product photo: {{brief}} Vivid orange shoe on a misty mountain trail, vertical frame.' },
        340,
        340,
      ],
      ['images', 'image.generate', { count: 2, aspect: '9:16', width: 1080, height: 1920 }, 680, 320],
      [
        'split',
        'variants.split',
        { design: 'cartesian', hypothesis: 'Benefit-led headlines beat product-led ones on TikTok' },
        1020,
        200,
      ],
      ['unpack', 'variants.unpack', {}, 1360, 200],
      ['fit', 'image.fit', { presets: ['tiktok-9x16'] }, 1700, 480],
      ['overlay', 'image.overlay', { preset: 'auto', safeZones: CLEAR_OF_TIKTOK_AND_REELS }, 2040, 200],
      ['endcard', 'image.overlay', { preset: 'auto', placement: 'center', safeZones: CLEAR_OF_TIKTOK_AND_REELS }, 2040, 580],
      // The three captions stacked above the fit, each a node's height and a gap apart.
      ['sayHeadline', 'json.pick', { path: 'headline' }, 1700, -300],
      ['sayBenefit', 'json.pick', { path: 'description' }, 1700, -40],
      ['sayCta', 'json.pick', { path: 'callToAction' }, 1700, 220],
      [
        'video',
        'video.assemble',
        {
          format: '9:16',
          duration: 15,
          transition: 'fade',
          variantCaption: false,
          audioFile: 'assets/trail-bed.m4a',
          loudness: -14,
        },
        2380,
        60,
      ],
      [
        'export',
        'variants.export',
        { platform: 'tiktok', finalUrl: 'https://example.com/trailblazer', utmCampaign: 'trailblazer-launch' },
        2720,
        200,
      ],
    ],
    [
      ['brief.text', 'copy.brief'],
      ['brief.text', 'prompt.brief'],
      ['prompt.text', 'images.prompt'],
      ['copy.copies', 'split.copies'],
      ['images.images', 'split.images'],
      ['split.variants', 'unpack.variant'],
      ['unpack.image', 'fit.image'],
      ['fit.images', 'overlay.image'],
      ['unpack.copy', 'overlay.copy'],
      ['fit.images', 'endcard.image'],
      ['brand.text', 'endcard.headline'],
      ['unpack.copy', 'endcard.copy'],
      ['unpack.copy', 'sayHeadline.value'],
      ['unpack.copy', 'sayBenefit.value'],
      ['unpack.copy', 'sayCta.value'],
      ['split.variants', 'video.variant'],
      // Three scenes: the photo, the photo again under a different camera move, the end card.
      ['fit.images', 'video.images'],
      ['unpack.image', 'video.images'],
      ['endcard.image', 'video.images'],
      ['sayHeadline.value', 'video.captions'],
      ['sayBenefit.value', 'video.captions'],
      ['sayCta.value', 'video.captions'],
      ['split.variants', 'export.variants'],
      ['split.experiment', 'export.experiment'],
      ['overlay.image', 'export.images'],
      ['video.video', 'export.videos'],
      // The brand is the name the TikTok ads show as: the export and preflight judge its 20 characters.
      ['brand.text', 'export.displayName'],
    ],
  ),
  'display-set': graph(
    'Display set',
    'One product shot becomes the Google display sizes plus Meta 1:1 and 4:5, each with a headline and a button, exported as JPEGs within the 150 KB display limit',
    [
      ['product', 'input.text', { name: 'product', default: 'Trailblazer 2 trail running shoes' }, 0, 0],
      ['headline', 'input.text', { name: 'headline', default: 'Grip that holds on wet rock' }, 0, 200],
      ['cta', 'input.text', { name: 'cta', default: 'Shop now' }, 0, 400],
      [
        'prompt',
        'text.template',
        { template: 'Studio photo of {{product}}, bright orange, soft shadow, clean light background' },
        340,
        0,
      ],
      ['hero', 'image.generate', { aspect: '1:1', width: 1200, height: 1200 }, 680, 0],
      [
        'fit',
        'image.fit',
        {
          presets: [
            'google-300x250',
            'google-336x280',
            'google-728x90',
            'google-300x600',
            'google-160x600',
            'google-320x50',
            'google-970x250',
            'google-1200x628',
            'google-1200x1200',
            'meta-1x1',
            'meta-4x5',
          ],
          mode: 'pad',
        },
        1020,
        0,
      ],
      ['overlay', 'image.overlay', { preset: 'auto' }, 1360, 200],
      ['export', 'image.export', { format: 'jpeg', quality: 88, usePresetBudget: true }, 1700, 200],
    ],
    [
      ['product.text', 'prompt.product'],
      ['prompt.text', 'hero.prompt'],
      ['hero.images', 'fit.image'],
      ['fit.images', 'overlay.image'],
      ['headline.text', 'overlay.headline'],
      ['cta.text', 'overlay.cta'],
      ['overlay.image', 'export.image'],
    ],
  ),
  'landing-ab': graph(
    'Landing page A/B',
    'Two ad copies become two landing pages, each a self-contained HTML file whose button carries its variant in the UTM tags, and the test is exported',
    [
      ['brief', 'input.text', { name: 'brief', default: BRIEF }, 0, 100],
      ['copy', 'llm.adCopy', { platform: 'meta', count: 2 }, 340, 0],
      ['prompt', 'text.template', { template: 'Wide hero photo: {{brief}} Runner on a wet rocky trail at sunrise.' }, 340, 280],
      ['hero', 'image.generate', { aspect: '16:9' }, 680, 240],
      [
        'split',
        'variants.split',
        { design: 'cartesian', hypothesis: 'A benefit-led page converts better than a product-led one' },
        1020,
        100,
      ],
      [
        'page',
        'page.landing',
        {
          template: 'hero-top',
          ctaUrl: 'https://example.com/trailblazer',
          ctaLabel: 'Shop Trailblazer 2',
          brand: 'Trailblazer',
          utmCampaign: 'trailblazer-landing',
        },
        1360,
        0,
      ],
      [
        'export',
        'variants.export',
        { platform: 'meta', finalUrl: 'https://example.com/trailblazer', utmCampaign: 'trailblazer-landing' },
        1700,
        100,
      ],
    ],
    [
      ['brief.text', 'copy.brief'],
      ['brief.text', 'prompt.brief'],
      ['prompt.text', 'hero.prompt'],
      ['copy.copies', 'split.copies'],
      ['hero.images', 'split.images'],
      ['split.variants', 'page.variant'],
      ['split.variants', 'export.variants'],
      ['split.experiment', 'export.experiment'],
      ['page.page', 'export.pages'],
    ],
  ),
};

for (const [name, g] of Object.entries(examples)) {
  writeFileSync(join(import.meta.dirname, '..', `${name}.adloom.json`), serializeGraph(g));
}
