import { createContext, type ReactNode, useContext } from 'react';
import { useStore } from 'zustand';
import type { DocumentActions, DocumentState } from '../document/document-store.ts';
import type { HistoryActions, HistoryState } from '../document/history.ts';
import type { RunState } from '../run/run-state.ts';
import type { RunActions } from '../run/run-store.ts';
import type { ViewActions, ViewState } from '../view/view-store.ts';
import type { Editor } from './editor.ts';

const EditorContext = createContext<Editor | null>(null);

export function EditorProvider({ editor, children }: { editor: Editor; children: ReactNode }) {
  return <EditorContext.Provider value={editor}>{children}</EditorContext.Provider>;
}

export function useEditor(): Editor {
  const editor = useContext(EditorContext);
  if (!editor) throw new Error('useEditor outside <EditorProvider>');
  return editor;
}

/** A small slice of the document: components re-render only when it changes. */
export function useDoc<T>(selector: (state: DocumentState & DocumentActions) => T): T {
  return useStore(useEditor().doc, selector);
}

/** Undo state and the unsaved-changes marker. */
export function useHistory<T>(selector: (state: HistoryState & HistoryActions) => T): T {
  return useStore(useEditor().undoHistory, selector);
}

export function useView<T>(selector: (state: ViewState & ViewActions) => T): T {
  return useStore(useEditor().view, selector);
}

export function useRun<T>(selector: (state: RunState & RunActions) => T): T {
  return useStore(useEditor().run, selector);
}
