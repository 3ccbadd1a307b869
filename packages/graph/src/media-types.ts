/**
 * Media types of artifacts and their file extensions: the store names files with them, and
 * hosts build artifact URLs with them. Browser-safe, so the editor and the engine share one map.
 */
const EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/avif': 'avif',
  'image/tiff': 'tif',
  'image/svg+xml': 'svg',
  'video/mp4': 'mp4',
  'video/webm': 'webm',
  'audio/mpeg': 'mp3',
  'audio/wav': 'wav',
  'audio/aac': 'aac',
  'text/html': 'html',
  'text/csv': 'csv',
  'text/plain': 'txt',
  'application/json': 'json',
  'application/zip': 'zip',
};

/** `png` for `image/png`; `bin` for a type the map does not know. */
export function extensionForMime(mime: string): string {
  return EXTENSIONS[mime] ?? 'bin';
}

/** The extension an artifact's stored file has, else the one for its mime type. */
export function artifactExtension(artifact: { path: string; mime: string }): string {
  const name = artifact.path.split(/[\\/]/).pop() ?? '';
  const dot = name.lastIndexOf('.');
  if (dot > 0 && dot < name.length - 1) return name.slice(dot + 1).toLowerCase();
  return extensionForMime(artifact.mime);
}

/** Image formats as sharp names them (its `metadata().format`), by media type. */
const MIME_BY_IMAGE_FORMAT: Record<string, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
  // sharp says heif for HEIC and AVIF alike; AVIF is what it writes.
  heif: 'image/avif',
  tiff: 'image/tiff',
  svg: 'image/svg+xml',
};

/** `image/jpeg` for sharp's `jpeg`; `application/octet-stream` for a format it does not name. */
export function mimeForImageFormat(format: string | undefined): string {
  return MIME_BY_IMAGE_FORMAT[format ?? ''] ?? 'application/octet-stream';
}
