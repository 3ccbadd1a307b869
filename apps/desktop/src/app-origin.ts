/**
 * The desktop app's own origin: the editor and its artifacts are served on a privileged custom
 * scheme (`app://adloom/`), never from file:// or the network, so an origin check can tell the
 * app's pages from anything else.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'adloom';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Whether `url` is on the app's origin (scheme and host exact; no credentials, no port). */
export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/** The editor's page, optionally opening a file (the editor reads `?open=`). */
export function editorUrl(options: { open?: string; isNew?: boolean } = {}): string {
  const url = new URL(`${APP_ORIGIN}/index.html`);
  if (options.open) url.searchParams.set('open', options.open);
  if (options.isNew) url.searchParams.set('new', '1');
  return url.toString();
}
