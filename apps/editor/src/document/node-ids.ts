import { NODE_ID_PATTERN } from '@adloom/graph';

/**
 * A readable id base for a node: `text.template` → `template`, `llm.adCopy` → `adCopy`.
 * Ids show up in `--set node.param=...` and in run folders, so they should read well.
 */
export function idBaseForType(type: string): string {
  const last = type.split('.').pop() ?? type;
  return cleanIdBase(last);
}

/** Makes any text a valid id base: letters, digits, `_` and `-`, starting with a letter. */
export function cleanIdBase(text: string): string {
  let base = text.replace(/[^A-Za-z0-9_-]+/g, '');
  base = base.replace(/^[^A-Za-z]+/, '');
  return base || 'node';
}

/** The first of `base`, `base2`, `base3`… not in `taken`. A trailing number on `base` is dropped first. */
export function uniqueNodeId(base: string, taken: ReadonlySet<string> | ((id: string) => boolean)): string {
  const isTaken = typeof taken === 'function' ? taken : (id: string) => taken.has(id);
  const clean = cleanIdBase(base);
  if (!isTaken(clean) && NODE_ID_PATTERN.test(clean)) return clean;
  const stem = cleanIdBase(clean.replace(/\d+$/, ''));
  for (let n = 2; ; n++) {
    const id = `${stem}${n}`;
    if (!isTaken(id)) return id;
  }
}
