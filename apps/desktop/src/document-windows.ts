import type { DocumentState } from './channels.ts';
import { documentFromTitle } from './close-prompt.ts';

/** A window's document as main knows it. */
export interface WindowDocument extends DocumentState {
  /** The editor reported on the document channel; until then the title is read instead. */
  hasReported: boolean;
}

/** Where a file should open: the window that already has it, a fresh window to reuse, or a new one. */
export type Placement = { kind: 'focus'; windowId: number } | { kind: 'reuse'; windowId: number } | { kind: 'new' };

/**
 * Which document each window holds (one window per open graph), and whether it has unsaved
 * changes: what the close prompt, the window title and "open this file" decide from.
 */
export class DocumentWindows {
  private readonly documents = new Map<number, WindowDocument>();
  private readonly waiters = new Map<number, Set<() => void>>();

  add(windowId: number, path: string | null): void {
    this.documents.set(windowId, { path, title: '', isDirty: false, hasReported: false });
  }

  remove(windowId: number): void {
    this.documents.delete(windowId);
    this.notify(windowId);
    this.waiters.delete(windowId);
  }

  get(windowId: number): WindowDocument | undefined {
    return this.documents.get(windowId);
  }

  /** The editor's own report (DOCUMENT_STATE_CHANNEL). */
  report(windowId: number, state: DocumentState): void {
    if (!this.documents.has(windowId)) return;
    this.documents.set(windowId, { ...state, hasReported: true });
    this.notify(windowId);
  }

  /** The page's title changed: the fallback for an editor that does not report. */
  titleChanged(windowId: number, title: string): void {
    const current = this.documents.get(windowId);
    if (!current || current.hasReported) return;
    const { name, isDirty } = documentFromTitle(title);
    this.documents.set(windowId, { ...current, title: name, isDirty });
    this.notify(windowId);
  }

  isDirty(windowId: number): boolean {
    return this.documents.get(windowId)?.isDirty ?? false;
  }

  /** Where to open `path`: focus the window that has it, reuse the focused window while it is untitled and unchanged, else a new window. */
  placeFor(path: string, focusedId: number | undefined): Placement {
    for (const [windowId, document] of this.documents) {
      if (document.path === path) return { kind: 'focus', windowId };
    }
    const focused = focusedId === undefined ? undefined : this.documents.get(focusedId);
    if (focusedId !== undefined && focused && focused.path === null && !focused.isDirty)
      return { kind: 'reuse', windowId: focusedId };
    return { kind: 'new' };
  }

  /** Resolves true once the window's document is saved (clean), false when it closes or the time runs out. */
  whenClean(windowId: number, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const check = () => {
        const document = this.documents.get(windowId);
        if (document?.isDirty) return false;
        clearTimeout(timer);
        this.waiters.get(windowId)?.delete(check);
        resolve(!!document);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters.get(windowId)?.delete(check);
        resolve(false);
      }, timeoutMs);
      if (check()) return;
      let set = this.waiters.get(windowId);
      if (!set) {
        set = new Set();
        this.waiters.set(windowId, set);
      }
      set.add(check);
    });
  }

  private notify(windowId: number): void {
    for (const check of [...(this.waiters.get(windowId) ?? [])]) check();
  }
}
