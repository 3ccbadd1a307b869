// What a page in Adloom's windows may do, told to Electron: the editor comes from the app's own
// origin with its CSP, asks for no permission and no network, and never navigates away. The
// decisions live in app-protocol.ts, csp.ts, permission-policy.ts and navigation-guard.ts.
import { app, protocol, session, shell } from 'electron';
import { APP_SCHEME, isAppUrl } from './app-origin.ts';
import { createAppProtocolHandler, fileForAppUrl } from './app-protocol.ts';
import { navigationDecision, windowOpenDecision } from './navigation-guard.ts';
import { isPermissionGranted } from './permission-policy.ts';

/** The app's scheme as a standard, secure origin; before the app is ready, as Electron asks. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true } },
  ]);
}

/**
 * Serves the editor and the workspace's media on the app's origin and locks the session down:
 * permissions, network, navigation, new windows and webviews.
 */
export function hardenSession(options: { editorDir: string; workspace: string }): void {
  const { workspace } = options;
  // The editor and its media come from the app's own origin, with the CSP (see app-protocol.ts).
  protocol.handle(APP_SCHEME, createAppProtocolHandler({ editorDir: options.editorDir, workspace }));
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
}
