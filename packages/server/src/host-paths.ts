import { readdirSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { sep } from 'node:path';

/** The names at the top of this machine's file system: what an absolute path starts with. */
function rootNames(): string[] {
  try {
    return readdirSync('/').filter((name) => /^[\w.-]+$/.test(name));
  } catch {
    return [];
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A function that takes absolute paths of this machine out of a message sent to a browser:
 * inside the workspace they become relative, the other known folders get a name, and any
 * other absolute path becomes "…". The page needs the words, not the machine's layout.
 */
export function hostPathScrubber(named: Record<string, string | undefined>): (message: string) => string {
  const known = Object.entries({ ...named, home: homedir(), 'temporary folder': tmpdir() })
    .filter((entry): entry is [string, string] => !!entry[1] && entry[1].length > 1)
    .sort((a, b) => b[1].length - a[1].length);
  const roots = rootNames();
  const other = roots.length
    ? new RegExp(
        `(?<![\\w.:/\\\\])(?:/(?:${roots.map(escapeRegExp).join('|')})(?=[/\\s'"\`),;:]|$)|[A-Za-z]:\\\\)[^\\s'"\`),;]*`,
        'g',
      )
    : /(?<![\w.:/\\])[A-Za-z]:\\[^\s'"`),;]*/g;
  return (message: string) => {
    let out = message;
    for (const [label, path] of known) {
      out = out.split(`${path}${sep}`).join(label === 'workspace' ? '' : `<${label}>${sep}`);
      out = out.replace(new RegExp(`${escapeRegExp(path)}(?![\\w.-])`, 'g'), `<${label}>`);
    }
    return out.replace(other, '…');
  };
}
