import { readFileSync } from 'node:fs';
import { loadGraphText, validateGraph } from '@adloom/graph';
import { describe, expect, it } from 'vitest';
import { clipboardText, copyNodes, readClipboardText, remapPaste } from './clipboard.ts';
import { createDocumentStore } from './document-store.ts';
import { createHistory } from './history.ts';

const example = readFileSync(new URL('../../../../examples/hello-brief.adloom.json', import.meta.url), 'utf8');
const graph = loadGraphText(example).graph!;
const isGraphInput = (type: string) => type.startsWith('input.');

describe('copy and paste', () => {
  it('[editor.P1] copies the chosen nodes and only the edges among them', () => {
    const clip = copyNodes(graph, ['feed', 'benefit', 'brief']);
    expect(Object.keys(clip.nodes)).toEqual(['feed', 'benefit', 'brief']);
    expect(clip.edges).toEqual([
      { from: 'feed.value', to: 'benefit.value' },
      { from: 'benefit.value', to: 'brief.benefit' },
    ]);
  });

  it('[editor.P2] the clipboard text is a graph file, read back the same', () => {
    const clip = copyNodes(graph, ['product', 'brief']);
    const text = clipboardText(clip);
    expect(readClipboardText(text)).toEqual(clip);
    expect(readClipboardText('just some words')).toBeUndefined();
    expect(readClipboardText('{"not":"a graph"}')).toBeUndefined();
  });

  it('[editor.P3] paste gives new ids, remaps internal edges, drops edges to nodes not pasted, offsets positions', () => {
    const clip = copyNodes(graph, ['product', 'feed', 'benefit', 'brief']);
    const pasted = remapPaste(graph, clip, { offset: { x: 40, y: 40 }, isGraphInput });
    expect([...pasted.ids]).toEqual([
      ['product', 'product2'],
      ['feed', 'feed2'],
      ['benefit', 'benefit2'],
      ['brief', 'brief2'],
    ]);
    expect(pasted.edges).toEqual([
      { from: 'product2.text', to: 'brief2.product' },
      { from: 'feed2.value', to: 'benefit2.value' },
      { from: 'benefit2.value', to: 'brief2.benefit' },
    ]);
    expect(pasted.nodes.brief2?.ui).toEqual({ x: 680, y: 160 });
    // A pasted graph input takes its new id as its name, so two inputs never share a name.
    expect(pasted.nodes.product2?.params?.name).toBe('product2');
    // The original nodes are untouched.
    expect(graph.nodes.product?.params?.name).toBe('product');
  });

  it('[editor.P3] pasting twice never reuses an id', () => {
    const store = createDocumentStore();
    const history = createHistory(store);
    store.getState().load({ path: 'a.adloom.json', text: example });
    const clip = copyNodes(store.getState().graph, ['brief', 'benefit']);
    const first = store.getState().paste(clip, { x: 10, y: 10 }, isGraphInput);
    const second = store.getState().paste(clip, { x: 20, y: 20 }, isGraphInput);
    expect(first).toEqual(['benefit2', 'brief2']);
    expect(second).toEqual(['benefit3', 'brief3']);
    expect(history.getState().past).toHaveLength(2);
  });

  it('[editor.P4] a pasted copy of a whole graph validates like the original', () => {
    const store = createDocumentStore();
    store.getState().load({ path: 'a.adloom.json', text: example });
    store.getState().paste(copyNodes(graph, Object.keys(graph.nodes)), { x: 0, y: 600 }, isGraphInput);
    const catalog = { nodes: {} };
    const messages = validateGraph(store.getState().graph, catalog).map((d) => d.message);
    // With an empty catalog every node is of unknown type, but no id or edge is broken.
    expect(messages.every((m) => /unknown type/.test(m))).toBe(true);
    expect(Object.keys(store.getState().graph.nodes)).toHaveLength(10);
  });

  it('[editor.P5] groups whose nodes are all copied come along, with new ids', () => {
    const store = createDocumentStore();
    store.getState().load({ path: 'a.adloom.json', text: example });
    store.getState().createGroup(['product', 'audience'], 'Inputs');
    const clip = copyNodes(store.getState().graph, ['product', 'audience', 'brief']);
    expect(clip.ui?.groups).toEqual([{ id: 'group', title: 'Inputs', nodes: ['product', 'audience'] }]);
    store.getState().paste(clip, { x: 0, y: 500 }, isGraphInput);
    expect(store.getState().graph.ui?.groups).toEqual([
      { id: 'group', title: 'Inputs', nodes: ['product', 'audience'] },
      { id: 'group2', title: 'Inputs', nodes: ['product2', 'audience2'] },
    ]);
  });
});
