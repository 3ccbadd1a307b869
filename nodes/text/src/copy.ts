import { z } from 'zod';

/** The four written parts of an ad, as a model is asked to write them. */
export const COPY_FIELDS = ['headline', 'primaryText', 'description', 'callToAction'] as const;
export type CopyField = (typeof COPY_FIELDS)[number];

/** What travels on a `copy` port. Field names are a contract with every node that reads copy. */
export const copySchema = z.object({
  /** The short line over the image or beside the link. */
  headline: z.string(),
  /** The ad text: TikTok's "ad text", Meta's "primary text", a Google description. */
  primaryText: z.string(),
  /** A supporting line: Meta's link description, a second Google description. */
  description: z.string(),
  /** The button or closing label: "Shop now". */
  callToAction: z.string(),
  /** The platform preset the copy was written for. */
  platform: z.string(),
  /** Who wrote it: "openai", "compatible" (a server by base URL) or "offline" (assembled, no model). */
  provider: z.string(),
  /** Fields the node changed itself to keep within the platform's rules, after the model missed them. */
  adjusted: z.array(z.enum(['headline', 'primaryText', 'description', 'callToAction'])).optional(),
});

export type Copy = z.infer<typeof copySchema>;
export type CopyText = Pick<Copy, CopyField>;

/** Characters as the platforms' forms count them: grapheme clusters, so an emoji is one. */
export { characterCount } from '@adloom/specs';
