import { realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { HostError } from '../host-error.ts';

/** A path that would leave the workspace folder: a 403, naming the path as the page sent it. */
export class OutsideWorkspaceError extends HostError {
  constructor(path: string) {
    super(403, `"${path}" is outside the workspace folder`);
    this.name = 'OutsideWorkspaceError';
  }
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && !rel.startsWith(`..${sep}`));
}

/** The deepest existing ancestor's real path, with the rest appended: symlinks resolved. */
async function realpathOfNearest(path: string): Promise<string> {
  let current = path;
  const rest: string[] = [];
  for (;;) {
    try {
      return join(await realpath(current), ...rest.reverse());
    } catch {
      const parent = dirname(current);
      if (parent === current) return path;
      rest.push(current.slice(parent.length + 1));
      current = parent;
    }
  }
}

/**
 * The absolute path of `relativePath` inside `workspace`; throws when it is absolute, climbs
 * out with `..`, or goes out through a symlink.
 */
export async function resolveInWorkspace(workspace: string, relativePath: string): Promise<string> {
  if (isAbsolute(relativePath) || relativePath.includes('\0')) throw new OutsideWorkspaceError(relativePath);
  const root = await realpath(workspace);
  const path = resolve(root, relativePath);
  if (!isInside(root, path)) throw new OutsideWorkspaceError(relativePath);
  if (!isInside(root, await realpathOfNearest(path))) throw new OutsideWorkspaceError(relativePath);
  return path;
}
