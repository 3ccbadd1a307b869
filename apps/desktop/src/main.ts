// The Electron main process: wiring only. Every decision lives in a module tested under Node
// (channels, ipc-router, desktop-host, engine-protocol, app-protocol, navigation-guard, csp,
// permission-policy, secret-store, window-state, menu, close-prompt, document-windows…); the
// windows (app-windows.ts), the session's hardening (session-hardening.ts) and the menu
// (application-menu.ts) hand them Electron's objects, and this file connects those.
import { mkdir, realpath } from 'node:fs/promises';
import { basename, isAbsolute, join } from 'node:path';
import { SettingsFile, WorkspacePaths } from '@adloom/host/service';
import { app, BrowserWindow, dialog, ipcMain, safeStorage, utilityProcess, webContents } from 'electron';
import { appLocations, defaultWorkspace, engineEnvironment } from './app-paths.ts';
import { AppWindows } from './app-windows.ts';
import { installApplicationMenu, runDesktopAction } from './application-menu.ts';
import { ASSIST_EVENT_CHANNEL, DOCUMENT_STATE_CHANNEL, RUN_EVENT_CHANNEL } from './channel-names.ts';
import { documentState, invokeChannels } from './channels.ts';
import { createInvokeHandlers } from './desktop-host.ts';
import { DocumentWindows } from './document-windows.ts';
import { type EngineProcess, EngineSupervisor } from './engine-protocol.ts';
import { answerInvoke } from './ipc-router.ts';
import { graphFilesFromArgv } from './launch-files.ts';
import type { DesktopAction } from './menu.ts';
import { AssistEventRelay, RunEventRelay } from './run-event-relay.ts';
import { type SecretCipher, SecretStore } from './secret-store.ts';
import { isTrustedSender } from './sender-check.ts';
import { hardenSession, registerAppScheme } from './session-hardening.ts';
import { WindowStateStore } from './window-state.ts';

const APP_ID = 'com.adloom.desktop';

registerAppScheme();

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

  const windows: AppWindows = new AppWindows({
    workspace,
    paths,
    documents,
    windowStates,
    relay,
    assistRelay,
    icon: locations.icon,
    preload: locations.preload,
    onAction: (action, window) => runAction(action, window),
  });
  const runAction = (action: DesktopAction, window: BrowserWindow | null | undefined) =>
    void runDesktopAction(action, window, { windows, workspace });

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
    windows.showDocumentState(window);
    const path = parsed.data.path;
    if (path && path !== before) app.addRecentDocument(isAbsolute(path) ? path : join(workspace, path));
  });

  hardenSession({ editorDir: locations.editorDir, workspace });
  openGraph = (absolute) => windows.openGraph(absolute);
  installApplicationMenu({ windows, isDev: !app.isPackaged, runAction });

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
    } else void windows.create();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void windows.create();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => engine.dispose());

  if (pendingFiles.length) for (const file of pendingFiles.splice(0)) await openGraph(file);
  else await windows.create();
}
