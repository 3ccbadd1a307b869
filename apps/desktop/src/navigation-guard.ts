import { isAppUrl } from './app-origin.ts';

/** Sites a link in the app may open in the system browser; every other URL stays closed. */
export const EXTERNAL_ALLOW_LIST: readonly string[] = [
  'github.com',
  'platform.openai.com',
  'ollama.com',
  'lmstudio.ai',
  'ffmpeg.org',
  'electronjs.org',
];

/** `will-navigate` / `will-frame-navigate`: a page may only move within the app's origin. */
export function canNavigate(url: string): boolean {
  return isAppUrl(url);
}

/**
 * The URL to hand to `shell.openExternal`, or null: only `https:` links to an allow-listed host
 * (or a subdomain of one), without credentials.
 */
export function externalUrl(url: string, allowList: readonly string[] = EXTERNAL_ALLOW_LIST): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password) return null;
  const host = parsed.hostname.toLowerCase();
  const isAllowed = allowList.some((allowed) => host === allowed || host.endsWith(`.${allowed}`));
  return isAllowed ? parsed.toString() : null;
}

/** What `setWindowOpenHandler` and `will-navigate` decide for a URL: never a new window. */
export interface NavigationDecision {
  /** Always 'deny': the app opens no window of its own for a page. */
  action: 'deny';
  /** Set when the URL goes to the system browser instead. */
  openExternal?: string;
}

/** A page asked for a new window (`window.open`, `target=_blank`): denied; allow-listed https links go to the browser. */
export function windowOpenDecision(url: string, allowList?: readonly string[]): NavigationDecision {
  const external = externalUrl(url, allowList);
  return external ? { action: 'deny', openExternal: external } : { action: 'deny' };
}

/** A page tried to navigate off the app: stopped; allow-listed https links go to the browser. */
export function navigationDecision(url: string, allowList?: readonly string[]): NavigationDecision | { action: 'allow' } {
  if (canNavigate(url)) return { action: 'allow' };
  return windowOpenDecision(url, allowList);
}
