import { createHash } from 'node:crypto';
import { isArtifactRef } from './artifact.ts';

/**
 * JSON with object keys sorted, so equal values give equal text. Artifact references stand
 * for their content hash alone: the same image in another folder is the same input.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return value === undefined ? 'null' : JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isArtifactRef(value)) return `{"artifact":${JSON.stringify(value.sha256)}}`;
  const keys = Object.keys(value).sort();
  let out = '{';
  for (const key of keys) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    if (out.length > 1) out += ',';
    out += `${JSON.stringify(key)}:${canonicalJson(v)}`;
  }
  return `${out}}`;
}

export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

export function hashValue(value: unknown): string {
  return sha256(canonicalJson(value));
}
