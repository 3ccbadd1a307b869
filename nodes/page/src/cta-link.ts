/** Why a CTA URL was refused. */
export class CtaLinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CtaLinkError';
  }
}

/** The tags on a landing page's links, so analytics credit the variant that sent the click. */
export interface UtmTags {
  utm_source?: string;
  utm_medium?: string;
  utm_campaign?: string;
  /** The variant id: `c2-i1`. */
  utm_content?: string;
}

/**
 * The CTA link with its UTM tags, as an absolute http(s) URL. Anything else (javascript:,
 * data:, a relative path) is refused: the CTA is the only place the page may send a visitor.
 */
export function ctaLink(text: string, tags: UtmTags): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new CtaLinkError(`"${text}" is not a full link; write it like https://example.com/shop`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CtaLinkError(`"${text}" is a ${url.protocol} link; the CTA must be an http or https link`);
  }
  for (const [name, value] of Object.entries(tags)) if (value) url.searchParams.set(name, value);
  return url.href;
}
