import type { Host, HostDocumentState, HostMenuCommand } from '@adloom/host';
import { describe, expect, it } from 'vitest';
import { Editor } from './editor.ts';

/** Only what a desktop shell adds to a Host; the editor calls nothing else in these tests. */
function shellHost() {
  const reports: HostDocumentState[] = [];
  let send: ((command: HostMenuCommand) => void) | undefined;
  const host = {
    onMenuCommand(listener: (command: HostMenuCommand) => void) {
      send = listener;
      return () => {
        send = undefined;
      };
    },
    reportDocumentState(state: HostDocumentState) {
      reports.push(state);
    },
  } as unknown as Host;
  return { host, reports, menu: (command: HostMenuCommand) => send?.(command) };
}

describe('the editor in a desktop shell', () => {
  it('[editor.D13] reports its document when the path, title or unsaved state changes, once per change', () => {
    const { host, reports } = shellHost();
    const editor = new Editor(host);
    editor.doc.getState().newGraph('Spring');
    editor.doc.getState().addNode('input.text', { x: 0, y: 0 });
    editor.doc.getState().moveNodes({ text: { x: 5, y: 5 } });
    editor.undoHistory.getState().markSaved(editor.undoHistory.getState().position);
    editor.doc.getState().markSaved('spring.adloom.json', '2026-01-01T00:00:00Z');
    expect(reports).toEqual([
      { path: null, title: 'Spring', isDirty: false },
      { path: null, title: 'Spring', isDirty: true },
      { path: 'spring.adloom.json', title: 'Spring', isDirty: false },
    ]);
  });

  it('[editor.D14] runs native menu commands by their ids', () => {
    const { host, menu } = shellHost();
    const editor = new Editor(host);
    editor.doc.getState().newGraph();
    editor.doc.getState().addNode('input.text', { x: 0, y: 0 });
    menu({ id: 'undo' });
    expect(Object.keys(editor.doc.getState().graph.nodes)).toEqual([]);
    menu({ id: 'redo' });
    expect(Object.keys(editor.doc.getState().graph.nodes)).toEqual(['text']);
    // A command that cannot run now, or that the editor does not know, does nothing.
    menu({ id: 'redo' });
    menu({ id: 'noSuchCommand' });
    expect(Object.keys(editor.doc.getState().graph.nodes)).toEqual(['text']);
  });

  it('[editor.D15] saves to the path a native Save As dialog chose, as it is, even outside the workspace', async () => {
    const { host, menu } = shellHost();
    const saved: string[] = [];
    Object.assign(host, {
      saveFile: async (path: string) => {
        saved.push(path);
        return { path, modifiedAt: '2026-01-01T00:00:00Z' };
      },
      discardRecovery: async () => {},
    });
    const editor = new Editor(host);
    editor.doc.getState().newGraph('Spring');
    menu({ id: 'saveAs', path: '/home/ana/Desktop/spring.adloom.json' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(saved).toEqual(['/home/ana/Desktop/spring.adloom.json']);
  });
});
