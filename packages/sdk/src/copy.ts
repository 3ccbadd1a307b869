import { z } from 'zod';

/** The four written parts of an ad, as a model is asked to write them. */
export const COPY_FIELDS = ['headline', 'primaryText', 'description', 'callToAction'] as const;
export type CopyField = (typeof COPY_FIELDS)[number];

/** What travels on a `copy` port, as a pack that writes copy makes it. Field names are a contract with every node that reads copy. */
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
  adjusted: z.array(z.enum(COPY_FIELDS)).optional(),
});

export type Copy = z.infer<typeof copySchema>;
export type CopyText = Pick<Copy, CopyField>;

/**
 * A `copy` value as a node that reads copy accepts it: the fields it needs, whatever else a
 * pack of another version put beside them.
 */
export const copyInputSchema = z.looseObject({
  headline: z.string(),
  primaryText: z.string(),
  description: z.string().optional(),
  callToAction: z.string(),
  platform: z.string().optional(),
  provider: z.string().optional(),
});

export type CopyInput = z.infer<typeof copyInputSchema>;
