import type { ArtifactRef } from '@adloom/sdk';

/** What the video nodes use of a variant (made by the variants pack), read defensively. */
export interface VariantView {
  id?: string;
  headline?: string;
  cta?: string;
  image?: ArtifactRef;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

/** A media reference with a file path, whatever else it carries. */
export function isMediaRef(value: unknown): value is ArtifactRef {
  return isRecord(value) && typeof value.path === 'string' && value.path !== '' && typeof value.kind === 'string';
}

/**
 * Reads a variant value: `{ id, copy: { headline, callToAction }, headline, cta, image }`.
 * A variant from an older or newer variants pack may lack any of them, so each is optional and
 * a wrong type counts as absent.
 */
export function readVariant(value: unknown): VariantView {
  if (!isRecord(value)) return {};
  const copy = isRecord(value.copy) ? value.copy : {};
  return {
    id: text(value.id),
    // A variant's own headline and CTA levels are what it tests: they win over its copy's.
    headline: text(value.headline) ?? text(copy.headline),
    cta: text(value.cta) ?? text(copy.callToAction),
    image: isMediaRef(value.image) ? value.image : undefined,
  };
}
