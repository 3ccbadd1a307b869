import { randomBytes, timingSafeEqual } from 'node:crypto';

/** The header the editor page sends its session secret in. */
export const SESSION_HEADER = 'x-adloom-session';
/** The `<meta name>` that carries the secret into the served editor page. */
export const SESSION_META = 'adloom-session';

/** A new secret for one server process: 192 random bits. */
export function newSessionSecret(): string {
  return randomBytes(24).toString('base64url');
}

/** Whether `given` is the secret, compared in constant time. */
export function isSessionSecret(given: string | undefined, secret: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The editor's index.html with the secret in a `<meta>` tag. Only a page of this origin can
 * read it: another web page gets an opaque answer, and a rebound name is refused at `Host`.
 */
export function withSessionMeta(html: string, secret: string): string {
  const meta = `<meta name="${SESSION_META}" content="${secret}" />`;
  const head = /<head[^>]*>/i.exec(html);
  if (!head) return `${meta}\n${html}`;
  const at = head.index + head[0].length;
  return `${html.slice(0, at)}\n    ${meta}${html.slice(at)}`;
}
