export type { Copy, CopyField, CopyText } from '@adloom/sdk';
export { COPY_FIELDS, copySchema } from '@adloom/sdk';

/** Characters as the platforms' forms count them: grapheme clusters, so an emoji is one. */
export { characterCount } from '@adloom/specs';
