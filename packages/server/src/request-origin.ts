import type { IncomingMessage } from 'node:http';

/**
 * Why a request came from a page other than the editor's own origin, or undefined when it did
 * not. Browsers send `Origin` on every cross-origin request and on any same-origin one that is
 * not a GET, and `Sec-Fetch-Site` on every request; clients that are not browsers send neither.
 * A navigation the user made (typing an address, a bookmark) is `Sec-Fetch-Site: none`.
 */
export function crossSiteReason(req: IncomingMessage, hostHeader: string): string | undefined {
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${hostHeader.toLowerCase()}`) {
    return `requests from other web pages are refused (this one came from ${origin.slice(0, 200)})`;
  }
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    // Another port on 127.0.0.1 is "same-site" to a browser: only the very same origin passes.
    return `requests from other web pages are refused (Sec-Fetch-Site: ${String(site).slice(0, 40)})`;
  }
  return undefined;
}
