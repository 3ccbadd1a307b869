import { isAppUrl } from './app-origin.ts';

/** What main knows of the frame an IPC message came from (Electron's `event.senderFrame`). */
export interface SenderFrame {
  url: string;
  /** A subframe has a parent; only the editor's top frame may talk to main. */
  parent: unknown;
}

/**
 * Whether an IPC message comes from the editor itself: the top frame of a page on the app's
 * origin. A frame gone (navigated or destroyed: Electron gives null), a subframe (a landing-page
 * preview), or any other origin is refused.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  if (!frame) return false;
  if (frame.parent) return false;
  return isAppUrl(frame.url);
}
