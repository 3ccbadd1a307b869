import { realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { NodeError } from '@adloom/sdk';

/** Whether `path` is `root` or inside it; both already resolved. */
function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The path with symbolic links resolved, as far up as it exists: a link inside a root may point outside. */
async function realPathOf(path: string): Promise<string> {
  let head = path;
  let tail = '';
  for (;;) {
    try {
      const real = await realpath(head);
      return tail ? resolve(real, tail) : real;
    } catch {
      const parent = dirname(head);
      if (parent === head) return path;
      tail = tail ? join(basename(head), tail) : basename(head);
      head = parent;
    }
  }
}

/**
 * [engine.F1] The files a run may read. A run started by a host reads only inside the workspace and
 * the folders its user added; a graph file is data from anyone and must not name `~/.ssh`.
 * Without roots (the command line), the user's own paths are read as typed.
 */
export class FileAccess {
  private readonly roots: Promise<string[]> | undefined;

  constructor(roots: readonly string[] | undefined) {
    this.roots = roots ? Promise.all(roots.map((root) => realPathOf(resolve(root)))) : undefined;
  }

  /** `path` when the run may read it; a NodeError naming the param or port otherwise. */
  async check(path: string, place: { param?: string; port?: string }): Promise<string> {
    if (!this.roots) return path;
    const real = await realPathOf(resolve(path));
    if ((await this.roots).some((root) => isInside(root, real))) return path;
    throw new NodeError(
      `${path} is outside the folders this run may read: keep the file in the workspace, or add its folder in the settings`,
      place,
    );
  }
}
