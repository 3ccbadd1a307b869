import { serializeGraph } from '@adloom/graph';
import { type Host, HostError, type OpenedFile } from '@adloom/host';
import { recoveryKey } from '../document/document-store.ts';
import { isDirty } from '../document/history.ts';
import type { LeaveFor } from '../view/view-store.ts';
import type { Editor } from './editor.ts';
import { errorText, readLocal, writeLocal } from './local-store.ts';

const LAST_OPEN = 'adloom.lastOpen';
const RECENT = 'adloom.recent';
const AUTOSAVE_MS = 1000;

interface LastOpen {
  path: string | null;
  untitledId: string;
}

/** `?open=path` (a link, or a desktop window for a file), else the document open last time. */
export function pathToReopen(): string | null {
  const requested = typeof location === 'undefined' ? null : new URLSearchParams(location.search).get('open');
  return requested ?? readLocal<LastOpen>(LAST_OPEN)?.path ?? null;
}

/**
 * The document as a file: opening (asking first over unsaved changes), saving with the
 * conflict check, recent files, and the recovery journal that autosave keeps for a crash.
 */
export class FileSession {
  private readonly editor: Editor;
  private autosaveTimer: ReturnType<typeof setTimeout> | null = null;
  /** The journal entry this document last wrote, so a clean state can remove it. */
  private journalKey: string | null = null;

  constructor(editor: Editor) {
    this.editor = editor;
  }

  newGraph(force = false): void {
    if (!force && !this.mayLeave({ action: 'new' })) return;
    this.editor.doc.getState().newGraph();
    this.afterLoad();
  }

  /**
   * Whether the document can be replaced now: with unsaved changes it asks first (Save, Don't
   * save, Cancel) and carries on with `next` from that dialog.
   */
  private mayLeave(next: LeaveFor): boolean {
    if (!isDirty(this.editor.undoHistory.getState())) return true;
    this.editor.view.getState().openDialog({ kind: 'unsaved', next });
    return false;
  }

  /** Does what the unsaved-changes dialog was asked before; after Save only when the save went through. */
  async leaveFor(next: LeaveFor, save: boolean): Promise<void> {
    this.editor.view.getState().closeDialog();
    if (save) {
      if (!this.editor.doc.getState().path) {
        this.editor.view.getState().openDialog({ kind: 'saveAs' });
        return;
      }
      if (!(await this.save())) return;
    } else {
      // The changes are given up: the journal must not offer them back on the next open.
      await this.discardJournal(recoveryKey(this.editor.doc.getState()));
    }
    if (next.action === 'open') await this.open(next.path, true);
    else if (next.action === 'template') await this.openTemplate(next.path, true);
    else this.newGraph(true);
  }

  /**
   * Opens a workspace graph (`file`: its text, already asked for); offers back unsaved work
   * from the recovery journal.
   */
  async open(path: string, force = false, file?: Promise<OpenedFile>): Promise<boolean> {
    if (!force && !this.mayLeave({ action: 'open', path })) return false;
    let opened: OpenedFile;
    try {
      opened = await (file ?? this.editor.host.openFile(path));
    } catch (error) {
      this.editor.fail(`Could not open ${path}`, error);
      return false;
    }
    const result = this.editor.doc.getState().load({ path: opened.path, text: opened.text, modifiedAt: opened.modifiedAt });
    if (!result.ok) {
      this.editor.view
        .getState()
        .toast(`${path} is not a graph file this editor can read: ${result.diagnostics[0]?.message ?? ''}`, 'error');
      return false;
    }
    this.afterLoad();
    this.addRecent(opened.path);
    await this.offerRecovery(opened.path, opened.text, opened.path);
    return true;
  }

  /** Opens an example as a template: an untitled graph that starts from it. */
  async openTemplate(path: string, force = false): Promise<void> {
    if (!force && !this.mayLeave({ action: 'template', path })) return;
    try {
      const opened = await this.editor.host.openFile(path);
      const result = this.editor.doc.getState().load({ path: null, text: opened.text, templateOf: opened.path });
      if (!result.ok) throw new Error(result.diagnostics[0]?.message ?? 'not a graph file');
      this.afterLoad();
    } catch (error) {
      this.editor.fail(`Could not open the example ${path}`, error);
    }
  }

  private afterLoad(): void {
    this.journalKey = null;
    this.editor.documentLoaded();
  }

  async save(): Promise<boolean> {
    const state = this.editor.doc.getState();
    if (!state.path) {
      this.editor.view.getState().openDialog({ kind: 'saveAs' });
      return false;
    }
    return this.saveTo(state.path, false);
  }

  async saveAs(path: string): Promise<boolean> {
    const clean = path.trim().replace(/^\/+/, '');
    const full = clean.endsWith('.adloom.json') ? clean : `${clean.replace(/\.json$/, '')}.adloom.json`;
    return this.saveTo(full, true);
  }

  /** Writes the document; a file changed on disk since it was opened asks before overwriting. */
  async saveTo(path: string, isNewPath: boolean, force = false): Promise<boolean> {
    const before = this.editor.doc.getState();
    const previousKey = recoveryKey(before);
    // The saved view is where the canvas is now, in files that keep one.
    const viewport = this.editor.reactFlow?.getViewport();
    if (viewport && before.graph.ui?.viewport) before.setViewport(roundViewport(viewport));
    // A graph still called Untitled takes the name it is saved under, so the title says what it is.
    if (isNewPath && (!before.graph.name || before.graph.name === 'Untitled')) {
      const base = (path.split('/').pop() ?? path).replace(/\.adloom\.json$/, '').replace(/\.json$/, '');
      if (base) before.setName(base);
    }
    const state = this.editor.doc.getState();
    const text = serializeGraph(state.graph);
    // A save marks: edits made while it is on its way are steps of their own, and keep the document dirty.
    const position = this.editor.undoHistory.getState().mark();
    try {
      const saved = await this.editor.host.saveFile(path, text, {
        ...(!isNewPath && state.modifiedAt && !force ? { expectedModifiedAt: state.modifiedAt } : {}),
        ...(force ? { force: true } : {}),
      });
      // The history first: the document's subscribers (the host's dirty marker) then read both up to date.
      this.editor.undoHistory.getState().markSaved(position);
      this.editor.doc.getState().markSaved(saved.path, saved.modifiedAt);
      this.addRecent(saved.path);
      this.editor.toast(`Saved ${saved.path}`, 'success');
      await this.discardJournal(previousKey);
      if (previousKey !== saved.path) await this.discardJournal(saved.path);
      await this.editor.assistant.documentSaved(previousKey);
      return true;
    } catch (error) {
      if (error instanceof HostError && error.status === 409) {
        this.editor.view.getState().openDialog({ kind: 'conflict', path });
        return false;
      }
      this.editor.fail(`Could not save ${path}`, error);
      return false;
    }
  }

  private addRecent(path: string): void {
    const recent = [path, ...(readLocal<string[]>(RECENT) ?? []).filter((p) => p !== path)].slice(0, 10);
    writeLocal(RECENT, recent);
    const settings = this.editor.settings;
    if (settings) {
      const recentFiles = [path, ...settings.recentFiles.filter((p) => p !== path)].slice(0, 20);
      this.editor.settings = { ...settings, recentFiles };
      this.editor.host.saveSettings(this.editor.settings).then(
        (next) => {
          this.editor.settings = next;
        },
        () => undefined,
      );
    }
  }

  recentFiles(): string[] {
    const local = readLocal<string[]>(RECENT) ?? [];
    const remote = this.editor.settings?.recentFiles ?? [];
    return [...new Set([...local, ...remote])].slice(0, 10);
  }

  // ── Recovery journal ───────────────────────────────────────────────────────

  rememberLastOpen(): void {
    const { path, untitledId } = this.editor.doc.getState();
    writeLocal(LAST_OPEN, { path, untitledId } satisfies LastOpen);
  }

  /** Opens `path` (its `file` asked for early), or the untitled graph worked on last, or a new one. */
  async reopenLast(path: string | null, file?: Promise<OpenedFile> | null): Promise<void> {
    if (path && (await this.open(path, true, file ?? undefined))) return;
    const last = readLocal<LastOpen>(LAST_OPEN);
    if (!last?.path && last?.untitledId) {
      this.editor.doc.getState().newGraph();
      this.editor.doc.setState({ untitledId: last.untitledId });
      this.afterLoad();
      await this.offerRecovery(`untitled-${last.untitledId}`, null, null);
      return;
    }
    this.newGraph(true);
  }

  /** If the journal holds text for `key` that differs from the file, asks whether to restore it. */
  private async offerRecovery(key: string, fileText: string | null, path: string | null): Promise<void> {
    let entry: Awaited<ReturnType<Host['readRecovery']>>;
    try {
      entry = await this.editor.host.readRecovery(key);
    } catch {
      return;
    }
    if (!entry || entry.text === fileText) return;
    this.editor.view.getState().openDialog({ kind: 'recovery', key, text: entry.text, savedAt: entry.savedAt, fileText, path });
  }

  /** Puts the journal's text in place of the document, as one undoable step. */
  restoreRecovery(text: string): void {
    const recovered = this.editor.doc.getState().replaceGraph(text);
    if (!recovered.ok) this.editor.view.getState().toast(`The unsaved changes could not be read: ${recovered.reason}`, 'error');
    this.editor.view.getState().closeDialog();
  }

  async discardRecovery(key: string): Promise<void> {
    this.editor.view.getState().closeDialog();
    await this.discardJournal(key);
  }

  private async discardJournal(key: string): Promise<void> {
    if (this.journalKey === key) this.journalKey = null;
    try {
      await this.editor.host.discardRecovery(key);
    } catch {
      // nothing to discard, or the host is away: the next autosave settles it
    }
  }

  scheduleAutosave(): void {
    if (this.autosaveTimer) clearTimeout(this.autosaveTimer);
    this.autosaveTimer = setTimeout(() => {
      this.autosaveTimer = null;
      void this.flushAutosave();
    }, AUTOSAVE_MS);
  }

  /** Writes the document to the recovery journal now, if it has unsaved changes. */
  async flushAutosave(): Promise<void> {
    const state = this.editor.doc.getState();
    const key = recoveryKey(state);
    if (!isDirty(this.editor.undoHistory.getState())) {
      if (this.journalKey === key) await this.discardJournal(key);
      return;
    }
    try {
      await this.editor.host.writeRecovery(key, serializeGraph(state.graph));
      this.journalKey = key;
      if (this.editor.view.getState().hostStatus === 'unreachable')
        this.editor.view.setState({ hostStatus: 'ready', hostError: null });
    } catch (error) {
      if (error instanceof HostError && error.status === 0) {
        this.editor.view.setState({ hostStatus: 'unreachable', hostError: errorText(error) });
      }
    }
  }
}

function roundViewport(viewport: { x: number; y: number; zoom: number }) {
  return { x: Math.round(viewport.x), y: Math.round(viewport.y), zoom: Math.round(viewport.zoom * 1000) / 1000 };
}
