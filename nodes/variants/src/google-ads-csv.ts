import { type CsvCell, toCsv } from './csv-write.ts';
import { ctaOf, headlineOf, type Variant } from './variant.ts';

/** Google's bounds on a responsive search ad's assets. */
export const RSA_HEADLINES = { min: 3, max: 15 } as const;
export const RSA_DESCRIPTIONS = { min: 2, max: 4 } as const;

/**
 * Google Ads Editor's column headers for responsive search ads (Editor matches headers
 * ignoring case and spaces; these are the names it exports).
 */
export const GOOGLE_ADS_EDITOR_COLUMNS = [
  'Campaign',
  'Ad group',
  'Ad type',
  ...Array.from({ length: RSA_HEADLINES.max }, (_, i) => `Headline ${i + 1}`),
  ...Array.from({ length: RSA_DESCRIPTIONS.max }, (_, i) => `Description ${i + 1}`),
  'Final URL',
  'Path 1',
  'Path 2',
] as const;

/** Headlines and descriptions every variant's ad shares (a brand line, an offer), after its own. */
export interface SharedAssets {
  headlines?: readonly string[];
  descriptions?: readonly string[];
}

/**
 * A variant as a responsive search ad: its headline, then its call to action (RSAs have no
 * button, so the CTA is written as a headline), then the shared headlines; its primary text
 * and description, then the shared descriptions. Repeats and blanks are left out.
 */
export function responsiveSearchAd(variant: Variant, shared: SharedAssets = {}): { headlines: string[]; descriptions: string[] } {
  const unique = (texts: (string | undefined)[], max: number) =>
    [...new Set(texts.map((t) => t?.trim()).filter((t): t is string => !!t))].slice(0, max);
  return {
    headlines: unique([headlineOf(variant), ctaOf(variant), ...(shared.headlines ?? [])], RSA_HEADLINES.max),
    descriptions: unique(
      [variant.copy?.primaryText, variant.copy?.description, ...(shared.descriptions ?? [])],
      RSA_DESCRIPTIONS.max,
    ),
  };
}

export interface GoogleAdsRow {
  campaign: string;
  adGroup: string;
  variant: Variant;
  finalUrl?: string;
  path1?: string;
  path2?: string;
  shared?: SharedAssets;
}

/** One responsive search ad per variant, in Google Ads Editor's CSV columns. */
export function googleAdsEditorCsv(rows: readonly GoogleAdsRow[]): string {
  return toCsv(
    GOOGLE_ADS_EDITOR_COLUMNS,
    rows.map((row): CsvCell[] => {
      const ad = responsiveSearchAd(row.variant, row.shared);
      const headlines = Array.from({ length: RSA_HEADLINES.max }, (_, i) => ad.headlines[i]);
      const descriptions = Array.from({ length: RSA_DESCRIPTIONS.max }, (_, i) => ad.descriptions[i]);
      return [
        row.campaign,
        row.adGroup,
        'Responsive search ad',
        ...headlines,
        ...descriptions,
        row.finalUrl,
        row.path1,
        row.path2,
      ];
    }),
  );
}
