import { describe, expect, it } from 'vitest';
import { type CloseChoice, closeChoice, documentFromTitle, settleUnsavedChanges, unsavedChangesPrompt } from './close-prompt.ts';

describe('unsaved changes prompt', () => {
  it('[desktop.Q1] asks Save / Don’t save / Cancel about the named document, Cancel on Escape', () => {
    const prompt = unsavedChangesPrompt('Spring launch');
    expect(prompt.message).toBe('Do you want to save the changes you made to “Spring launch”?');
    expect(prompt.buttons).toEqual(['Save', "Don't save", 'Cancel']);
    expect(prompt.buttons[prompt.cancelId]).toBe('Cancel');
    expect(unsavedChangesPrompt('').message).toContain('“Untitled”');
  });

  it('[desktop.Q2] maps the answer to a choice; anything unexpected cancels', () => {
    expect([0, 1, 2, 7, -1].map(closeChoice)).toEqual(['save', 'discard', 'cancel', 'cancel', 'cancel']);
  });

  it('[desktop.Q3] reads dirty state from the editor’s window title when it does not report', () => {
    expect(documentFromTitle('● Spring launch — Adloom')).toEqual({ name: 'Spring launch', isDirty: true });
    expect(documentFromTitle('Spring launch — Adloom')).toEqual({ name: 'Spring launch', isDirty: false });
    expect(documentFromTitle('Adloom')).toEqual({ name: 'Adloom', isDirty: false });
  });
});

describe('closing with unsaved changes', () => {
  function steps(answer: CloseChoice, options: { dialogPath?: string | null; saves?: boolean } = {}) {
    const log: unknown[] = [];
    return {
      log,
      steps: {
        ask: async (name: string) => {
          log.push(['ask', name]);
          return answer;
        },
        chooseSavePath: async () => {
          log.push(['dialog']);
          return options.dialogPath ?? null;
        },
        send: (command: { id: string; path?: string }) => log.push(['send', command]),
        whenSaved: async () => options.saves ?? true,
      },
    };
  }

  it('[desktop.Q4] Cancel keeps the window; Don’t save lets it close without saving', async () => {
    const cancel = steps('cancel');
    expect(await settleUnsavedChanges({ path: 'a.adloom.json', title: 'A' }, cancel.steps)).toBe(false);
    expect(cancel.log).toEqual([['ask', 'A']]);
    const discard = steps('discard');
    expect(await settleUnsavedChanges({ path: 'a.adloom.json', title: 'A' }, discard.steps)).toBe(true);
    expect(discard.log).toEqual([['ask', 'A']]);
  });

  it('[desktop.Q5] Save has the editor save, and closes once it has; an untitled graph goes through the native dialog first', async () => {
    const saved = steps('save');
    expect(await settleUnsavedChanges({ path: 'a.adloom.json', title: 'A' }, saved.steps)).toBe(true);
    expect(saved.log).toEqual([
      ['ask', 'A'],
      ['send', { id: 'save' }],
    ]);
    const untitled = steps('save', { dialogPath: '/home/ana/Draft.adloom.json' });
    expect(await settleUnsavedChanges({ path: null, title: 'Draft' }, untitled.steps)).toBe(true);
    expect(untitled.log).toEqual([['ask', 'Draft'], ['dialog'], ['send', { id: 'saveAs', path: '/home/ana/Draft.adloom.json' }]]);
  });

  it('[desktop.Q6] keeps the window when the save dialog is dismissed or the save does not land', async () => {
    expect(await settleUnsavedChanges({ path: null, title: 'Draft' }, steps('save', { dialogPath: null }).steps)).toBe(false);
    expect(await settleUnsavedChanges({ path: 'a.adloom.json', title: 'A' }, steps('save', { saves: false }).steps)).toBe(false);
  });
});
