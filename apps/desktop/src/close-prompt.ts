/** The question a window with unsaved changes asks before it closes, as Electron's dialog.showMessageBox takes it. */
export interface ClosePrompt {
  type: 'warning';
  buttons: string[];
  defaultId: number;
  cancelId: number;
  message: string;
  detail: string;
  noLink: true;
}

export type CloseChoice = 'save' | 'discard' | 'cancel';

const CHOICES: CloseChoice[] = ['save', 'discard', 'cancel'];

export function unsavedChangesPrompt(documentName: string): ClosePrompt {
  return {
    type: 'warning',
    buttons: ['Save', "Don't save", 'Cancel'],
    defaultId: 0,
    cancelId: 2,
    message: `Do you want to save the changes you made to “${documentName || 'Untitled'}”?`,
    detail: "Your changes will be lost if you don't save them.",
    noLink: true,
  };
}

/** The button index the dialog answered with, as a choice. */
export function closeChoice(response: number): CloseChoice {
  return CHOICES[response] ?? 'cancel';
}

/**
 * The document as the window title shows it: the editor titles its window
 * `● Name — Adloom` while there are unsaved changes. A fallback for an editor that does not
 * report its state on the document channel.
 */
export function documentFromTitle(title: string): { name: string; isDirty: boolean } {
  const isDirty = title.startsWith('● ');
  const name = (isDirty ? title.slice(2) : title).replace(/\s+—\s+Adloom$/, '');
  return { name, isDirty };
}

/** What closing a window with unsaved changes needs from main. */
export interface UnsavedChangesSteps {
  /** Shows the prompt (unsavedChangesPrompt) and gives the answer. */
  ask(documentName: string): Promise<CloseChoice>;
  /** The native save dialog, for a graph never saved; null when dismissed. */
  chooseSavePath(): Promise<string | null>;
  /** Sends a command to the window's editor. */
  send(command: { id: string; path?: string }): void;
  /** Resolves true once the editor reports the document saved, false if it does not in time. */
  whenSaved(): Promise<boolean>;
}

/**
 * Asks what to do with unsaved changes and does it: true when the window may close (the
 * changes were dropped, or saved, through the native save dialog for an untitled graph), false
 * when it stays open (Cancel, a dismissed dialog, a save that did not land).
 */
export async function settleUnsavedChanges(
  document: { path: string | null; title: string },
  steps: UnsavedChangesSteps,
): Promise<boolean> {
  const choice = await steps.ask(document.title);
  if (choice === 'cancel') return false;
  if (choice === 'discard') return true;
  return saveThroughEditor(document, steps);
}

/** Has the editor save (Save as with a native-dialog path when untitled) and waits for it. */
export async function saveThroughEditor(
  document: { path: string | null },
  steps: Pick<UnsavedChangesSteps, 'chooseSavePath' | 'send' | 'whenSaved'>,
): Promise<boolean> {
  if (document.path) {
    steps.send({ id: 'save' });
  } else {
    const path = await steps.chooseSavePath();
    if (!path) return false;
    steps.send({ id: 'saveAs', path });
  }
  return steps.whenSaved();
}
