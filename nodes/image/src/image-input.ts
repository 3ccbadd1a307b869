import { type ArtifactRef, isArtifactRef, NodeError } from '@adloom/sdk';
import type { SafeZone } from './presets.ts';

/** The image on an input port; a NodeError naming the port when something else arrived. */
export function requireImage(value: unknown, port: string): ArtifactRef {
  if (!isArtifactRef(value) || (value as ArtifactRef).kind !== 'image') {
    throw new NodeError(`input "${port}" needs an image, got ${value === undefined ? 'nothing' : typeof value}`, { port });
  }
  return value as ArtifactRef;
}

/** The format an image was fitted to, as image.fit records it in the artifact's meta. */
export interface FittedFormat {
  preset: string;
  /** The preset's canvas; the safe zone is in its pixels. */
  presetSize: { width: number; height: number };
  safeZone: SafeZone;
  maxKB?: number;
}

/** The preset an earlier image.fit recorded on this image, if any. */
export function fittedFormatOf(image: ArtifactRef): FittedFormat | undefined {
  const meta = image.meta;
  const safeZone = meta?.safeZone as SafeZone | undefined;
  const presetSize = meta?.presetSize as { width: number; height: number } | undefined;
  if (typeof meta?.preset !== 'string' || !safeZone || !presetSize) return undefined;
  return {
    preset: meta.preset,
    presetSize,
    safeZone,
    ...(typeof meta.maxKB === 'number' ? { maxKB: meta.maxKB } : {}),
  };
}

/** The facts about an image's format that every later step keeps in its own artifact's meta. */
export function carriedFormatMeta(image: ArtifactRef): Record<string, unknown> {
  const format = fittedFormatOf(image);
  return format ? { ...format } : {};
}
