import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createDocumentStore, type DocumentChange } from './document-store.ts';
import { COALESCE_MS, createHistory, HISTORY_LIMIT, isDirty } from './history.ts';

const example = readFileSync(new URL('../../../../examples/hello-brief.adloom.json', import.meta.url), 'utf8');

function historyOverStore() {
  let time = 1_000;
  const store = createDocumentStore();
  const history = createHistory(store, { now: () => time });
  store.getState().load({ path: 'a.adloom.json', text: example });
  return {
    s: () => store.getState(),
    h: () => history.getState(),
    tick: (ms: number) => {
      time += ms;
    },
  };
}

describe('undo history', () => {
  it('[editor.H5] a change made straight through the store, not by an editor action, is an undo step', () => {
    const { s, h } = historyOverStore();
    s().change((draft) => {
      draft.name = 'Spring launch';
      draft.edges.pop();
    });
    expect(h().past).toHaveLength(1);
    expect(isDirty(h())).toBe(true);
    h().undo();
    expect(s().text()).toBe(example);
    expect(isDirty(h())).toBe(false);
  });

  it('[editor.H6] an undo or a redo is not recorded as a new step, and keeps the redo steps', () => {
    const { s, h } = historyOverStore();
    const heard: DocumentChange['source'][] = [];
    s().listen((change) => heard.push(change.source));
    s().addNode('input.text', { x: 0, y: 400 });
    s().setName('Spring launch');
    h().undo();
    h().undo();
    expect(h().past).toHaveLength(0);
    expect(h().future).toHaveLength(2);
    h().redo();
    expect(h().past).toHaveLength(1);
    expect(h().future).toHaveLength(1);
    h().redo();
    expect(s().graph.name).toBe('Spring launch');
    expect(Object.keys(s().graph.nodes)).toContain('text');
    // The store announced every change; the history kept only the two edits.
    expect(heard).toEqual(['edit', 'edit', 'history', 'history', 'history', 'history']);
  });

  it('[editor.H7] a mark ends a squash and a typing burst: the next change is a step of its own', () => {
    const { s, h, tick } = historyOverStore();
    h().squash();
    s().moveNodes({ product: { x: 10, y: 10 } });
    tick(2 * COALESCE_MS);
    s().addNode('input.text', { x: 0, y: 400 });
    expect(h().past).toHaveLength(1);
    h().mark();
    s().moveNodes({ product: { x: 20, y: 20 } });
    expect(h().past).toHaveLength(2);
    // Typing in one field, with a mark in the middle (a save), is two steps however quick.
    s().setParam('brief', 'template', 'Fresh');
    h().mark();
    tick(10);
    s().setParam('brief', 'template', 'Fresh start');
    expect(h().past).toHaveLength(4);
    h().undo();
    expect(s().graph.nodes.brief?.params?.template).toBe('Fresh');
    h().undo();
    h().undo();
    h().undo();
    expect(s().text()).toBe(example);
  });

  it('[editor.H8] another version of the graph put in place is one step that undo and redo take back and forth', () => {
    const { s, h } = historyOverStore();
    const other = `${JSON.stringify({ adloom: 1, name: 'Recovered', nodes: {}, edges: [] }, null, 2)}\n`;
    expect(s().replaceGraph(other)).toEqual({ ok: true });
    expect(h().past).toHaveLength(1);
    h().undo();
    expect(s().text()).toBe(example);
    h().redo();
    expect(s().text()).toBe(other);
  });

  it('[editor.H9] opening another document starts the history over, clean', () => {
    const { s, h } = historyOverStore();
    s().setName('Spring launch');
    h().undo();
    s().setName('Summer launch');
    s().newGraph();
    expect(h().past).toHaveLength(0);
    expect(h().future).toHaveLength(0);
    expect(isDirty(h())).toBe(false);
    expect(h().undo()).toBe(false);
    expect(s().graph.name).toBe('Untitled');
  });

  it('[editor.H10] edits made while a save is on its way keep the document dirty until they are undone', () => {
    const { s, h } = historyOverStore();
    s().setParam('brief', 'template', 'Fresh');
    // The save takes the text and marks; the user types on before the file is written.
    const saving = h().mark();
    s().setParam('brief', 'template', 'Fresh start');
    h().markSaved(saving);
    expect(isDirty(h())).toBe(true);
    h().undo();
    expect(isDirty(h())).toBe(false);
  });

  it('[editor.H12] a change made as a step of its own joins neither the typing before it nor the typing after', () => {
    const { s, h, tick } = historyOverStore();
    s().setParam('brief', 'template', 'Fresh');
    tick(10);
    // Everything inside is one step (a recipe that sets the field and moves a node), however many changes it makes.
    const made = h().asStep(() => {
      s().setParam('brief', 'template', 'Fresh {{product}}');
      s().moveNodes({ product: { x: 40, y: 40 } });
      return 'made';
    });
    expect(made).toBe('made');
    tick(10);
    s().setParam('brief', 'template', 'Fresh {{product}}!');
    expect(h().past).toHaveLength(3);
    h().undo();
    expect(s().graph.nodes.brief?.params?.template).toBe('Fresh {{product}}');
    h().undo();
    expect(s().graph.nodes.brief?.params?.template).toBe('Fresh');
    expect(s().graph.nodes.product?.ui).toEqual(JSON.parse(example).nodes.product.ui);
    h().undo();
    expect(s().text()).toBe(example);
  });

  it('[editor.H12] a step of its own that fails half-way keeps what it changed as one step, apart from the next change', () => {
    const { s, h } = historyOverStore();
    expect(() =>
      h().asStep(() => {
        s().setName('Spring launch');
        s().moveNodes({ product: { x: 40, y: 40 } });
        throw new Error('the layout gave up');
      }),
    ).toThrow('the layout gave up');
    s().moveNodes({ product: { x: 80, y: 80 } });
    expect(h().past).toHaveLength(2);
    h().undo();
    expect(s().graph.nodes.product?.ui).toEqual({ x: 40, y: 40 });
    h().undo();
    expect(s().text()).toBe(example);
  });

  it('[editor.H11] keeps the last 500 steps; undoing them all still leaves the document dirty', () => {
    const { s, h } = historyOverStore();
    expect(HISTORY_LIMIT).toBe(500);
    for (let i = 0; i <= HISTORY_LIMIT; i++) {
      s().change((draft) => {
        draft.name = `Name ${i}`;
      });
    }
    expect(h().past).toHaveLength(HISTORY_LIMIT);
    let undone = 0;
    while (h().undo()) undone++;
    expect(undone).toBe(HISTORY_LIMIT);
    expect(s().graph.name).toBe('Name 0');
    expect(isDirty(h())).toBe(true);
  });
});
