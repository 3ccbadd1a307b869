import { APP_ORIGIN } from './app-origin.ts';

/** The fields of an artifact reference an URL needs. */
export interface ArtifactLocation {
  path: string;
  mime: string;
  sha256: string;
}

const EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/avif': 'avif',
  'image/svg+xml': 'svg',
  'video/mp4': 'mp4',
  'video/webm': 'webm',
  'audio/mpeg': 'mp3',
  'audio/wav': 'wav',
  'audio/aac': 'aac',
  'text/html': 'html',
  'text/plain': 'txt',
  'application/json': 'json',
  'application/zip': 'zip',
};

/** The stored file's extension, else one for its mime type (as the browser host's artifact route expects). */
function artifactExtension(artifact: Pick<ArtifactLocation, 'path' | 'mime'>): string {
  const name = artifact.path.split(/[\\/]/).pop() ?? '';
  const dot = name.lastIndexOf('.');
  if (dot > 0 && dot < name.length - 1) return name.slice(dot + 1).toLowerCase();
  return EXTENSIONS[artifact.mime] ?? 'bin';
}

/** The `app://adloom/artifacts/<sha256>.<ext>` URL the protocol handler serves an artifact at. */
export function artifactUrl(artifact: ArtifactLocation): string {
  return `${APP_ORIGIN}/artifacts/${encodeURIComponent(artifact.sha256)}.${artifactExtension(artifact)}`;
}
