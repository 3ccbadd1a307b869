import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  buildMenuTemplate,
  DESKTOP_ACTIONS,
  desktopActionForKey,
  EDITOR_COMMANDS,
  type MenuEntry,
  toAccelerator,
} from './menu.ts';

function flatten(entries: MenuEntry[]): MenuEntry[] {
  return entries.flatMap((entry) => (entry.kind === 'submenu' ? [entry, ...flatten(entry.items)] : [entry]));
}

const key = (over: Partial<Parameters<typeof desktopActionForKey>[0]>) => ({
  type: 'keyDown',
  key: 'o',
  code: 'KeyO',
  control: false,
  meta: false,
  shift: false,
  alt: false,
  ...over,
});

describe('native menus', () => {
  it('[desktop.U1] have File, Edit, View, Run and Help; macOS adds the app and Window menus', () => {
    const labels = (platform: NodeJS.Platform) =>
      buildMenuTemplate({ platform, isDev: false }).map((m) => (m.kind === 'submenu' ? m.label : m.kind));
    expect(labels('linux')).toEqual(['File', 'Edit', 'View', 'Run', 'Help']);
    expect(labels('win32')).toEqual(['File', 'Edit', 'View', 'Run', 'Help']);
    expect(labels('darwin')).toEqual(['Adloom', 'File', 'Edit', 'View', 'Run', 'Window', 'Help']);
  });

  it('[desktop.U2] carry the editor’s commands with their accelerators', () => {
    const items = flatten(buildMenuTemplate({ platform: 'linux', isDev: false }));
    const command = (id: string) => items.find((i) => i.kind === 'command' && i.id === id);
    expect(command('save')).toEqual({ kind: 'command', id: 'save', label: 'Save', accelerator: 'CmdOrCtrl+S' });
    expect(command('runAll')).toMatchObject({ accelerator: 'CmdOrCtrl+Enter' });
    expect(command('cancel')).toMatchObject({ accelerator: 'CmdOrCtrl+.' });
    expect(command('fit')).toMatchObject({ accelerator: 'Shift+1' });
    expect(command('reloadCatalog')).not.toHaveProperty('accelerator');
    const all = Object.values(EDITOR_COMMANDS).flat();
    for (const c of all) expect(command(c.id), c.id).toBeDefined();
    expect(items.filter((i) => i.kind === 'action').map((i) => (i as { action: string }).action)).toEqual([
      'newWindow',
      'open',
      'saveAs',
      'showWorkspace',
    ]);
  });

  it('[desktop.U3] keep cut, copy and paste native (text fields and the editor’s clipboard events need them)', () => {
    const roles = flatten(buildMenuTemplate({ platform: 'darwin', isDev: false }))
      .filter((i) => i.kind === 'role')
      .map((i) => (i as { role: string }).role);
    expect(roles).toEqual(expect.arrayContaining(['cut', 'copy', 'paste', 'quit', 'clearRecentDocuments']));
    const devRoles = flatten(buildMenuTemplate({ platform: 'linux', isDev: true })).map((i) => (i as { role?: string }).role);
    expect(devRoles).toContain('toggleDevTools');
    expect(
      flatten(buildMenuTemplate({ platform: 'linux', isDev: false })).map((i) => (i as { role?: string }).role),
    ).not.toContain('toggleDevTools');
  });

  it('[desktop.U4] converts key specs to Electron accelerators', () => {
    expect(toAccelerator('Mod+Shift+S')).toBe('CmdOrCtrl+Shift+S');
    expect(toAccelerator('Alt+N')).toBe('Alt+N');
    expect(toAccelerator('Mod+,')).toBe('CmdOrCtrl+,');
    expect(toAccelerator('?')).toBe('?');
  });

  it('[desktop.U5] catches the desktop’s own keys before the page: Mod is ⌘ on macOS, Ctrl elsewhere', () => {
    expect(desktopActionForKey(key({ control: true }), 'linux')).toBe('open');
    expect(desktopActionForKey(key({ meta: true }), 'darwin')).toBe('open');
    expect(desktopActionForKey(key({ meta: true }), 'linux')).toBeNull();
    expect(desktopActionForKey(key({ control: true, shift: true, key: 'S', code: 'KeyS' }), 'win32')).toBe('saveAs');
    expect(desktopActionForKey(key({ control: true, key: 's', code: 'KeyS' }), 'win32')).toBeNull();
    expect(desktopActionForKey(key({ control: true, shift: true, key: 'N', code: 'KeyN' }), 'linux')).toBe('newWindow');
    expect(desktopActionForKey(key({ control: true, type: 'keyUp' }), 'linux')).toBeNull();
    expect(desktopActionForKey(key({ control: true, alt: true }), 'linux')).toBeNull();
  });

  it('[desktop.U6] names the editor’s commands with the editor’s own ids and first keys (apps/editor/src/app/commands.ts)', async () => {
    const commandsPath = join(import.meta.dirname, '../../editor/src/app/commands.ts');
    const { COMMANDS } = (await import(pathToFileURL(commandsPath).href)) as {
      COMMANDS: { id: string; group: string; keys?: string[] }[];
    };
    const editor = new Map(COMMANDS.map((c) => [c.id, c.keys?.[0]]));
    for (const command of Object.values(EDITOR_COMMANDS).flat()) {
      expect(editor.has(command.id), `the editor has no command "${command.id}"`).toBe(true);
      expect(command.keys, command.id).toBe(editor.get(command.id));
    }
    // Every panel the editor can show is in the View menu.
    const view = new Set(EDITOR_COMMANDS.View.map((c) => c.id));
    for (const c of COMMANDS) if (c.group === 'View') expect(view, c.id).toContain(c.id);
    // The two the desktop does natively are the editor's too.
    expect(editor.get('open')).toBe(DESKTOP_ACTIONS.open.keys);
    expect(editor.get('saveAs')).toBe(DESKTOP_ACTIONS.saveAs.keys);
  });
});
