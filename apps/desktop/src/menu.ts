/**
 * The native menus (File, Edit, View, Run, Help) as plain data: the editor's commands with
 * their keys (the same ids and keys as apps/editor/src/app/commands.ts; a test keeps them in
 * step), the few the desktop does itself (native open/save dialogs, windows), and Electron's
 * roles. main.ts turns this into an Electron Menu.
 */

/** What main does itself rather than the editor. */
export type DesktopAction = 'newWindow' | 'open' | 'saveAs' | 'showWorkspace';

export type MenuEntry =
  /** Sent to the focused window's editor on the menu command channel. */
  | { kind: 'command'; id: string; label: string; accelerator?: string }
  | { kind: 'action'; action: DesktopAction; label: string; accelerator?: string }
  | { kind: 'role'; role: string; label?: string }
  | { kind: 'separator' }
  | { kind: 'submenu'; label: string; role?: string; items: MenuEntry[] };

/** An editor command the menus show: id and keys as the editor defines them (`Mod` is ⌘ or Ctrl). */
interface EditorCommand {
  id: string;
  label: string;
  keys?: string;
}

const cmd = (id: string, label: string, keys?: string): EditorCommand => ({ id, label, keys });

/** The editor's commands, by menu. Keys are each command's first key in the editor. */
export const EDITOR_COMMANDS = {
  File: [
    cmd('new', 'New graph', 'Alt+N'),
    cmd('examples', 'Examples…', 'Mod+Shift+E'),
    cmd('save', 'Save', 'Mod+S'),
    cmd('settings', 'Settings…', 'Mod+,'),
  ],
  Edit: [
    cmd('undo', 'Undo', 'Mod+Z'),
    cmd('redo', 'Redo', 'Mod+Shift+Z'),
    cmd('duplicate', 'Duplicate', 'Mod+D'),
    cmd('delete', 'Delete', 'Delete'),
    cmd('selectAll', 'Select all', 'Mod+A'),
    cmd('group', 'Group selection', 'Mod+G'),
    cmd('palette', 'Add node…', 'Tab'),
  ],
  View: [
    cmd('layout', 'Auto-layout', 'Mod+Shift+L'),
    cmd('fit', 'Fit view', 'Shift+1'),
    cmd('library', 'Node library', 'Mod+B'),
    cmd('problems', 'Problems', 'Mod+Shift+M'),
    cmd('results', 'Run results', 'Mod+Shift+R'),
    cmd('history', 'Run history', 'Mod+Shift+H'),
    cmd('contactSheet', 'Contact sheet', 'Mod+Shift+K'),
    cmd('assistant', 'Assistant', 'Alt+A'),
    cmd('minimap', 'Minimap', 'Alt+M'),
  ],
  Run: [
    cmd('runAll', 'Run all', 'Mod+Enter'),
    cmd('runSelected', 'Run up to selected', 'Mod+Shift+Enter'),
    cmd('cancel', 'Cancel run', 'Mod+.'),
    cmd('reloadCatalog', 'Reload node catalog'),
  ],
  Help: [cmd('help', 'Keyboard shortcuts', '?')],
} as const;

/** The desktop's own actions and their keys. */
export const DESKTOP_ACTIONS: Record<DesktopAction, { label: string; keys?: string }> = {
  newWindow: { label: 'New window', keys: 'Mod+Shift+N' },
  open: { label: 'Open…', keys: 'Mod+O' },
  saveAs: { label: 'Save as…', keys: 'Mod+Shift+S' },
  showWorkspace: { label: 'Show workspace folder' },
};

/** An editor key spec as an Electron accelerator: `Mod+Shift+S` → `CmdOrCtrl+Shift+S`. */
export function toAccelerator(keys: string): string {
  return keys
    .split(/\+(?!$)/)
    .map((part) => (part === 'Mod' ? 'CmdOrCtrl' : part))
    .join('+');
}

function commandsOf(group: keyof typeof EDITOR_COMMANDS): Record<string, MenuEntry> {
  const out: Record<string, MenuEntry> = {};
  for (const c of EDITOR_COMMANDS[group] as readonly EditorCommand[]) {
    out[c.id] = { kind: 'command', id: c.id, label: c.label, ...(c.keys ? { accelerator: toAccelerator(c.keys) } : {}) };
  }
  return out;
}

function action(name: DesktopAction): MenuEntry {
  const { label, keys } = DESKTOP_ACTIONS[name];
  return { kind: 'action', action: name, label, ...(keys ? { accelerator: toAccelerator(keys) } : {}) };
}

const separator: MenuEntry = { kind: 'separator' };

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** Reload and developer tools in View while developing. */
  isDev: boolean;
  appName?: string;
}

/** The application menu for a platform. */
export function buildMenuTemplate(options: MenuOptions): MenuEntry[] {
  const isMac = options.platform === 'darwin';
  const file = commandsOf('File');
  const edit = commandsOf('Edit');
  const view = commandsOf('View');
  const run = commandsOf('Run');
  const help = commandsOf('Help');
  const settings = file.settings as MenuEntry;

  const menus: MenuEntry[] = [];
  if (isMac) {
    menus.push({
      kind: 'submenu',
      label: options.appName ?? 'Adloom',
      role: 'appMenu',
      items: [
        { kind: 'role', role: 'about' },
        separator,
        settings,
        separator,
        { kind: 'role', role: 'services' },
        separator,
        { kind: 'role', role: 'hide' },
        { kind: 'role', role: 'hideOthers' },
        { kind: 'role', role: 'unhide' },
        separator,
        { kind: 'role', role: 'quit' },
      ],
    });
  }
  menus.push({
    kind: 'submenu',
    label: 'File',
    role: 'fileMenu',
    items: [
      file.new as MenuEntry,
      action('newWindow'),
      separator,
      action('open'),
      ...(isMac
        ? [
            {
              kind: 'submenu',
              label: 'Open Recent',
              role: 'recentDocuments',
              items: [{ kind: 'role', role: 'clearRecentDocuments' }],
            } satisfies MenuEntry,
          ]
        : []),
      file.examples as MenuEntry,
      separator,
      file.save as MenuEntry,
      action('saveAs'),
      separator,
      action('showWorkspace'),
      ...(isMac ? [] : [separator, settings]),
      separator,
      { kind: 'role', role: 'close', label: 'Close window' },
      ...(isMac ? [] : [{ kind: 'role', role: 'quit' } satisfies MenuEntry]),
    ],
  });
  menus.push({
    kind: 'submenu',
    label: 'Edit',
    role: 'editMenu',
    items: [
      edit.undo as MenuEntry,
      edit.redo as MenuEntry,
      separator,
      { kind: 'role', role: 'cut' },
      { kind: 'role', role: 'copy' },
      { kind: 'role', role: 'paste' },
      edit.duplicate as MenuEntry,
      edit.delete as MenuEntry,
      edit.selectAll as MenuEntry,
      separator,
      edit.group as MenuEntry,
      edit.palette as MenuEntry,
    ],
  });
  menus.push({
    kind: 'submenu',
    label: 'View',
    role: 'viewMenu',
    items: [
      view.layout as MenuEntry,
      view.fit as MenuEntry,
      separator,
      view.library as MenuEntry,
      view.problems as MenuEntry,
      view.results as MenuEntry,
      view.history as MenuEntry,
      view.contactSheet as MenuEntry,
      view.assistant as MenuEntry,
      view.minimap as MenuEntry,
      separator,
      { kind: 'role', role: 'resetZoom' },
      { kind: 'role', role: 'zoomIn' },
      { kind: 'role', role: 'zoomOut' },
      separator,
      { kind: 'role', role: 'togglefullscreen' },
      ...(options.isDev
        ? [separator, { kind: 'role', role: 'reload' } as MenuEntry, { kind: 'role', role: 'toggleDevTools' } as MenuEntry]
        : []),
    ],
  });
  menus.push({
    kind: 'submenu',
    label: 'Run',
    items: [
      run.runAll as MenuEntry,
      run.runSelected as MenuEntry,
      run.cancel as MenuEntry,
      separator,
      run.reloadCatalog as MenuEntry,
    ],
  });
  if (isMac) menus.push({ kind: 'submenu', label: 'Window', role: 'windowMenu', items: [] });
  menus.push({ kind: 'submenu', label: 'Help', role: 'help', items: [help.help as MenuEntry] });
  return menus;
}

/** A key press as Electron's `before-input-event` reports it. */
export interface KeyInput {
  type: string;
  key: string;
  code?: string;
  control: boolean;
  meta: boolean;
  shift: boolean;
  alt: boolean;
}

function matches(keys: string, input: KeyInput, platform: NodeJS.Platform): boolean {
  const parts = keys.split('+');
  const key = parts.pop() as string;
  const mod = platform === 'darwin' ? input.meta : input.control;
  const other = platform === 'darwin' ? input.control : input.meta;
  if (mod !== parts.includes('Mod') || other || input.shift !== parts.includes('Shift') || input.alt !== parts.includes('Alt')) {
    return false;
  }
  return /^[A-Z]$/.test(key) ? input.code === `Key${key}` || input.key.toUpperCase() === key : input.key === key;
}

/**
 * The desktop action a key press asks for, caught in `before-input-event` before the page sees
 * it (so Mod+O opens the native dialog, not the editor's own), else null.
 */
export function desktopActionForKey(input: KeyInput, platform: NodeJS.Platform): DesktopAction | null {
  if (input.type !== 'keyDown') return null;
  for (const [name, { keys }] of Object.entries(DESKTOP_ACTIONS)) {
    if (keys && matches(keys, input, platform)) return name as DesktopAction;
  }
  return null;
}
