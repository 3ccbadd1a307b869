// The names of the one-way channels, apart from their schemas so the preload bundle stays free
// of zod: it imports these constants and only the types of channels.ts.

/** Renderer → main, no answer: the document's path, title and dirty state. */
export const DOCUMENT_STATE_CHANNEL = 'document:state';
/** Main → renderer: one event of a run, for one subscription. */
export const RUN_EVENT_CHANNEL = 'run:event';
/** Main → renderer: one event of an assistant turn, for one subscription. */
export const ASSIST_EVENT_CHANNEL = 'assist:event';
/** Main → renderer: a command chosen in the native menu. */
export const MENU_COMMAND_CHANNEL = 'menu:command';
