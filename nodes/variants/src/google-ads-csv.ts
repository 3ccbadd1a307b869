import { emojiIn, graphemes, RSA_COUNTS, shortenText, TEXT_RULES, type TextRule } from '@adloom/specs';
import { type CsvCell, toCsv } from './csv-write.ts';
import { ctaOf, headlineOf, type Variant } from './variant.ts';

/** Google's bounds on a responsive search ad's assets. */
export const RSA_HEADLINES = RSA_COUNTS.headlines;
export const RSA_DESCRIPTIONS = RSA_COUNTS.descriptions;

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

/** Texts from the other copies in the export, used to reach Google's minimum counts. */
export interface AssetPool {
  headlines: readonly string[];
  descriptions: readonly string[];
}

/** A responsive search ad's assets, every one within Google's rules, and which texts had to be shortened. */
export interface ResponsiveSearchAd {
  headlines: string[];
  descriptions: string[];
  adjusted: string[];
}

function withoutEmoji(text: string): string {
  const emoji = new Set(emojiIn(text));
  return graphemes(text)
    .filter((g) => !emoji.has(g))
    .join('')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/** Collects unique assets up to `max`: texts of the variant and shared ones fitted to the limit, pool texts only as they are. */
function collect(
  own: (string | undefined)[],
  pool: readonly string[],
  rule: TextRule,
  max: number,
  adjusted: string[],
  kind: string,
): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (text: string) => {
    const key = text.toLowerCase();
    if (!text || seen.has(key) || out.length >= max) return;
    seen.add(key);
    out.push(text);
  };
  for (const raw of own) {
    const clean = withoutEmoji(raw ?? '');
    if (!clean) continue;
    const fitted = shortenText(clean, rule.max, rule.counting);
    if (fitted.adjusted || clean !== (raw ?? '').trim()) adjusted.push(`${kind} "${raw?.trim()}" → "${fitted.text}"`);
    add(fitted.text);
  }
  for (const raw of pool) {
    const clean = withoutEmoji(raw);
    if (clean && !shortenText(clean, rule.max, rule.counting).adjusted) add(clean);
  }
  return out;
}

/**
 * A variant as a responsive search ad that Google Ads Editor accepts: its headline, then its call
 * to action (RSAs have no button, so the CTA is written as a headline), then the shared
 * headlines, then other copies' headlines that fit, until 15; its primary text and description,
 * then the shared and other copies' descriptions, until 4. Every text is at most 30 or 90
 * characters as Google counts them (double-width as 2), emoji taken out; a text of the variant's
 * own that is too long is shortened at a word boundary and listed in `adjusted`.
 */
export function responsiveSearchAd(
  variant: Variant,
  shared: SharedAssets = {},
  pool: AssetPool = { headlines: [], descriptions: [] },
): ResponsiveSearchAd {
  const adjusted: string[] = [];
  const headlines = collect(
    [headlineOf(variant), ctaOf(variant), ...(shared.headlines ?? [])],
    [...pool.headlines, variant.copy?.description ?? ''],
    TEXT_RULES['google.rsaHeadline'],
    RSA_HEADLINES.max,
    adjusted,
    'headline',
  );
  const descriptions = collect(
    [variant.copy?.primaryText, variant.copy?.description, ...(shared.descriptions ?? [])],
    pool.descriptions,
    TEXT_RULES['google.rsaDescription'],
    RSA_DESCRIPTIONS.max,
    adjusted,
    'description',
  );
  return { headlines, descriptions, adjusted };
}

export interface GoogleAdsRow {
  campaign: string;
  adGroup: string;
  ad: ResponsiveSearchAd;
  finalUrl?: string;
  path1?: string;
  path2?: string;
}

/** One responsive search ad per row, in Google Ads Editor's CSV columns. */
export function googleAdsEditorCsv(rows: readonly GoogleAdsRow[]): string {
  return toCsv(
    GOOGLE_ADS_EDITOR_COLUMNS,
    rows.map((row): CsvCell[] => {
      const headlines = Array.from({ length: RSA_HEADLINES.max }, (_, i) => row.ad.headlines[i]);
      const descriptions = Array.from({ length: RSA_DESCRIPTIONS.max }, (_, i) => row.ad.descriptions[i]);
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
