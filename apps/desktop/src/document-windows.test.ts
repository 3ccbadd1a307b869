import { describe, expect, it } from 'vitest';
import { DocumentWindows } from './document-windows.ts';

describe('DocumentWindows', () => {
  it('[desktop.D1] opens a file in the window that has it, reuses an untouched untitled window, else a new one', () => {
    const windows = new DocumentWindows();
    windows.add(1, 'ads/a.adloom.json');
    windows.add(2, null);
    expect(windows.placeFor('ads/a.adloom.json', 2)).toEqual({ kind: 'focus', windowId: 1 });
    expect(windows.placeFor('ads/b.adloom.json', 2)).toEqual({ kind: 'reuse', windowId: 2 });
    expect(windows.placeFor('ads/b.adloom.json', 1)).toEqual({ kind: 'new' });
    windows.report(2, { path: null, title: 'Untitled', isDirty: true });
    expect(windows.placeFor('ads/b.adloom.json', 2)).toEqual({ kind: 'new' });
  });

  it('[desktop.D2] trusts the editor’s report over the title once it has reported', () => {
    const windows = new DocumentWindows();
    windows.add(1, null);
    windows.titleChanged(1, '● Draft — Adloom');
    expect(windows.isDirty(1)).toBe(true);
    windows.report(1, { path: 'draft.adloom.json', title: 'Draft', isDirty: false });
    windows.titleChanged(1, '● Draft — Adloom');
    expect(windows.isDirty(1)).toBe(false);
    expect(windows.get(1)?.path).toBe('draft.adloom.json');
  });

  it('[desktop.D3] tells the close prompt when a save has landed, or that it did not in time', async () => {
    const windows = new DocumentWindows();
    windows.add(1, 'a.adloom.json');
    windows.report(1, { path: 'a.adloom.json', title: 'A', isDirty: true });
    const saved = windows.whenClean(1, 1000);
    windows.report(1, { path: 'a.adloom.json', title: 'A', isDirty: false });
    expect(await saved).toBe(true);
    windows.report(1, { path: 'a.adloom.json', title: 'A', isDirty: true });
    expect(await windows.whenClean(1, 20)).toBe(false);
    const closing = windows.whenClean(1, 1000);
    windows.remove(1);
    expect(await closing).toBe(false);
  });
});
