/** Where a number comes from: the page it was read on and when, so a reader can check it again. */
export interface Source {
  /** The platform's page; absent for a house default, which `note` then explains. */
  url?: string;
  /** The day the page was read, `YYYY-MM-DD`. */
  read: string;
  /** Which reading was chosen where sources disagree, or why a house default stands in. */
  note?: string;
}

/** The day the numbers in this package were collected from the platforms' pages. */
export const READ_ON = '2026-12-01';

/** A source read on the collection day. */
export function sourced(url: string, note?: string): Source {
  return note ? { url, read: READ_ON, note } : { url, read: READ_ON };
}

/** A number the platform does not publish, chosen by the house; the note says why. */
export function houseDefault(note: string): Source {
  return { read: READ_ON, note: `house default: ${note}` };
}

/** How a source reads in a report line: its page, else its note. */
export function describeSource(source: Source): string {
  return source.url ? `${source.url} (read ${source.read})` : (source.note ?? 'house default');
}
