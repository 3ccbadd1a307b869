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
