import { isDirty } from '../document/history.ts';
import { isRunActive } from '../run/run-state.ts';
import type { Editor } from './editor.ts';

export type CommandGroup = 'File' | 'Edit' | 'View' | 'Run' | 'Help';

/** One thing the editor can do, with the keys that do it: menus, the help sheet and the keyboard share this list. */
export interface Command {
  id: string;
  label: string;
  group: CommandGroup;
  /** `Mod` is ⌘ on a Mac and Ctrl elsewhere. The first is shown in menus. */
  keys?: string[];
  run(editor: Editor): void;
  isEnabled?(editor: Editor): boolean;
  /** Also while typing in a field (Save; Undo in inspector fields, which are the document's). */
  inFields?: boolean;
  /** Keys handled by the browser's own events (copy, cut, paste): shown, not matched. */
  isShownOnly?: boolean;
}

const hasSelection = (e: Editor) => e.view.getState().selectedNodes.length > 0;
const isRunning = (e: Editor) => isRunActive(e.run.getState());

export const COMMANDS: Command[] = [
  { id: 'new', label: 'New graph', group: 'File', keys: ['Alt+N'], run: (e) => e.newGraph() },
  { id: 'open', label: 'Open…', group: 'File', keys: ['Mod+O'], run: (e) => e.view.getState().openDialog({ kind: 'open' }) },
  {
    id: 'examples',
    label: 'Examples…',
    group: 'File',
    keys: ['Mod+Shift+E'],
    run: (e) => e.view.getState().openDialog({ kind: 'examples' }),
  },
  { id: 'save', label: 'Save', group: 'File', keys: ['Mod+S'], inFields: true, run: (e) => void e.save() },
  {
    id: 'saveAs',
    label: 'Save as…',
    group: 'File',
    keys: ['Mod+Shift+S'],
    inFields: true,
    run: (e) => e.view.getState().openDialog({ kind: 'saveAs' }),
  },
  {
    id: 'settings',
    label: 'Settings…',
    group: 'File',
    keys: ['Mod+,'],
    run: (e) => e.view.getState().openDialog({ kind: 'settings' }),
  },
  {
    id: 'undo',
    label: 'Undo',
    group: 'Edit',
    keys: ['Mod+Z'],
    inFields: true,
    run: (e) => e.undo(),
    isEnabled: (e) => e.undoHistory.getState().past.length > 0,
  },
  {
    id: 'redo',
    label: 'Redo',
    group: 'Edit',
    keys: ['Mod+Shift+Z', 'Mod+Y'],
    inFields: true,
    run: (e) => e.redo(),
    isEnabled: (e) => e.undoHistory.getState().future.length > 0,
  },
  {
    id: 'cut',
    label: 'Cut',
    group: 'Edit',
    keys: ['Mod+X'],
    isShownOnly: true,
    run: (e) => e.cutTo(null),
    isEnabled: hasSelection,
  },
  {
    id: 'copy',
    label: 'Copy',
    group: 'Edit',
    keys: ['Mod+C'],
    isShownOnly: true,
    run: (e) => void e.copyTo(null),
    isEnabled: hasSelection,
  },
  { id: 'paste', label: 'Paste', group: 'Edit', keys: ['Mod+V'], isShownOnly: true, run: (e) => void e.paste() },
  { id: 'duplicate', label: 'Duplicate', group: 'Edit', keys: ['Mod+D'], run: (e) => e.duplicate(), isEnabled: hasSelection },
  {
    id: 'delete',
    label: 'Delete',
    group: 'Edit',
    keys: ['Delete', 'Backspace'],
    run: (e) => e.deleteSelection(),
    isEnabled: (e) => {
      const v = e.view.getState();
      return v.selectedNodes.length + v.selectedEdges.length + v.selectedGroups.length > 0;
    },
  },
  { id: 'selectAll', label: 'Select all', group: 'Edit', keys: ['Mod+A'], run: (e) => e.selectAll() },
  {
    id: 'group',
    label: 'Group selection',
    group: 'Edit',
    keys: ['Mod+G'],
    run: (e) => e.groupSelection(),
    isEnabled: hasSelection,
  },
  {
    id: 'palette',
    label: 'Add node…',
    group: 'Edit',
    keys: ['Tab'],
    run: (e) => {
      const pointer = e.view.getState().pointer;
      const rf = e.reactFlow;
      const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
      const screen = pane ? { x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 } : { x: 400, y: 300 };
      const flow = pointer ?? rf?.screenToFlowPosition(screen) ?? { x: 0, y: 0 };
      const at = rf && pointer ? rf.flowToScreenPosition(pointer) : screen;
      e.view.getState().openDialog({ kind: 'palette', flow, screen: at });
    },
  },
  {
    id: 'bypass',
    label: 'Bypass selection',
    group: 'Edit',
    keys: ['B'],
    run: (e) => e.toggleBypass(),
    isEnabled: hasSelection,
  },
  {
    id: 'wire',
    label: 'Connect from the selected node…',
    group: 'Edit',
    keys: ['W'],
    run: (e) => {
      const [nodeId] = e.view.getState().selectedNodes;
      if (nodeId) e.view.getState().openDialog({ kind: 'wire', nodeId });
    },
    isEnabled: hasSelection,
  },
  { id: 'layout', label: 'Auto-layout', group: 'View', keys: ['Mod+Shift+L'], run: (e) => void e.autoLayout() },
  { id: 'fit', label: 'Fit view', group: 'View', keys: ['Shift+1'], run: (e) => e.fitView() },
  {
    id: 'library',
    label: 'Node library',
    group: 'View',
    keys: ['Mod+B'],
    run: (e) => e.view.setState((s) => ({ showLibrary: !s.showLibrary })),
  },
  {
    id: 'minimap',
    label: 'Minimap',
    group: 'View',
    keys: ['Alt+M'],
    run: (e) => e.toggleMinimap(),
  },
  {
    id: 'assistant',
    label: 'Assistant',
    group: 'View',
    keys: ['Alt+A'],
    run: (e) => e.assistant.toggle(),
  },
  {
    id: 'problems',
    label: 'Problems',
    group: 'View',
    keys: ['Mod+Shift+M'],
    run: (e) => e.view.setState((s) => ({ showProblems: !s.showProblems })),
  },
  {
    id: 'results',
    label: 'Run results',
    group: 'View',
    keys: ['Mod+Shift+R'],
    run: (e) => e.view.setState((s) => ({ showResults: !s.showResults })),
  },
  {
    id: 'history',
    label: 'Run history',
    group: 'View',
    keys: ['Mod+Shift+H'],
    run: (e) => e.history.toggle(),
  },
  {
    id: 'contactSheet',
    label: 'Contact sheet',
    group: 'View',
    keys: ['Mod+Shift+K'],
    run: (e) => e.view.getState().openDialog({ kind: 'contactSheet' }),
  },
  {
    id: 'runAll',
    label: 'Run all',
    group: 'Run',
    keys: ['Mod+Enter'],
    inFields: true,
    run: (e) => void e.runAll(),
    isEnabled: (e) => !isRunning(e),
  },
  {
    id: 'runSelected',
    label: 'Run up to selected',
    group: 'Run',
    keys: ['Mod+Shift+Enter'],
    inFields: true,
    run: (e) => void e.runSelected(),
    isEnabled: (e) => !isRunning(e) && hasSelection(e),
  },
  {
    id: 'cancel',
    label: 'Cancel run',
    group: 'Run',
    keys: ['Mod+.'],
    inFields: true,
    run: (e) => void e.cancelRun(),
    isEnabled: isRunning,
  },
  { id: 'reloadCatalog', label: 'Reload node catalog', group: 'Run', run: (e) => void e.reloadCatalog() },
  {
    id: 'help',
    label: 'Keyboard shortcuts',
    group: 'Help',
    keys: ['?'],
    run: (e) => e.view.getState().openDialog({ kind: 'help' }),
  },
];

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/** `Mod+Shift+S` → `Ctrl+Shift+S` or `⌘⇧S`. */
export function formatKeys(spec: string): string {
  const parts = spec.split('+');
  if (spec === '+' || spec.endsWith('++')) parts.push('+');
  if (isMac) {
    const symbols: Record<string, string> = {
      Mod: '⌘',
      Shift: '⇧',
      Alt: '⌥',
      Ctrl: '⌃',
      Enter: '↩',
      Delete: '⌦',
      Backspace: '⌫',
    };
    return parts.map((p) => symbols[p] ?? p).join('');
  }
  return parts.map((p) => (p === 'Mod' ? 'Ctrl' : p)).join('+');
}

/** Whether a keydown matches a key spec, modifiers exactly. */
export function matchesKeys(
  spec: string,
  event: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>,
): boolean {
  const parts = spec.split('+');
  const key = parts.pop() as string;
  const wantMod = parts.includes('Mod');
  const wantShift = parts.includes('Shift');
  const wantAlt = parts.includes('Alt');
  const mod = isMac ? event.metaKey : event.ctrlKey;
  const otherMod = isMac ? event.ctrlKey : event.metaKey;
  if (mod !== wantMod || otherMod || event.altKey !== wantAlt) return false;
  // `?` is typed with Shift on most layouts: its Shift is part of the key.
  if (key === '?') return event.key === '?';
  if (event.shiftKey !== wantShift) return false;
  if (/^[A-Z]$/.test(key)) return event.code === `Key${key}` || event.key.toUpperCase() === key;
  if (/^[0-9]$/.test(key)) return event.code === `Digit${key}` || event.key === key;
  return event.key === key || event.key.toLowerCase() === key.toLowerCase();
}

export function commandById(id: string): Command {
  const command = COMMANDS.find((c) => c.id === id);
  if (!command) throw new Error(`no command ${id}`);
  return command;
}

/** The document's title as the window shows it: a dot when there are unsaved changes. */
export function windowTitle(editor: Editor): string {
  const state = editor.doc.getState();
  return `${isDirty(editor.undoHistory.getState()) ? '● ' : ''}${state.graph.name || 'Untitled'} — Adloom`;
}
