import { type ArtifactRef, defineNode, hashValue, isArtifactRef, NodeError } from '@adloom/sdk';
import { z } from 'zod';
import { MatchError, type MatchMethod, matchAssets } from './asset-matching.ts';
import { type CsvCell, toCsv } from './csv-write.ts';
import {
  type AssetPool,
  googleAdsEditorCsv,
  type ResponsiveSearchAd,
  RSA_DESCRIPTIONS,
  RSA_HEADLINES,
  responsiveSearchAd,
  type SharedAssets,
} from './google-ads-csv.ts';
import { checkLimits, type LimitCheck, type Platform, platformOf } from './platform-limits.ts';
import { parseHttpUrl, taggedUrl, type UtmTags } from './utm.ts';
import {
  ctaOf,
  type Experiment,
  effectiveCopy,
  FACTORS,
  type Factor,
  type FactorName,
  headlineOf,
  readVariant,
  type Variant,
} from './variant.ts';

const experimentSchema = z.looseObject({
  id: z.string(),
  hypothesis: z.string().optional(),
  design: z.enum(['cartesian', 'zip', 'sample']),
  seed: z.number(),
  factors: z.array(
    z.looseObject({
      name: z.enum(FACTORS.map((f) => f.name)),
      port: z.string(),
      levels: z.array(z.looseObject({ id: z.string(), value: z.unknown() })),
    }),
  ),
  variantIds: z.array(z.string()),
  control: z.string(),
});

export const exportParams = z.object({
  platform: z
    .enum(['auto', 'tiktok', 'meta', 'google'])
    .default('auto')
    .describe("Whose character limits to check; auto uses each copy's own platform"),
  finalUrl: z.string().optional().describe('The landing page the ads link to; each variant gets its UTM tags on it'),
  utmSource: z.string().min(1).optional().describe('utm_source; the platform name when unset'),
  utmMedium: z.string().min(1).optional().describe('utm_medium; cpc for Google, paid_social for TikTok and Meta when unset'),
  utmCampaign: z.string().min(1).optional().describe('utm_campaign; the experiment id when unset'),
  campaign: z.string().min(1).optional().describe('Google Ads campaign name; the experiment id when unset'),
  adGroup: z.string().min(1).optional().describe('Google Ads ad group name; the experiment id when unset'),
  displayName: z
    .string()
    .optional()
    .describe('TikTok: the brand or app name the ads show as (2–20 characters, a wide one counts 2); the displayName input wins'),
  path1: z.string().max(15).optional().describe('Display URL path 1 (Google, 15 characters)'),
  path2: z.string().max(15).optional().describe('Display URL path 2 (Google, 15 characters)'),
  sharedHeadlines: z.array(z.string()).default([]).describe("Headlines added to every variant's search ad (Google needs 3)"),
  sharedDescriptions: z
    .array(z.string())
    .default([])
    .describe("Descriptions added to every variant's search ad (Google needs 2)"),
  failOnLimits: z
    .boolean()
    .default(false)
    .describe('Fail the node when a text is over its platform limit, instead of flagging it'),
  refused: z
    .enum(['drop', 'fail'])
    .default('drop')
    .describe(
      'A search ad Google would refuse (fewer than 3 headlines or 2 descriptions): leave its row out and list it in the report, or fail',
    ),
});

type ExportParams = z.infer<typeof exportParams>;

/** A stored file as variants.json lists it. */
interface AssetEntry {
  path: string;
  sha256: string;
  mime: string;
  bytes: number;
  width?: number;
  height?: number;
  durationSec?: number;
  provider?: string;
}

const ASSET_PORTS = [
  { port: 'images', kind: 'image' },
  { port: 'videos', kind: 'video' },
  { port: 'pages', kind: 'file' },
] as const;
type AssetPort = (typeof ASSET_PORTS)[number]['port'];

export const variantsExport = defineNode({
  type: 'variants.export',
  version: 1,
  title: 'Export variants',
  category: 'Variants',
  description:
    'Writes the A/B test down for ad managers: variants.json (experiment, factors, each variant with its weight, control flag, assets, copy, UTM tags and platform limit checks; on TikTok rows the display name), a one-row-per-variant CSV and, for Google campaigns, a Google Ads Editor CSV of responsive search ads (3–15 headlines of at most 30, 2–4 descriptions of at most 90; rows Google would refuse are left out and reported).',
  inputs: [
    { name: 'variants', type: 'variant', list: true },
    { name: 'experiment', type: 'json', optional: true, description: "variants.split's experiment: id, design, seed, factors" },
    { name: 'images', type: 'image', list: true, optional: true, description: 'Finished images, one per variant (or naming it)' },
    { name: 'videos', type: 'video', list: true, optional: true, description: 'Finished videos, one per variant (or naming it)' },
    { name: 'pages', type: 'file', list: true, optional: true, description: 'Landing pages, one per variant (or naming it)' },
    { name: 'displayName', type: 'text', optional: true, description: 'TikTok: the name the ads show as, e.g. the brand' },
  ],
  outputs: [
    { name: 'manifest', type: 'file', description: 'variants.json' },
    { name: 'csv', type: 'file', list: true, description: 'google-ads-rsa.csv (Google campaigns only) and variants.csv' },
    { name: 'report', type: 'json', description: 'Counts, limit failures and warnings' },
  ],
  params: exportParams,
  paramHints: {
    finalUrl: { placeholder: 'https://example.com/spring' },
    platform: { enumLabels: { auto: "Each copy's platform", tiktok: 'TikTok', meta: 'Meta', google: 'Google search' } },
  },
  async run({ inputs, params, artifacts }) {
    const variants = (inputs.variants as unknown[]).map((value, i) => readVariant(value, 'variants', i));
    if (variants.length === 0) throw new NodeError('"variants" got no variants', { port: 'variants' });
    const seen = new Set<string>();
    for (const v of variants) {
      if (seen.has(v.id)) throw new NodeError(`variant "${v.id}" comes twice; connect one variants.split`, { port: 'variants' });
      seen.add(v.id);
    }
    const finalUrl = params.finalUrl === undefined ? undefined : parseHttpUrl(params.finalUrl);
    if (params.finalUrl !== undefined && !finalUrl) {
      throw new NodeError(`finalUrl "${params.finalUrl}" is not an http or https link`, { param: 'finalUrl' });
    }
    const experiment = readExperiment(inputs.experiment, variants);
    const matched = new Map<AssetPort, { method: MatchMethod; byVariant: Map<string, ArtifactRef[]> }>();
    for (const { port, kind } of ASSET_PORTS) {
      const given = inputs[port] as unknown[] | undefined;
      if (!given?.length) continue;
      const refs = given.map((value, i) => {
        if (!isArtifactRef(value)) throw new NodeError(`item ${i + 1} of "${port}" is not a stored file`, { port });
        if (kind !== 'file' && value.kind !== kind)
          throw new NodeError(`item ${i + 1} of "${port}" is not ${kind === 'image' ? 'an image' : 'a video'}`, { port });
        return value as unknown as ArtifactRef;
      });
      try {
        matched.set(port, matchAssets(variants, refs));
      } catch (error) {
        if (error instanceof MatchError) throw new NodeError(`"${port}" ${error.message}`, { port });
        throw error;
      }
    }
    const displayName = typeof inputs.displayName === 'string' ? inputs.displayName.trim() : params.displayName?.trim();
    const built = buildExport(variants, experiment, matched, { ...params, displayName: displayName || undefined }, finalUrl);
    if (params.failOnLimits && built.failures.length) {
      const first = built.failures
        .slice(0, 3)
        .map((f) => `${f.variant} ${f.platform} ${f.field} has ${f.length} characters (limit ${f.limit})`)
        .join('; ');
      throw new NodeError(
        `${built.failures.length} text${built.failures.length === 1 ? ' is' : 's are'} over the platform limit: ${first}`,
        {
          param: 'failOnLimits',
        },
      );
    }
    if (params.refused === 'fail' && built.refused.length) {
      throw new NodeError(
        `Google Ads Editor would refuse ${built.refused.length === 1 ? 'a search ad' : `${built.refused.length} search ads`}: ${built.refused
          .slice(0, 3)
          .map((r) => `${r.variant} ${r.reason}`)
          .join('; ')}; add sharedHeadlines or sharedDescriptions`,
        { param: 'refused' },
      );
    }
    const encoder = new TextEncoder();
    const manifest = await artifacts.write(encoder.encode(`${JSON.stringify(built.document, null, 2)}\n`), {
      kind: 'file',
      mime: 'application/json',
      meta: { name: 'variants.json', experimentId: experiment.id },
    });
    const csv = [
      ...(built.googleCsv === undefined
        ? []
        : [
            await artifacts.write(encoder.encode(built.googleCsv), {
              kind: 'file',
              mime: 'text/csv',
              meta: { name: 'google-ads-rsa.csv', experimentId: experiment.id },
            }),
          ]),
      await artifacts.write(encoder.encode(built.genericCsv), {
        kind: 'file',
        mime: 'text/csv',
        meta: { name: 'variants.csv', experimentId: experiment.id },
      }),
    ];
    return { manifest, csv, report: built.report };
  },
});

function readExperiment(value: unknown, variants: Variant[]): Experiment & { recorded: boolean } {
  if (value === undefined) {
    // Without the split's record, what the variants carry is all there is: the levels they use.
    return {
      id: `exp-${hashValue(variants.map((v) => [v.id, v.levels])).slice(0, 12)}`,
      design: 'cartesian',
      seed: 0,
      factors: factorsFromVariants(variants),
      variantIds: variants.map((v) => v.id),
      control: variants.find((v) => v.control)?.id ?? (variants[0] as Variant).id,
      recorded: false,
    };
  }
  const parsed = experimentSchema.safeParse(value);
  if (!parsed.success) {
    throw new NodeError('"experiment" is not the experiment output of variants.split', { port: 'experiment' });
  }
  return { ...(parsed.data as Experiment), recorded: true };
}

function factorsFromVariants(variants: Variant[]): Factor[] {
  const factors: Factor[] = [];
  for (const spec of FACTORS) {
    const levels = new Map<string, unknown>();
    for (const v of variants) {
      const id = v.levels[spec.name];
      if (id !== undefined && !levels.has(id)) levels.set(id, partOf(v, spec.name));
    }
    if (levels.size === 0) continue;
    const number = (id: string) => Number(id.slice(spec.prefix.length)) || 0;
    factors.push({
      name: spec.name,
      port: spec.port,
      levels: [...levels].sort(([a], [b]) => number(a) - number(b)).map(([id, value]) => ({ id, value })),
    });
  }
  return factors;
}

function partOf(variant: Variant, name: FactorName): unknown {
  return name === 'copy'
    ? variant.copy
    : name === 'headline'
      ? variant.headline
      : name === 'cta'
        ? variant.cta
        : name === 'image'
          ? variant.image
          : name === 'video'
            ? variant.video
            : variant.extra;
}

function assetEntry(ref: ArtifactRef): AssetEntry {
  return {
    path: ref.path,
    sha256: ref.sha256,
    mime: ref.mime,
    bytes: ref.bytes,
    ...(ref.width !== undefined ? { width: ref.width, height: ref.height } : {}),
    ...(ref.durationSec !== undefined ? { durationSec: ref.durationSec } : {}),
    ...(ref.provider ? { provider: ref.provider } : {}),
  };
}

/** A factor level as variants.json lists it: text as text, copy as copy, files by path and hash. */
function levelEntry(name: FactorName, level: { id: string; value: unknown }): Record<string, unknown> {
  const { id, value } = level;
  if (name === 'image' || name === 'video')
    return { id, ...(isArtifactRef(value) ? assetEntry(value as unknown as ArtifactRef) : {}) };
  if (name === 'copy') return { id, copy: value };
  if (name === 'headline' || name === 'cta') return { id, text: value };
  return { id, value };
}

const DEFAULT_MEDIUM: Record<Platform, string> = { google: 'cpc', tiktok: 'paid_social', meta: 'paid_social' };

interface LimitFailure {
  variant: string;
  platform: Platform;
  field: string;
  length: number;
  limit: number;
}

function buildExport(
  variants: Variant[],
  experiment: Experiment & { recorded: boolean },
  matched: Map<AssetPort, { method: MatchMethod; byVariant: Map<string, ArtifactRef[]> }>,
  params: ExportParams,
  finalUrl: URL | undefined,
) {
  const warnings: string[] = [];
  if (!experiment.recorded) {
    warnings.push(
      'no experiment record: connect the experiment output of variants.split to keep its design, seed and every factor level',
    );
  } else {
    const missing = experiment.variantIds.filter((id) => !variants.some((v) => v.id === id));
    const unknown = variants.filter((v) => !experiment.variantIds.includes(v.id)).map((v) => v.id);
    if (missing.length) warnings.push(`the experiment has variants that did not arrive: ${missing.join(', ')}`);
    if (unknown.length) warnings.push(`variants not in the experiment record: ${unknown.join(', ')}`);
  }
  const shared: SharedAssets = { headlines: params.sharedHeadlines, descriptions: params.sharedDescriptions };
  const failures: LimitFailure[] = [];
  const unknownPlatform: string[] = [];
  const platformOfVariant = (variant: Variant) =>
    params.platform === 'auto' ? platformOf(variant.copy?.platform) : params.platform;
  // Other Google copies' texts fill a search ad up to Google's minimum counts.
  const googleCopies = variants.filter((v) => platformOfVariant(v) === 'google');
  const pool: AssetPool = {
    headlines: googleCopies.map((v) => headlineOf(v) ?? ''),
    descriptions: googleCopies.flatMap((v) => [v.copy?.primaryText ?? '', v.copy?.description ?? '']),
  };
  const refused: { variant: string; reason: string }[] = [];
  const cutOff: string[] = [];
  const adjustedTexts: string[] = [];
  const rows = variants.map((variant) => {
    const platform = platformOfVariant(variant);
    if (!platform) unknownPlatform.push(variant.id);
    const checks: LimitCheck[] = platform ? checkLimits(variant, platform, shared, params.displayName) : [];
    for (const c of checks) {
      if (!c.ok) failures.push({ variant: variant.id, platform: c.platform, field: c.field, length: c.length, limit: c.limit });
      else if (c.problems)
        cutOff.push(`${variant.id} ${c.platform} ${c.field}: ${c.length} characters, ${c.problems.join('; ')}`);
    }
    let ad: ResponsiveSearchAd | undefined;
    if (platform === 'google') {
      ad = responsiveSearchAd(variant, shared, pool);
      adjustedTexts.push(...ad.adjusted.map((a) => `${variant.id} ${a}`));
      if (ad.headlines.length < RSA_HEADLINES.min || ad.descriptions.length < RSA_DESCRIPTIONS.min) {
        refused.push({
          variant: variant.id,
          reason: `has ${ad.headlines.length} headlines and ${ad.descriptions.length} descriptions; a responsive search ad needs ${RSA_HEADLINES.min}–${RSA_HEADLINES.max} and ${RSA_DESCRIPTIONS.min}–${RSA_DESCRIPTIONS.max}`,
        });
        ad = undefined;
      }
    }
    const utm: UtmTags = {
      utm_source: params.utmSource ?? platform ?? 'adloom',
      utm_medium: params.utmMedium ?? (platform ? DEFAULT_MEDIUM[platform] : 'paid'),
      utm_campaign: params.utmCampaign ?? experiment.id,
      utm_content: variant.id,
    };
    const url = finalUrl ? taggedUrl(finalUrl, utm) : undefined;
    const finished = (port: AssetPort) => matched.get(port)?.byVariant.get(variant.id) ?? [];
    return {
      variant,
      platform,
      ad,
      checks,
      utm,
      url,
      images: finished('images'),
      videos: finished('videos'),
      pages: finished('pages'),
    };
  });
  if (unknownPlatform.length) {
    warnings.push(
      `no platform limits checked for ${unknownPlatform.join(', ')}: their copy names no platform; set the platform param`,
    );
  }
  if (cutOff.length) warnings.push(...cutOff);
  if (refused.length) {
    warnings.push(
      `google-ads-rsa.csv: left out ${refused.map((r) => r.variant).join(', ')}: fewer than ${RSA_HEADLINES.min} headlines or ${RSA_DESCRIPTIONS.min} descriptions, which Google Ads Editor refuses; add sharedHeadlines or sharedDescriptions`,
    );
  }
  if (adjustedTexts.length) {
    warnings.push(`google-ads-rsa.csv: shortened to Google's limits: ${adjustedTexts.join('; ')}`);
  }

  const document = {
    adloomVariants: 1,
    experimentId: experiment.id,
    ...(experiment.hypothesis ? { hypothesis: experiment.hypothesis } : {}),
    design: experiment.recorded ? experiment.design : null,
    seed: experiment.recorded ? experiment.seed : null,
    control: variants.find((v) => v.control)?.id ?? experiment.control,
    ...(finalUrl ? { finalUrl: finalUrl.href } : {}),
    factors: experiment.factors.map((f) => ({
      name: f.name,
      port: f.port,
      levels: f.levels.map((level) => levelEntry(f.name, level)),
    })),
    variants: rows.map((row) => {
      const v = row.variant;
      const copy = effectiveCopy(v);
      return {
        id: v.id,
        index: v.index,
        weight: v.weight,
        control: v.control,
        levels: v.levels,
        ...(copy ? { copy } : {}),
        ...(headlineOf(v) !== undefined ? { headline: headlineOf(v) } : {}),
        ...(ctaOf(v) !== undefined ? { cta: ctaOf(v) } : {}),
        ...(v.extra ? { extra: v.extra } : {}),
        assets: {
          ...(v.image ? { image: assetEntry(v.image) } : {}),
          ...(v.video ? { video: assetEntry(v.video) } : {}),
          images: row.images.map(assetEntry),
          videos: row.videos.map(assetEntry),
          pages: row.pages.map(assetEntry),
        },
        utm: row.utm,
        ...(row.url ? { url: row.url } : {}),
        ...(row.platform ? { platform: row.platform } : {}),
        ...(row.platform === 'tiktok' && params.displayName ? { displayName: params.displayName } : {}),
        checks: row.checks,
      };
    }),
    limits: { ok: failures.length === 0, failures },
    ...(googleCopies.length ? { googleAds: { refused, adjusted: adjustedTexts } } : {}),
    warnings,
  };

  // Only a Google campaign gets a search-ad file: a TikTok or Meta test has nothing to import there.
  const googleRows = rows.filter((row): row is typeof row & { ad: ResponsiveSearchAd } => row.ad !== undefined);
  const googleCsv = googleCopies.length
    ? googleAdsEditorCsv(
        googleRows.map((row) => ({
          campaign: params.campaign ?? experiment.id,
          adGroup: params.adGroup ?? experiment.id,
          ad: row.ad,
          finalUrl: row.url,
          path1: params.path1,
          path2: params.path2,
        })),
      )
    : undefined;

  const factorNames = FACTORS.map((f) => f.name).filter((name) => variants.some((v) => v.levels[name] !== undefined));
  const files = (refs: ArtifactRef[], pick: (ref: ArtifactRef) => string) => refs.map(pick).join(';');
  const genericCsv = toCsv(
    [
      'variant_id',
      'index',
      'control',
      'weight',
      ...factorNames.map((name) => `${name}_level`),
      'headline',
      'primary_text',
      'description',
      'cta',
      'platform',
      'image_path',
      'image_sha256',
      'video_path',
      'video_sha256',
      'page_path',
      'page_sha256',
      'final_url',
      'utm_source',
      'utm_medium',
      'utm_campaign',
      'utm_content',
      'limits_ok',
    ],
    rows.map((row): CsvCell[] => {
      const v = row.variant;
      // A finished file stands in for the raw level it was made from.
      const images = row.images.length ? row.images : v.image ? [v.image] : [];
      const videos = row.videos.length ? row.videos : v.video ? [v.video] : [];
      return [
        v.id,
        v.index,
        v.control,
        v.weight,
        ...factorNames.map((name) => v.levels[name]),
        headlineOf(v),
        v.copy?.primaryText,
        v.copy?.description,
        ctaOf(v),
        row.platform,
        files(images, (r) => r.path),
        files(images, (r) => r.sha256),
        files(videos, (r) => r.path),
        files(videos, (r) => r.sha256),
        files(row.pages, (r) => r.path),
        files(row.pages, (r) => r.sha256),
        row.url,
        row.utm.utm_source,
        row.utm.utm_medium,
        row.utm.utm_campaign,
        row.utm.utm_content,
        row.checks.every((c) => c.ok),
      ];
    }),
  );

  const report = {
    experimentId: experiment.id,
    variants: variants.length,
    control: document.control,
    design: document.design,
    files: ['variants.json', ...(googleCsv === undefined ? [] : ['google-ads-rsa.csv']), 'variants.csv'],
    assets: Object.fromEntries([...matched].map(([port, m]) => [port, { matchedBy: m.method }])),
    limits: document.limits,
    ...(googleCopies.length ? { googleAds: { rows: googleRows.length, refused, adjusted: adjustedTexts } } : {}),
    warnings,
  };
  return { document, googleCsv, genericCsv, report, failures, refused };
}
