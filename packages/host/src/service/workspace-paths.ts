import { existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { OutsideWorkspaceError, resolveInWorkspace } from './workspace-path.ts';

/** Where a recovery journal goes: a folder and a path inside it (as graph-files.ts takes them). */
export interface RecoveryLocation {
  root: string;
  path: string;
}

/**
 * [host.P1] How a host names files to the editor. Inside the workspace: relative paths.
 * `examples/…` opens the bundled examples (unless the workspace has that file). Outside the
 * workspace: the absolute path, but only for files the user chose in a native dialog, passed
 * on the command line or opened from the file manager; the desktop grants those, and any other
 * absolute path is refused (403). `adloom serve` grants none: a path from a page is data.
 */
export class WorkspacePaths {
  readonly workspace: string;
  readonly examplesDir: string | undefined;
  private readonly granted = new Set<string>();

  /** `workspace` must be a real path (symlinks resolved), as `resolveInWorkspace` compares against one. */
  constructor(workspace: string, examplesDir?: string) {
    this.workspace = workspace;
    this.examplesDir = examplesDir;
  }

  /** The name the editor uses for an absolute file: relative when inside the workspace. */
  hostPathFor(absolute: string): string {
    const rel = relative(this.workspace, absolute);
    if (rel && !rel.startsWith('..') && !isAbsolute(rel)) return rel.split(sep).join('/');
    return resolve(absolute);
  }

  /** Lets the editor open and save this file (the user chose it); returns its host path. */
  grant(absolute: string): string {
    const path = this.hostPathFor(absolute);
    if (isAbsolute(path)) this.granted.add(resolve(absolute));
    return path;
  }

  isGranted(absolute: string): boolean {
    return this.granted.has(resolve(absolute));
  }

  /** A path to save or run from: a granted absolute file, or a path inside the workspace. */
  async resolve(path: string): Promise<string> {
    if (isAbsolute(path)) {
      if (this.isGranted(path)) return resolve(path);
      throw new OutsideWorkspaceError(path);
    }
    return resolveInWorkspace(this.workspace, path);
  }

  /** A path to open: like `resolve`, and `examples/…` reads the bundled examples unless the workspace has that file. */
  async resolveForOpen(path: string): Promise<string> {
    if (path.startsWith('examples/') && this.examplesDir) {
      const inWorkspace = await resolveInWorkspace(this.workspace, path).catch(() => undefined);
      if (inWorkspace && existsSync(inWorkspace)) return inWorkspace;
      return resolveInWorkspace(this.examplesDir, path.slice('examples/'.length));
    }
    return this.resolve(path);
  }

  /** Where a file's recovery journal lives: beside a granted outside file, else beside the file in the workspace. */
  recoveryLocation(path: string): RecoveryLocation {
    if (isAbsolute(path)) {
      if (!this.isGranted(path)) throw new OutsideWorkspaceError(path);
      return { root: dirname(resolve(path)), path: basename(path) };
    }
    return { root: this.workspace, path };
  }
}
