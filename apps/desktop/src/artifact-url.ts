// The zod-free entry: this module reaches the preload bundle, which must stay small.
import { artifactExtension } from '@adloom/graph/media-types';
import { APP_ORIGIN } from './app-origin.ts';

/** The fields of an artifact reference an URL needs. */
export interface ArtifactLocation {
  path: string;
  mime: string;
  sha256: string;
}

/** The `app://adloom/artifacts/<sha256>.<ext>` URL the protocol handler serves an artifact at. */
export function artifactUrl(artifact: ArtifactLocation): string {
  return `${APP_ORIGIN}/artifacts/${encodeURIComponent(artifact.sha256)}.${artifactExtension(artifact)}`;
}
