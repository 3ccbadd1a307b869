import type { NodePack } from '@adloom/sdk';
import { abCompare } from './ab-compare.ts';
import { variantsExport } from './export.ts';
import { adPreflight } from './preflight.ts';
import { variantsSplit } from './split.ts';
import { variantsUnpack } from './unpack.ts';

export { abCompare, compareResults, readResults } from './ab-compare.ts';
export type { MatchMethod } from './asset-matching.ts';
export { matchAssets } from './asset-matching.ts';
export type { CsvCell } from './csv-write.ts';
export { toCsv } from './csv-write.ts';
export { variantsExport } from './export.ts';
export type { SharedAssets } from './google-ads-csv.ts';
export { GOOGLE_ADS_EDITOR_COLUMNS, googleAdsEditorCsv, responsiveSearchAd } from './google-ads-csv.ts';
export type { LimitCheck, Platform } from './platform-limits.ts';
export { characterCount, checkLimits, PLATFORM_LIMITS, platformOf } from './platform-limits.ts';
export { adPreflight } from './preflight.ts';
export { erfc, normalCdf, normalQuantile, twoProportionZTest, wilsonInterval } from './proportion-stats.ts';
export { splitVariants, variantsSplit } from './split.ts';
export { trafficWeights } from './traffic-weights.ts';
export { variantsUnpack } from './unpack.ts';
export type { UtmTags } from './utm.ts';
export { parseHttpUrl, taggedUrl } from './utm.ts';
export type { Copy, Design, Experiment, Factor, FactorName, Variant } from './variant.ts';
export { ctaOf, effectiveCopy, FACTORS, headlineOf, readVariant } from './variant.ts';
export { planCombinations, sampleIndices } from './variant-design.ts';

/** A/B testing: split creatives into variants, export them for ad managers, compare results. */
export const pack: NodePack = {
  name: '@adloom/nodes-variants',
  nodes: [variantsSplit, variantsUnpack, variantsExport, adPreflight, abCompare],
};
