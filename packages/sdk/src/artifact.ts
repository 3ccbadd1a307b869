export type ArtifactKind = 'image' | 'video' | 'audio' | 'file';

/** A media value as it travels between nodes: a file in the content-addressed store. */
export interface ArtifactRef {
  kind: ArtifactKind;
  /** Absolute path of the stored file. */
  path: string;
  mime: string;
  sha256: string;
  bytes: number;
  width?: number;
  height?: number;
  durationSec?: number;
  /** Who made it, e.g. `offline` for the built-in draft provider. */
  provider?: string;
  /** Small facts a node wants to keep with the file (model, seed, preset). */
  meta?: Record<string, unknown>;
}

export type ArtifactMeta = Omit<ArtifactRef, 'path' | 'sha256' | 'bytes'>;

/** A file being written by a tool (ffmpeg, say) that joins the store only when committed. */
export interface PendingArtifact {
  /** Where the tool should write. */
  path: string;
  commit(meta: ArtifactMeta): Promise<ArtifactRef>;
  discard(): Promise<void>;
}

/** Whether a value is an artifact reference (it carries its own content hash). */
export function isArtifactRef(value: unknown): value is { sha256: string; kind: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { sha256?: unknown }).sha256 === 'string' &&
    typeof (value as { kind?: unknown }).kind === 'string' &&
    typeof (value as { path?: unknown }).path === 'string'
  );
}
