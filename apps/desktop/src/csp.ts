/**
 * The Content-Security-Policy of the editor's page in the desktop app: nothing but the app's
 * own origin. No eval, no inline script, no remote code, no plugins, no framing by others;
 * inline styles are allowed because React Flow positions nodes with style attributes.
 */
export function contentSecurityPolicy(): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-src 'self'",
    "worker-src 'self' blob:",
    "manifest-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Artifacts (images, videos, landing pages) render sandboxed: no script, no same-origin access to the editor. */
export const ARTIFACT_CSP =
  "sandbox; default-src 'none'; img-src data: 'self'; style-src 'unsafe-inline'; media-src data: 'self'; font-src data:";
