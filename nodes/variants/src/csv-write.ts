/** A cell as CSV holds it: text, a number, a boolean, or nothing. */
export type CsvCell = string | number | boolean | null | undefined;

/** Whether a field needs quotes: separators, quotes, line breaks, or edge spaces a reader might trim. */
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

function csvField(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  const text = String(cell);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * RFC 4180 CSV: a header row then one row per record, fields quoted when they must be
 * (quotes doubled), CRLF after every row, UTF-8 without a byte order mark.
 */
export function toCsv(columns: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [columns, ...rows].map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}
