// The native menu and the desktop's own actions, told to Electron. menu.ts decides what the
// menu holds; this file turns its entries into Electron's and does what its actions ask.
import { BrowserWindow, dialog, Menu, type MenuItemConstructorOptions, shell } from 'electron';
import type { AppWindows } from './app-windows.ts';
import { buildMenuTemplate, type DesktopAction, type MenuEntry } from './menu.ts';

/** What the desktop does itself rather than the editor: windows, the open and save dialogs, the workspace folder. */
export async function runDesktopAction(
  action: DesktopAction,
  window: BrowserWindow | null | undefined,
  context: { windows: AppWindows; workspace: string },
): Promise<void> {
  const { windows, workspace } = context;
  switch (action) {
    case 'newWindow':
      await windows.create({ isNew: true });
      return;
    case 'open': {
      const options = {
        title: 'Open graph',
        defaultPath: workspace,
        properties: ['openFile', 'multiSelections'] as Array<'openFile' | 'multiSelections'>,
        filters: [{ name: 'Adloom graph', extensions: ['adloom.json', 'json'] }],
      };
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      for (const file of result.filePaths) await windows.openGraph(file);
      return;
    }
    case 'saveAs': {
      if (!window) return;
      const path = await windows.chooseSavePath(window);
      if (path) windows.sendCommand(window, { id: 'saveAs', path });
      return;
    }
    case 'showWorkspace':
      void shell.openPath(workspace);
      return;
  }
}

/** Sets the application menu from menu.ts's template: editor commands go to the focused window. */
export function installApplicationMenu(options: {
  windows: AppWindows;
  isDev: boolean;
  runAction: (action: DesktopAction, window: BrowserWindow | null) => void;
}): void {
  const { windows, runAction } = options;
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
          click: () => windows.sendCommand(BrowserWindow.getFocusedWindow(), { id: entry.id }),
        };
      case 'action':
        // Caught in before-input-event; the menu shows the keys.
        return {
          label: entry.label,
          accelerator: entry.accelerator,
          registerAccelerator: false,
          click: () => runAction(entry.action, BrowserWindow.getFocusedWindow()),
        };
    }
  };
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(buildMenuTemplate({ platform: process.platform, isDev: options.isDev }).map(toElectron)),
  );
}
