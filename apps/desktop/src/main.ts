// The Electron main process: wiring only. Every decision lives in a module tested under Node
// (channels, ipc-router, desktop-host, engine-protocol, app-protocol, navigation-guard, csp,
// permission-policy, secret-store, window-state, menu, close-prompt, document-windows…); this
// file hands them Electron's objects.
import { mkdir, realpath } from 'node:fs/promises';
import { basename, isAbsolute, join } from 'node:path';
import { SettingsFile, WorkspacePaths } from '@adloom/host/service';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  type MenuItemConstructorOptions,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  utilityProcess,
  webContents,
} from 'electron';
import { APP_SCHEME, editorUrl, isAppUrl } from './app-origin.ts';
import { appLocations, defaultWorkspace, engineEnvironment } from './app-paths.ts';
import { createAppProtocolHandler, fileForAppUrl } from './app-protocol.ts';
import { ASSIST_EVENT_CHANNEL, DOCUMENT_STATE_CHANNEL, MENU_COMMAND_CHANNEL, RUN_EVENT_CHANNEL } from './channel-names.ts';
import { documentState, invokeChannels, type MenuCommand } from './channels.ts';
import { closeChoice, saveThroughEditor, settleUnsavedChanges, unsavedChangesPrompt } from './close-prompt.ts';
import { createInvokeHandlers } from './desktop-host.ts';
import { DocumentWindows } from './document-windows.ts';
import { type EngineProcess, EngineSupervisor } from './engine-protocol.ts';
import { answerInvoke } from './ipc-router.ts';
import { graphFilesFromArgv, isGraphFile, withGraphExtension } from './launch-files.ts';
import { buildMenuTemplate, type DesktopAction, desktopActionForKey, type MenuEntry } from './menu.ts';
import { navigationDecision, windowOpenDecision } from './navigation-guard.ts';
import { isPermissionGranted } from './permission-policy.ts';
import { AssistEventRelay, RunEventRelay } from './run-event-relay.ts';
import { type SecretCipher, SecretStore } from './secret-store.ts';
import { isTrustedSender } from './sender-check.ts';
import { secureWebPreferences } from './web-preferences.ts';
import { cascade, type DisplayArea, WindowStateStore } from './window-state.ts';

const APP_ID = 'com.adloom.desktop';
/** How long "Save" in the close prompt waits for the editor to finish saving. */
const SAVE_WAIT_MS = 30_000;

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true } },
]);

// Files asked for before the app is ready: on the command line, or (macOS) through open-file.
const pendingFiles = graphFilesFromArgv(process.argv, process.cwd());
let openGraph: ((absolute: string) => Promise<void>) | null = null;

app.on('open-file', (event, path) => {
  event.preventDefault();
  if (openGraph) void openGraph(path);
  else pendingFiles.push(path);
});

if (!app.requestSingleInstanceLock()) {
  // Another Adloom is running: it got our argv through 'second-instance' and opens the files.
  app.quit();
} else {
  app.setAppUserModelId(APP_ID);
  void app.whenReady().then(start, (error: Error) => {
    dialog.showErrorBox('Adloom could not start', error.stack ?? error.message);
    app.exit(1);
  });
}

async function start(): Promise<void> {
  const locations = appLocations({ isPackaged: app.isPackaged, appPath: app.getAppPath(), resourcesPath: process.resourcesPath });
  const userData = app.getPath('userData');
  const workspaceDir = defaultWorkspace(process.env, app.getPath('documents'));
  await mkdir(workspaceDir, { recursive: true });
  const workspace = await realpath(workspaceDir);

  const paths = new WorkspacePaths(workspace, locations.examplesDir);
  const settings = new SettingsFile(join(userData, 'settings.json'));
  const cipher: SecretCipher = {
    isEncryptionAvailable: () => safeStorage.isEncryptionAvailable(),
    encryptString: (plainText) => safeStorage.encryptString(plainText),
    decryptString: (encrypted) => safeStorage.decryptString(encrypted),
    getSelectedStorageBackend: () => (process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os'),
  };
  const secrets = new SecretStore({ file: join(userData, 'secrets.json'), cipher });
  const windowStates = new WindowStateStore(join(userData, 'window-state.json'));
  const documents = new DocumentWindows();

  const engine = new EngineSupervisor({
    spawn: () =>
      utilityProcess.fork(locations.engineChild, ['--workspace', workspace], {
        serviceName: 'Adloom engine',
        env: engineEnvironment(process.env, app.isPackaged ? process.resourcesPath : undefined),
      }) as unknown as EngineProcess,
  });
  const relay = new RunEventRelay(engine, (targetId, message) => {
    const target = webContents.fromId(targetId);
    if (target && !target.isDestroyed()) target.send(RUN_EVENT_CHANNEL, message);
  });
  const assistRelay = new AssistEventRelay((targetId, message) => {
    const target = webContents.fromId(targetId);
    if (target && !target.isDestroyed()) target.send(ASSIST_EVENT_CHANNEL, message);
  });

  const windowOf = (senderId: number) => {
    const contents = webContents.fromId(senderId);
    return contents ? BrowserWindow.fromWebContents(contents) : null;
  };
  let hasWarnedAboutKeyring = false;
  const handlers = createInvokeHandlers({
    paths,
    version: app.getVersion(),
    engine,
    relay,
    assistRelay,
    settings,
    secrets,
    confirmOverwrite: async (path, context) => {
      const options = {
        type: 'warning' as const,
        buttons: ['Overwrite', 'Cancel'],
        defaultId: 1,
        cancelId: 1,
        noLink: true,
        message: `“${basename(path)}” changed on disk since you opened it.`,
        detail: 'Overwrite it with your version? The other changes will be lost.',
      };
      const parent = windowOf(context.senderId);
      const { response } = parent ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options);
      return response === 0;
    },
    onSaved: (absolute) => app.addRecentDocument(absolute),
    onSecretStored: (context) => {
      const warning = secrets.storageWarning();
      if (!warning || hasWarnedAboutKeyring) return;
      hasWarnedAboutKeyring = true;
      const options = { type: 'warning' as const, message: 'API keys are not truly encrypted on this system', detail: warning };
      const parent = windowOf(context.senderId);
      void (parent ? dialog.showMessageBox(parent, options) : dialog.showMessageBox(options));
    },
  });
  const storageWarning = secrets.storageWarning();
  if (storageWarning) console.warn(`Adloom: ${storageWarning}`);

  for (const channel of Object.keys(invokeChannels)) {
    ipcMain.handle(channel, (event, payload: unknown) =>
      answerInvoke(handlers, channel, payload, { senderFrame: event.senderFrame, senderId: event.sender.id }),
    );
  }
  ipcMain.on(DOCUMENT_STATE_CHANNEL, (event, payload: unknown) => {
    if (!isTrustedSender(event.senderFrame)) return;
    const parsed = documentState.safeParse(payload);
    const window = BrowserWindow.fromWebContents(event.sender);
    if (!parsed.success || !window) return;
    const before = documents.get(window.id)?.path;
    documents.report(window.id, parsed.data);
    showDocumentState(window);
    const path = parsed.data.path;
    if (path && path !== before) app.addRecentDocument(isAbsolute(path) ? path : join(workspace, path));
  });

  // The editor and its media come from the app's own origin, with the CSP (see app-protocol.ts).
  protocol.handle(APP_SCHEME, createAppProtocolHandler({ editorDir: locations.editorDir, workspace }));
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(isPermissionGranted(permission, details.requestingUrl)),
  );
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionGranted(permission, requestingOrigin));
  // The editor needs no network: the engine, in its own process, does the providers' requests.
  ses.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] }, (_details, callback) =>
    callback({ cancel: true }),
  );

  app.on('web-contents-created', (_event, contents) => {
    const leave = (url: string) => {
      const decision = navigationDecision(url);
      if (decision.action === 'allow') return false;
      if (decision.openExternal) void shell.openExternal(decision.openExternal);
      return true;
    };
    contents.on('will-navigate', (event, url) => {
      if (leave(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (leave(url)) event.preventDefault();
    });
    contents.on('will-frame-navigate', (event) => {
      if (!isAppUrl(event.url) && event.url !== 'about:blank') event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      const file = fileForAppUrl(url, workspace);
      if (file) shell.showItemInFolder(file);
      else {
        const decision = windowOpenDecision(url);
        if (decision.openExternal) void shell.openExternal(decision.openExternal);
      }
      return { action: 'deny' };
    });
  });

  // ── Windows ────────────────────────────────────────────────────────────────
  /** Windows whose unsaved changes the user chose to drop (or saved): they may close or reload. */
  const mayUnload = new Set<number>();

  const displays = (): DisplayArea[] => {
    const primary = screen.getPrimaryDisplay();
    return [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)].map((d) => ({
      id: d.id,
      workArea: d.workArea,
    }));
  };

  const saveWindowState = (window: BrowserWindow) => {
    if (window.isDestroyed()) return;
    void windowStates
      .save(
        { bounds: window.getNormalBounds(), isMaximized: window.isMaximized(), isFullScreen: window.isFullScreen() },
        displays(),
      )
      .catch(() => undefined);
  };

  const sendCommand = (window: BrowserWindow | null | undefined, command: MenuCommand) => {
    if (window && !window.isDestroyed()) window.webContents.send(MENU_COMMAND_CHANNEL, command);
  };

  const showDocumentState = (window: BrowserWindow) => {
    const document = documents.get(window.id);
    if (!document) return;
    if (process.platform === 'darwin') {
      window.setDocumentEdited(document.isDirty);
      if (document.path)
        window.setRepresentedFilename(isAbsolute(document.path) ? document.path : join(workspace, document.path));
    }
  };

  const chooseSavePath = async (window: BrowserWindow): Promise<string | null> => {
    const name =
      documents
        .get(window.id)
        ?.title.replace(/[\\/:*?"<>|]/g, '-')
        .trim() || 'Untitled';
    const result = await dialog.showSaveDialog(window, {
      title: 'Save graph as',
      defaultPath: join(workspace, `${name}.adloom.json`),
      filters: [{ name: 'Adloom graph', extensions: ['adloom.json'] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    if (result.canceled || !result.filePath) return null;
    return paths.grant(withGraphExtension(result.filePath));
  };

  const saveSteps = (window: BrowserWindow) => ({
    chooseSavePath: () => chooseSavePath(window),
    send: (command: MenuCommand) => sendCommand(window, command),
    whenSaved: () => documents.whenClean(window.id, SAVE_WAIT_MS),
  });

  const askToClose = async (window: BrowserWindow) => {
    const document = documents.get(window.id) ?? { path: null, title: '' };
    const mayClose = await settleUnsavedChanges(document, {
      ...saveSteps(window),
      ask: async (name) => closeChoice((await dialog.showMessageBox(window, unsavedChangesPrompt(name))).response),
    });
    if (!mayClose) return;
    mayUnload.add(window.id);
    window.close();
  };

  const createWindow = async (options: { open?: string; isNew?: boolean } = {}): Promise<BrowserWindow> => {
    const state = await windowStates.load(displays());
    const others = BrowserWindow.getAllWindows().map((w) => w.getBounds());
    const bounds = cascade(state.bounds, others, displays());
    const window = new BrowserWindow({
      ...bounds,
      minWidth: 720,
      minHeight: 480,
      show: false,
      title: 'Adloom',
      icon: locations.icon,
      backgroundColor: '#1b1d22',
      webPreferences: secureWebPreferences(locations.preload),
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
      showDocumentState(window);
    });
    let moveTimer: ReturnType<typeof setTimeout> | undefined;
    const rememberPlace = () => {
      clearTimeout(moveTimer);
      moveTimer = setTimeout(() => saveWindowState(window), 500);
    };
    window.on('resize', rememberPlace);
    window.on('move', rememberPlace);
    window.webContents.on('before-input-event', (event, input) => {
      const action = desktopActionForKey(input, process.platform);
      if (!action) return;
      event.preventDefault();
      void runAction(action, window);
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
        void saveThroughEditor(documents.get(windowId) ?? { path: null }, saveSteps(window)).then((saved) => {
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
        void askToClose(window);
        return;
      }
      saveWindowState(window);
    });
    window.on('closed', () => {
      documents.remove(windowId);
      relay.dropTarget(contentsId);
      assistRelay.dropTarget(contentsId);
      mayUnload.delete(windowId);
    });
    await window.loadURL(editorUrl(options));
    return window;
  };

  openGraph = async (absolute: string) => {
    if (!isGraphFile(absolute)) {
      dialog.showErrorBox('Not an Adloom graph', `${absolute} is not a graph file: Adloom opens files ending in .adloom.json.`);
      return;
    }
    const path = paths.grant(absolute);
    app.addRecentDocument(absolute);
    const focused = BrowserWindow.getFocusedWindow();
    const placement = documents.placeFor(path, focused?.id);
    if (placement.kind === 'focus') {
      const window = BrowserWindow.fromId(placement.windowId);
      if (window?.isMinimized()) window.restore();
      window?.focus();
    } else if (placement.kind === 'reuse' && focused) {
      documents.add(focused.id, path);
      await focused.loadURL(editorUrl({ open: path }));
    } else {
      await createWindow({ open: path });
    }
  };

  const runAction = async (action: DesktopAction, window: BrowserWindow | null | undefined) => {
    switch (action) {
      case 'newWindow':
        await createWindow({ isNew: true });
        return;
      case 'open': {
        const options = {
          title: 'Open graph',
          defaultPath: workspace,
          properties: ['openFile', 'multiSelections'] as Array<'openFile' | 'multiSelections'>,
          filters: [{ name: 'Adloom graph', extensions: ['adloom.json', 'json'] }],
        };
        const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
        for (const file of result.filePaths) await openGraph?.(file);
        return;
      }
      case 'saveAs': {
        if (!window) return;
        const path = await chooseSavePath(window);
        if (path) sendCommand(window, { id: 'saveAs', path });
        return;
      }
      case 'showWorkspace':
        void shell.openPath(workspace);
        return;
    }
  };

  const toElectron = (entry: MenuEntry): MenuItemConstructorOptions => {
    switch (entry.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'role':
        return { role: entry.role as MenuItemConstructorOptions['role'], ...(entry.label ? { label: entry.label } : {}) };
      case 'submenu':
        // Only these roles are kept: File, Edit and View list their own items.
        if (entry.role === 'windowMenu') return { role: 'windowMenu' };
        return {
          label: entry.label,
          ...(entry.role === 'appMenu' || entry.role === 'recentDocuments' || entry.role === 'help'
            ? { role: entry.role as MenuItemConstructorOptions['role'] }
            : {}),
          submenu: entry.items.map(toElectron),
        };
      case 'command':
        // The editor handles these keys itself; the menu shows them and sends the command when clicked.
        return {
          label: entry.label,
          accelerator: entry.accelerator,
          registerAccelerator: false,
          click: () => sendCommand(BrowserWindow.getFocusedWindow(), { id: entry.id }),
        };
      case 'action':
        // Caught in before-input-event; the menu shows the keys.
        return {
          label: entry.label,
          accelerator: entry.accelerator,
          registerAccelerator: false,
          click: () => void runAction(entry.action, BrowserWindow.getFocusedWindow()),
        };
    }
  };
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(buildMenuTemplate({ platform: process.platform, isDev: !app.isPackaged }).map(toElectron)),
  );

  app.on('second-instance', (_event, argv, workingDirectory) => {
    const files = graphFilesFromArgv(argv, workingDirectory);
    if (files.length) {
      for (const file of files) void openGraph?.(file);
      return;
    }
    const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    } else void createWindow();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => engine.dispose());

  if (pendingFiles.length) for (const file of pendingFiles.splice(0)) await openGraph(file);
  else await createWindow();
}
