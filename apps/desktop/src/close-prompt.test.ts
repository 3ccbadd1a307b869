import { describe, expect, it } from 'vitest';
import { closeChoice, documentFromTitle, unsavedChangesPrompt } from './close-prompt.ts';

describe('unsaved changes prompt', () => {
  it('[Q1] asks Save / Don’t save / Cancel about the named document, Cancel on Escape', () => {
    const prompt = unsavedChangesPrompt('Spring launch');
    expect(prompt.message).toBe('Do you want to save the changes you made to “Spring launch”?');
    expect(prompt.buttons).toEqual(['Save', "Don't save", 'Cancel']);
    expect(prompt.buttons[prompt.cancelId]).toBe('Cancel');
    expect(unsavedChangesPrompt('').message).toContain('“Untitled”');
  });

  it('[Q2] maps the answer to a choice; anything unexpected cancels', () => {
    expect([0, 1, 2, 7, -1].map(closeChoice)).toEqual(['save', 'discard', 'cancel', 'cancel', 'cancel']);
  });

  it('[Q3] reads dirty state from the editor’s window title when it does not report', () => {
    expect(documentFromTitle('● Spring launch — Adloom')).toEqual({ name: 'Spring launch', isDirty: true });
    expect(documentFromTitle('Spring launch — Adloom')).toEqual({ name: 'Spring launch', isDirty: false });
    expect(documentFromTitle('Adloom')).toEqual({ name: 'Adloom', isDirty: false });
  });
});
