import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { COMMANDS, type Command, type CommandGroup, commandById, formatKeys } from '../app/commands.ts';
import { useDoc, useEditor, useHistory, useRun, useView } from '../app/editor-context.tsx';
import { isDirty } from '../document/history.ts';
import { isRunActive } from '../run/run-state.ts';

const MENUS: CommandGroup[] = ['File', 'Edit', 'View', 'Run', 'Help'];

function MenuItem({ command, onDone }: { command: Command; onDone: () => void }) {
  const editor = useEditor();
  // Re-evaluated whenever the stores change while the menu is open.
  useStore(editor.doc, (s) => s.revision);
  useStore(editor.view, (s) => s.selectedNodes);
  useStore(editor.run, (s) => s.status);
  const enabled = command.isEnabled ? command.isEnabled(editor) : true;
  return (
    <button
      type="button"
      role="menuitem"
      className="menu-item"
      disabled={!enabled}
      data-command={command.id}
      onClick={() => {
        onDone();
        command.run(editor);
      }}
    >
      <span>{command.label}</span>
      {command.keys?.[0] ? <kbd className="menu-keys">{formatKeys(command.keys[0])}</kbd> : null}
    </button>
  );
}

function Menu({
  group,
  isOpen,
  onOpen,
  onClose,
}: {
  group: CommandGroup;
  isOpen: boolean;
  onOpen: () => void;
  onClose: () => void;
}) {
  const commands = COMMANDS.filter((c) => c.group === group);
  return (
    <div className="menu">
      <button
        type="button"
        className={`menu-button${isOpen ? ' open' : ''}`}
        aria-haspopup="menu"
        aria-expanded={isOpen}
        onClick={() => (isOpen ? onClose() : onOpen())}
        onMouseEnter={(e) => {
          // Moving along an open menu bar opens the menu under the pointer.
          if (document.querySelector('.menu-button.open') && !isOpen) onOpen();
          e.stopPropagation();
        }}
      >
        {group}
      </button>
      {isOpen ? (
        <div className="menu-list" role="menu">
          {commands.map((command) => (
            <MenuItem key={command.id} command={command} onDone={onClose} />
          ))}
        </div>
      ) : null}
    </div>
  );
}

function DocumentTitle() {
  const name = useDoc((s) => s.graph.name);
  const path = useDoc((s) => s.path);
  const dirty = useHistory(isDirty);
  useEffect(() => {
    document.title = `${dirty ? '● ' : ''}${name || 'Untitled'} — Adloom`;
  }, [name, dirty]);
  return (
    <div className="doc-title" title={path ?? 'Not saved yet'}>
      <span className="doc-name">{name || 'Untitled'}</span>
      {dirty ? (
        <span className="dirty-dot" title="Unsaved changes" data-testid="dirty-marker">
          ●
        </span>
      ) : null}
      <span className="doc-path">{path ?? 'not saved'}</span>
    </div>
  );
}

function RunButtons() {
  const editor = useEditor();
  const status = useRun((s) => s.status);
  const hasSelection = useView((s) => s.selectedNodes.length > 0);
  const active = isRunActive({ status });
  return (
    <div className="run-buttons">
      <button
        type="button"
        className="button primary"
        onClick={() => void editor.runAll()}
        disabled={active}
        title={`Run all (${formatKeys(commandById('runAll').keys?.[0] ?? '')})`}
        data-command="runAll"
      >
        ▶ Run
      </button>
      <button
        type="button"
        className="button"
        onClick={() => void editor.runSelected()}
        disabled={active || !hasSelection}
        title={`Run up to the selected nodes (${formatKeys(commandById('runSelected').keys?.[0] ?? '')})`}
      >
        Run to selected
      </button>
      <button
        type="button"
        className="button danger"
        onClick={() => void editor.cancelRun()}
        disabled={!active}
        title="Cancel the run"
        data-command="cancel"
      >
        ■ Cancel
      </button>
    </div>
  );
}

function AssistantToggle() {
  const editor = useEditor();
  const isOpen = useStore(editor.assistant.store, (s) => s.isOpen);
  const hasProposal = useStore(editor.assistant.store, (s) => s.pending !== null);
  return (
    <button
      type="button"
      className={`button assistant-toggle${isOpen ? ' active' : ''}`}
      aria-pressed={isOpen}
      title={`Assistant (${formatKeys(commandById('assistant').keys?.[0] ?? '')})`}
      data-command="assistant"
      onClick={() => editor.assistant.toggle()}
    >
      ✦ Assistant
      {hasProposal ? <span className="assistant-toggle-dot" title="A proposal waits for Apply or Discard" /> : null}
    </button>
  );
}

export function Toolbar() {
  const editor = useEditor();
  const [open, setOpen] = useState<CommandGroup | null>(null);
  const bar = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => {
      if (!bar.current?.contains(event.target as Node)) setOpen(null);
    };
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(null);
    };
    window.addEventListener('mousedown', close);
    window.addEventListener('keydown', closeOnEscape);
    return () => {
      window.removeEventListener('mousedown', close);
      window.removeEventListener('keydown', closeOnEscape);
    };
  }, [open]);
  return (
    <header className="toolbar">
      <div className="brand">Adloom</div>
      <nav className="menubar" ref={bar}>
        {MENUS.map((group) => (
          <Menu key={group} group={group} isOpen={open === group} onOpen={() => setOpen(group)} onClose={() => setOpen(null)} />
        ))}
      </nav>
      <DocumentTitle />
      <div className="toolbar-spacer" />
      <RunButtons />
      <AssistantToggle />
      <button
        type="button"
        className="icon-button"
        title="Settings"
        onClick={() => editor.view.getState().openDialog({ kind: 'settings' })}
      >
        ⚙
      </button>
      <button
        type="button"
        className="icon-button"
        title="Keyboard shortcuts (?)"
        onClick={() => editor.view.getState().openDialog({ kind: 'help' })}
      >
        ?
      </button>
    </header>
  );
}
