import { isAppUrl } from './app-origin.ts';

/** The only permission a page may get: writing plain text to the clipboard (copying nodes from the menu). */
const GRANTED: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/**
 * Whether a permission request or check is granted: denied by default. Camera, microphone,
 * geolocation, notifications, HID/serial/USB, MIDI, fullscreen by script, external protocols:
 * all refused, and everything for any page off the app's origin.
 */
export function isPermissionGranted(permission: string, requestingUrl: string | undefined): boolean {
  return GRANTED.has(permission) && isAppUrl(requestingUrl);
}
