import { readFileSync } from 'node:fs';
import { serializeGraph } from '@adloom/graph';
import { describe, expect, it } from 'vitest';
import { createDocumentStore, recoveryKey } from './document-store.ts';
import { createHistory, isDirty } from './history.ts';

const example = readFileSync(new URL('../../../../examples/hello-brief.adloom.json', import.meta.url), 'utf8');

function storeWithClock() {
  let time = 1_000;
  const store = createDocumentStore();
  const history = createHistory(store, { now: () => time });
  return {
    store,
    s: () => store.getState(),
    h: () => history.getState(),
    tick: (ms: number) => {
      time += ms;
    },
  };
}

describe('document store', () => {
  it('[editor.E1] load then save gives the same bytes, unknown keys and unknown node types included', () => {
    const text = `${JSON.stringify(
      {
        adloom: 1,
        name: 'Odd one',
        nodes: {
          mystery: {
            type: 'pack.missing',
            params: { a: 1, nested: { b: [1, 2] } },
            ui: { x: 5, y: 6, collapsed: true },
            extra: 'x',
          },
          product: { type: 'input.text', params: { name: 'product' }, ui: { x: 0, y: 0 } },
        },
        edges: [{ from: 'product.text', to: 'mystery.in', note: 'kept' }],
        ui: { viewport: { x: 1, y: 2, zoom: 0.5 }, groups: [{ something: 'else' }], theme: 'dark' },
        zebra: { keep: true },
      },
      null,
      2,
    )}\n`;
    const { store, h } = storeWithClock();
    expect(store.getState().load({ path: 'odd.adloom.json', text })).toEqual({ ok: true });
    expect(store.getState().text()).toBe(text);
    expect(isDirty(h())).toBe(false);
  });

  it('[editor.E1] a file in another key order is saved the way serializeGraph writes it', () => {
    const { store } = storeWithClock();
    const text = '{"nodes":{},"name":"x","edges":[],"adloom":1,"zebra":1}';
    store.getState().load({ path: 'x.adloom.json', text });
    expect(store.getState().text()).toBe('{\n  "adloom": 1,\n  "name": "x",\n  "nodes": {},\n  "edges": [],\n  "zebra": 1\n}\n');
  });

  it('[editor.E1] the example file survives load → save byte for byte', () => {
    const { store } = storeWithClock();
    store.getState().load({ path: 'examples/hello-brief.adloom.json', text: example });
    expect(store.getState().text()).toBe(example);
  });

  it('refuses a file that is not a graph, with the reason', () => {
    const { store } = storeWithClock();
    const result = store.getState().load({ path: 'x.adloom.json', text: '{"adloom": 1, "nodes": {}}' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.diagnostics[0]?.message).toMatch(/name/);
  });

  it('[editor.H1] a drag is one undo step, however many moves it makes and however long it takes', () => {
    const { s, tick, h } = storeWithClock();
    s().load({ path: 'a.adloom.json', text: example });
    h().squash();
    for (let i = 1; i <= 50; i++) {
      s().moveNodes({ product: { x: i * 10, y: i }, audience: { x: i * 10, y: 160 + i } });
      tick(100);
    }
    h().mark();
    expect(h().past).toHaveLength(1);
    expect(s().graph.nodes.product?.ui).toEqual({ x: 500, y: 50 });
    h().undo();
    expect(s().text()).toBe(example);
    expect(isDirty(h())).toBe(false);
    h().redo();
    expect(s().graph.nodes.audience?.ui).toEqual({ x: 500, y: 210 });
    // The merged step keeps one patch per coordinate, not one per mouse move.
    expect(h().past[0]?.patches.length).toBeLessThanOrEqual(4);
  });

  it('[editor.H1] two drags are two steps', () => {
    const { s, tick, h } = storeWithClock();
    s().load({ path: 'a.adloom.json', text: example });
    h().squash();
    s().moveNodes({ product: { x: 10, y: 10 } });
    h().mark();
    tick(50);
    h().squash();
    s().moveNodes({ product: { x: 20, y: 20 } });
    h().mark();
    expect(h().past).toHaveLength(2);
    h().undo();
    expect(s().graph.nodes.product?.ui).toEqual({ x: 10, y: 10 });
  });

  it('[editor.H2] a burst of typing in one field is one step; a pause or another field starts a new one', () => {
    const { s, tick, h } = storeWithClock();
    s().load({ path: 'a.adloom.json', text: example });
    const word = 'Fresh ';
    for (let i = 1; i <= word.length; i++) {
      s().setParam('brief', 'template', word.slice(0, i));
      tick(120);
    }
    expect(h().past).toHaveLength(1);
    tick(800);
    s().setParam('brief', 'template', 'Fresh start');
    expect(h().past).toHaveLength(2);
    tick(10);
    s().setParam('product', 'default', 'Boots');
    expect(h().past).toHaveLength(3);
    h().undo();
    h().undo();
    expect(s().graph.nodes.brief?.params?.template).toBe('Fresh ');
    h().undo();
    expect(s().text()).toBe(example);
  });

  it('[editor.H3] selection and the viewport are never steps and never make the file dirty', () => {
    const { s, h } = storeWithClock();
    s().load({ path: 'a.adloom.json', text: example });
    s().setViewport({ x: 0, y: 0, zoom: 1 });
    expect(h().past).toHaveLength(0);
    expect(isDirty(h())).toBe(false);
  });

  it('undo then a new change drops the redo steps', () => {
    const { s, h } = storeWithClock();
    s().newGraph();
    s().addNode('input.text', { x: 0, y: 0 }, { isGraphInput: true });
    s().addNode('text.template', { x: 300, y: 0 });
    h().undo();
    expect(h().future).toHaveLength(1);
    s().addNode('text.join', { x: 300, y: 0 });
    expect(h().future).toHaveLength(0);
    expect(Object.keys(s().graph.nodes)).toEqual(['text', 'join']);
  });

  it('marks dirty after a change and clean after undoing back to the saved state or saving', () => {
    const { s, h } = storeWithClock();
    s().load({ path: 'a.adloom.json', text: example });
    s().setParam('product', 'default', 'Boots');
    expect(isDirty(h())).toBe(true);
    h().undo();
    expect(isDirty(h())).toBe(false);
    h().redo();
    expect(isDirty(h())).toBe(true);
    h().markSaved(h().position);
    s().markSaved('a.adloom.json', '2026-01-01T00:00:00Z');
    expect(isDirty(h())).toBe(false);
    // Typing right after a save starts a new step, so undoing it returns to the saved text.
    s().setParam('product', 'default', 'Boots!');
    expect(h().past).toHaveLength(2);
    h().undo();
    expect(isDirty(h())).toBe(false);
  });

  it('names new nodes after their type, and graph inputs after their id', () => {
    const { s } = storeWithClock();
    s().newGraph();
    const a = s().addNode('input.text', { x: 0, y: 0 }, { isGraphInput: true });
    const b = s().addNode('input.text', { x: 0, y: 100 }, { isGraphInput: true });
    expect([a, b]).toEqual(['text', 'text2']);
    expect(s().graph.nodes.text2?.params).toEqual({ name: 'text2' });
  });

  it('removing a node removes its edges and its place in groups, as one step', () => {
    const { s, h } = storeWithClock();
    s().load({ path: 'a.adloom.json', text: example });
    const group = s().createGroup(['product', 'audience'], 'Inputs');
    expect(group).toBe('group');
    s().removeNodes(['product']);
    expect(s().graph.edges.map((e) => e.from)).not.toContain('product.text');
    expect(s().graph.ui?.groups).toEqual([{ id: 'group', title: 'Inputs', nodes: ['audience'] }]);
    h().undo();
    expect(s().graph.nodes.product).toBeDefined();
    expect(s().graph.ui?.groups).toEqual([{ id: 'group', title: 'Inputs', nodes: ['product', 'audience'] }]);
  });

  it('[editor.H4] undoing a delete puts nodes, params and edges back in their places in the file', () => {
    const { s, h } = storeWithClock();
    s().load({ path: 'a.adloom.json', text: example });
    s().removeNodes(['audience', 'feed']);
    h().undo();
    expect(s().text()).toBe(example);
    s().setParam('product', 'name', undefined);
    expect(s().graph.nodes.product?.params).toEqual({ default: 'Trailblazer 2 running shoes' });
    h().undo();
    expect(s().text()).toBe(example);
    h().redo();
    h().undo();
    expect(s().text()).toBe(example);
  });

  it('connecting to a taken single input replaces the old edge in one step', () => {
    const { s, h } = storeWithClock();
    s().load({ path: 'a.adloom.json', text: example });
    s().connect('audience.text', 'brief.product', { from: 'product.text', to: 'brief.product' });
    expect(s().graph.edges.filter((e) => e.to === 'brief.product')).toEqual([{ from: 'audience.text', to: 'brief.product' }]);
    h().undo();
    expect(s().text()).toBe(example);
  });

  it('renames a node with its edges and groups, keeping its place in the file', () => {
    const { s } = storeWithClock();
    s().load({ path: 'a.adloom.json', text: example });
    s().createGroup(['feed'], 'Data');
    expect(s().renameNode('feed', 'row')).toEqual({ ok: true });
    expect(Object.keys(s().graph.nodes)).toEqual(['product', 'audience', 'row', 'benefit', 'brief']);
    expect(s().graph.edges).toContainEqual({ from: 'row.value', to: 'benefit.value' });
    expect(s().renameNode('row', 'brief')).toEqual({ ok: false, reason: 'there is already a node "brief"' });
    expect(s().renameNode('row', '9lives').ok).toBe(false);
  });

  it('keeps untitled graphs in the journal under untitled-<id>', () => {
    const { s } = storeWithClock();
    s().newGraph();
    expect(recoveryKey(s())).toMatch(/^untitled-[0-9a-f]{8}$/);
    s().markSaved('new.adloom.json', null);
    expect(recoveryKey(s())).toBe('new.adloom.json');
  });

  it('a template opens as an unsaved graph', () => {
    const { s, h } = storeWithClock();
    s().load({ path: null, text: example, templateOf: 'examples/hello-brief.adloom.json' });
    expect(s().path).toBeNull();
    expect(isDirty(h())).toBe(true);
    expect(serializeGraph(s().graph)).toBe(example);
  });
});
