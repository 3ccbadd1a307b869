import { useEffect } from 'react';
import { isDirty } from '../document/history.ts';
import { COMMANDS, matchesKeys } from './commands.ts';
import type { Editor } from './editor.ts';

function isTypingIn(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  if (!element) return false;
  const tag = element.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || element.isContentEditable;
}

/**
 * Tab opens the palette over the canvas itself; on a focused node, a button or a field it
 * moves the focus on, so the canvas can be used from the keyboard.
 */
function isOnCanvas(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  if (!element || element === document.body) return true;
  if (element.closest?.('.react-flow__node, .react-flow__edge, .react-flow__controls, .react-flow__panel')) return false;
  return !!element.closest?.('.canvas');
}

/** Inspector fields edit the document, so Undo there is the document's Undo. */
function isDocumentField(target: EventTarget | null): boolean {
  return !!(target as HTMLElement | null)?.closest?.('[data-doc-field]');
}

/**
 * Keys pressed on a focused node or wire. React Flow selects with Enter there, and Shift is a
 * multi-selection key, so Mod+Shift+Enter would unselect the node before Run selected saw it:
 * commands get these keys first.
 */
function isOnFlowElement(target: EventTarget | null): boolean {
  return !!(target as HTMLElement | null)?.closest?.('.react-flow__node, .react-flow__edge');
}

/**
 * The editor's keyboard: commands by their keys, and copy/cut/paste through the browser's
 * clipboard events, which need no permission and carry text between windows.
 */
export function useEditorKeys(editor: Editor): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): boolean => {
      if (event.defaultPrevented) return false;
      const typing = isTypingIn(event.target);
      const dialog = editor.view.getState().dialog;
      for (const command of COMMANDS) {
        if (command.isShownOnly || !command.keys?.some((k) => matchesKeys(k, event))) continue;
        if (typing && !command.inFields) return false;
        // Tab moves focus between controls; on the canvas it opens the palette.
        if (command.id === 'palette' && !isOnCanvas(event.target)) return false;
        if (typing && (command.id === 'undo' || command.id === 'redo') && !isDocumentField(event.target)) return false;
        // With a dialog open only the few keys that make sense behind it work.
        if (dialog && dialog.kind !== 'palette' && !['save', 'saveAs'].includes(command.id)) return false;
        event.preventDefault();
        if (command.isEnabled && !command.isEnabled(editor)) return true;
        command.run(editor);
        return true;
      }
      if (event.key === 'Escape' && dialog) editor.view.getState().closeDialog();
      return false;
    };
    const onKeyDownFirst = (event: KeyboardEvent) => {
      if (isOnFlowElement(event.target) && onKeyDown(event)) event.stopPropagation();
    };
    const onCopy = (event: ClipboardEvent) => {
      if (isTypingIn(event.target) || window.getSelection()?.toString()) return;
      editor.copyTo(event);
    };
    const onCut = (event: ClipboardEvent) => {
      if (isTypingIn(event.target) || window.getSelection()?.toString()) return;
      editor.cutTo(event);
    };
    const onPaste = (event: ClipboardEvent) => {
      if (isTypingIn(event.target) || editor.view.getState().dialog) return;
      const text = event.clipboardData?.getData('text/plain');
      if (text === undefined) return;
      event.preventDefault();
      void editor.paste(text);
    };
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!isDirty(editor.undoHistory.getState())) return;
      void editor.flushAutosave();
      event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDownFirst, true);
    window.addEventListener('keydown', onKeyDown);
    document.addEventListener('copy', onCopy);
    document.addEventListener('cut', onCut);
    document.addEventListener('paste', onPaste);
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      window.removeEventListener('keydown', onKeyDownFirst, true);
      window.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('cut', onCut);
      document.removeEventListener('paste', onPaste);
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [editor]);
}
