/** The UTM tags that tell an analytics tool which ad, and which variant of it, sent a visit. */
export interface UtmTags {
  utm_source: string;
  utm_medium: string;
  utm_campaign: string;
  /** The variant id: `c2-i1`. */
  utm_content: string;
}

/** An http(s) URL, or undefined for anything else (javascript:, data:, a bare word). */
export function parseHttpUrl(text: string): URL | undefined {
  try {
    const url = new URL(text.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** `url` with the tags set (an existing utm_* of the same name is replaced, other params kept). */
export function taggedUrl(url: URL, tags: UtmTags): string {
  const tagged = new URL(url);
  for (const [name, value] of Object.entries(tags)) tagged.searchParams.set(name, value);
  return tagged.href;
}
