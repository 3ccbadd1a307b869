import { isAbsolute, resolve } from 'node:path';

export const GRAPH_EXTENSION = '.adloom.json';

/** Whether a path names an Adloom graph file. */
export function isGraphFile(path: string): boolean {
  return path.toLowerCase().endsWith(GRAPH_EXTENSION);
}

/**
 * The graph files a command line names (the app's own argv, or a second instance's), as
 * absolute paths: a file manager or `adloom-desktop a.adloom.json` passes them; flags and the
 * executable and app paths are not graph files, so they drop out.
 */
export function graphFilesFromArgv(argv: readonly string[], workingDirectory: string): string[] {
  const files: string[] = [];
  for (const arg of argv.slice(1)) {
    if (arg.startsWith('-') || !isGraphFile(arg)) continue;
    const absolute = isAbsolute(arg) ? resolve(arg) : resolve(workingDirectory, arg);
    if (!files.includes(absolute)) files.push(absolute);
  }
  return files;
}

/** A save dialog's answer as a graph file name: `.adloom.json` added when the user left it off. */
export function withGraphExtension(path: string): string {
  if (isGraphFile(path)) return path;
  return `${path.replace(/\.json$/i, '')}${GRAPH_EXTENSION}`;
}
