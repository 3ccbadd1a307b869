// The editor's windows: where each opens (its last place, cascaded), what its title bar says of
// its document, which file goes to which window, and how unsaved changes hold back a close or a
// reload. The decisions live in window-state.ts, document-windows.ts and close-prompt.ts.
import { isAbsolute, join } from 'node:path';
import type { WorkspacePaths } from '@adloom/host/service';
import { app, BrowserWindow, dialog, screen } from 'electron';
import { editorUrl } from './app-origin.ts';
import { MENU_COMMAND_CHANNEL } from './channel-names.ts';
import type { MenuCommand } from './channels.ts';
import { closeChoice, saveThroughEditor, settleUnsavedChanges, unsavedChangesPrompt } from './close-prompt.ts';
import type { DocumentWindows } from './document-windows.ts';
import { isGraphFile, withGraphExtension } from './launch-files.ts';
import { type DesktopAction, desktopActionForKey } from './menu.ts';
import type { AssistEventRelay, RunEventRelay } from './run-event-relay.ts';
import { secureWebPreferences } from './web-preferences.ts';
import { cascade, type DisplayArea, type WindowStateStore } from './window-state.ts';

/** How long "Save" in the close prompt waits for the editor to finish saving. */
const SAVE_WAIT_MS = 30_000;

export interface AppWindowsOptions {
  workspace: string;
  paths: WorkspacePaths;
  documents: DocumentWindows;
  windowStates: WindowStateStore;
  relay: RunEventRelay;
  assistRelay: AssistEventRelay;
  icon: string;
  preload: string;
  /** A desktop action a window's keys asked for (new window, open, save as…). */
  onAction: (action: DesktopAction, window: BrowserWindow) => void;
}

export class AppWindows {
  /** Windows whose unsaved changes the user chose to drop (or saved): they may close or reload. */
  private readonly mayUnload = new Set<number>();

  private readonly options: AppWindowsOptions;

  constructor(options: AppWindowsOptions) {
    this.options = options;
  }

  private displays(): DisplayArea[] {
    const primary = screen.getPrimaryDisplay();
    return [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)].map((d) => ({
      id: d.id,
      workArea: d.workArea,
    }));
  }

  private saveWindowState(window: BrowserWindow): void {
    if (window.isDestroyed()) return;
    void this.options.windowStates
      .save(
        { bounds: window.getNormalBounds(), isMaximized: window.isMaximized(), isFullScreen: window.isFullScreen() },
        this.displays(),
      )
      .catch(() => undefined);
  }

  /** Sends a menu command to a window's editor. */
  sendCommand(window: BrowserWindow | null | undefined, command: MenuCommand): void {
    if (window && !window.isDestroyed()) window.webContents.send(MENU_COMMAND_CHANNEL, command);
  }

  /** The window's title bar (macOS): edited or not, and the file it shows. */
  showDocumentState(window: BrowserWindow): void {
    const document = this.options.documents.get(window.id);
    if (!document) return;
    if (process.platform === 'darwin') {
      window.setDocumentEdited(document.isDirty);
      if (document.path)
        window.setRepresentedFilename(isAbsolute(document.path) ? document.path : join(this.options.workspace, document.path));
    }
  }

  /** Asks where to save the window's graph; the path the editor may then write, or null. */
  async chooseSavePath(window: BrowserWindow): Promise<string | null> {
    const name =
      this.options.documents
        .get(window.id)
        ?.title.replace(/[\\/:*?"<>|]/g, '-')
        .trim() || 'Untitled';
    const result = await dialog.showSaveDialog(window, {
      title: 'Save graph as',
      defaultPath: join(this.options.workspace, `${name}.adloom.json`),
      filters: [{ name: 'Adloom graph', extensions: ['adloom.json'] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    if (result.canceled || !result.filePath) return null;
    return this.options.paths.grant(withGraphExtension(result.filePath));
  }

  private saveSteps(window: BrowserWindow) {
    return {
      chooseSavePath: () => this.chooseSavePath(window),
      send: (command: MenuCommand) => this.sendCommand(window, command),
      whenSaved: () => this.options.documents.whenClean(window.id, SAVE_WAIT_MS),
    };
  }

  private async askToClose(window: BrowserWindow): Promise<void> {
    const document = this.options.documents.get(window.id) ?? { path: null, title: '' };
    const mayClose = await settleUnsavedChanges(document, {
      ...this.saveSteps(window),
      ask: async (name) => closeChoice((await dialog.showMessageBox(window, unsavedChangesPrompt(name))).response),
    });
    if (!mayClose) return;
    this.mayUnload.add(window.id);
    window.close();
  }

  /** A new editor window, on a file or empty, where the last one was (cascaded past the others). */
  async create(options: { open?: string; isNew?: boolean } = {}): Promise<BrowserWindow> {
    const { documents, relay, assistRelay } = this.options;
    const mayUnload = this.mayUnload;
    const state = await this.options.windowStates.load(this.displays());
    const others = BrowserWindow.getAllWindows().map((w) => w.getBounds());
    const bounds = cascade(state.bounds, others, this.displays());
    const window = new BrowserWindow({
      ...bounds,
      minWidth: 720,
      minHeight: 480,
      show: false,
      title: 'Adloom',
      icon: this.options.icon,
      backgroundColor: '#1b1d22',
      webPreferences: secureWebPreferences(this.options.preload),
    });
    const windowId = window.id;
    const contentsId = window.webContents.id;
    documents.add(windowId, options.open ?? null);

    window.once('ready-to-show', () => {
      if (state.isMaximized) window.maximize();
      if (state.isFullScreen) window.setFullScreen(true);
      window.show();
    });
    window.on('page-title-updated', (_event, title) => {
      documents.titleChanged(windowId, title);
      this.showDocumentState(window);
    });
    let moveTimer: ReturnType<typeof setTimeout> | undefined;
    const rememberPlace = () => {
      clearTimeout(moveTimer);
      moveTimer = setTimeout(() => this.saveWindowState(window), 500);
    };
    window.on('resize', rememberPlace);
    window.on('move', rememberPlace);
    window.webContents.on('before-input-event', (event, input) => {
      const action = desktopActionForKey(input, process.platform);
      if (!action) return;
      event.preventDefault();
      this.options.onAction(action, window);
    });
    // The editor's beforeunload holds back a reload or close while it has unsaved changes.
    window.webContents.on('will-prevent-unload', (event) => {
      if (mayUnload.has(windowId)) {
        event.preventDefault();
        return;
      }
      const response = dialog.showMessageBoxSync(window, unsavedChangesPrompt(documents.get(windowId)?.title ?? ''));
      const choice = closeChoice(response);
      if (choice === 'discard') {
        mayUnload.add(windowId);
        event.preventDefault();
      } else if (choice === 'save') {
        void saveThroughEditor(documents.get(windowId) ?? { path: null }, this.saveSteps(window)).then((saved) => {
          if (!saved) return;
          mayUnload.add(windowId);
          window.close();
        });
      }
    });
    window.webContents.on('did-navigate', () => {
      // A new page (another file in this window): the old page's run subscriptions go with it.
      mayUnload.delete(windowId);
      relay.dropTarget(contentsId);
      assistRelay.dropTarget(contentsId);
    });
    window.on('close', (event) => {
      clearTimeout(moveTimer);
      if (!mayUnload.has(windowId) && documents.isDirty(windowId)) {
        event.preventDefault();
        void this.askToClose(window);
        return;
      }
      this.saveWindowState(window);
    });
    window.on('closed', () => {
      documents.remove(windowId);
      relay.dropTarget(contentsId);
      assistRelay.dropTarget(contentsId);
      mayUnload.delete(windowId);
    });
    await window.loadURL(editorUrl(options));
    return window;
  }

  /** Opens a graph file: the window that has it comes forward, an empty one takes it, or a new one opens. */
  async openGraph(absolute: string): Promise<void> {
    if (!isGraphFile(absolute)) {
      dialog.showErrorBox('Not an Adloom graph', `${absolute} is not a graph file: Adloom opens files ending in .adloom.json.`);
      return;
    }
    const path = this.options.paths.grant(absolute);
    app.addRecentDocument(absolute);
    const focused = BrowserWindow.getFocusedWindow();
    const placement = this.options.documents.placeFor(path, focused?.id);
    if (placement.kind === 'focus') {
      const window = BrowserWindow.fromId(placement.windowId);
      if (window?.isMinimized()) window.restore();
      window?.focus();
    } else if (placement.kind === 'reuse' && focused) {
      this.options.documents.add(focused.id, path);
      await focused.loadURL(editorUrl({ open: path }));
    } else {
      await this.create({ open: path });
    }
  }
}
