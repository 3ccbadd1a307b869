import { readFileSync } from 'node:fs';
import { type Catalog, nodeTypeFrom } from '@adloom/graph';
import { describe, expect, it } from 'vitest';
import { createDocumentStore } from '../document/document-store.ts';
import { createHistory } from '../document/history.ts';
import { createViewStore } from '../view/view-store.ts';
import { createFlowStore, FRAME_NODE } from './flow-store.ts';

const example = readFileSync(new URL('../../../../examples/hello-brief.adloom.json', import.meta.url), 'utf8');

/** Two of hello-brief's types; its text.template is left out, as a missing pack's would be. */
const catalog: Catalog = {
  nodes: {
    'input.text': nodeTypeFrom('input.text', [], [{ name: 'text', type: 'text' }], { isGraphInput: true }),
    'json.pick': nodeTypeFrom('json.pick', [{ name: 'value', type: 'json' }], [{ name: 'value', type: 'json' }]),
  },
};

function setup() {
  const doc = createDocumentStore();
  const history = createHistory(doc);
  const view = createViewStore();
  const flow = createFlowStore(doc, view);
  doc.getState().load({ path: 'a.adloom.json', text: example });
  return { doc, history, view, flow };
}

describe('flow store', () => {
  it('[editor.F1] derives React Flow nodes and edges from the document', () => {
    const { flow } = setup();
    const { nodes, edges } = flow.getState();
    expect(nodes.map((n) => [n.id, n.position])).toEqual([
      ['product', { x: 0, y: 0 }],
      ['audience', { x: 0, y: 170 }],
      ['feed', { x: 0, y: 340 }],
      ['benefit', { x: 320, y: 320 }],
      ['brief', { x: 640, y: 120 }],
    ]);
    expect(edges.map((e) => `${e.source}.${e.sourceHandle}->${e.target}.${e.targetHandle}`)).toEqual([
      'product.text->brief.product',
      'audience.text->brief.audience',
      'feed.value->benefit.value',
      'benefit.value->brief.benefit',
    ]);
  });

  it('[editor.F2] a change to one node replaces only that node object, so the others do not re-render', () => {
    const { doc, flow } = setup();
    const before = flow.getState().nodes;
    doc.getState().moveNodes({ feed: { x: 10, y: 330 } });
    const after = flow.getState().nodes;
    expect(after).not.toBe(before);
    after.forEach((node, i) => {
      if (node.id === 'feed') expect(node).not.toBe(before[i]);
      else expect(node).toBe(before[i]);
    });
    // A param change leaves the React Flow node as it is: the node view reads params itself.
    doc.getState().setParam('brief', 'template', 'x');
    expect(flow.getState().nodes.find((n) => n.id === 'brief')).toBe(after.find((n) => n.id === 'brief'));
  });

  it('[editor.F3] keeps measured sizes and selection across document changes; selection is published to the view store', () => {
    const { doc, history, view, flow } = setup();
    flow.getState().applyNodeChanges([
      { type: 'dimensions', id: 'feed', dimensions: { width: 260, height: 120 } },
      { type: 'select', id: 'feed', selected: true },
    ]);
    expect(view.getState().selectedNodes).toEqual(['feed']);
    doc.getState().moveNodes({ feed: { x: 50, y: 50 } });
    const feed = flow.getState().nodes.find((n) => n.id === 'feed');
    expect(feed).toMatchObject({ selected: true, measured: { width: 260, height: 120 }, position: { x: 50, y: 50 } });
    // Selecting changed nothing in the document's history.
    expect(history.getState().past).toHaveLength(1);
  });

  it('[editor.F4] draws a group as a frame around its nodes that follows them', () => {
    const { doc, flow } = setup();
    doc.getState().createGroup(['product', 'audience'], 'Inputs');
    const frame = () => flow.getState().nodes.find((n) => n.type === FRAME_NODE);
    expect(frame()).toMatchObject({ id: 'group:group', position: { x: -24, y: -60 }, data: { title: 'Inputs' } });
    doc.getState().moveNodes({ product: { x: -100, y: 0 } });
    expect(frame()?.position).toEqual({ x: -124, y: -60 });
    // Frames come first, so they are drawn behind the nodes.
    expect(flow.getState().nodes[0]?.type).toBe(FRAME_NODE);
  });

  it('[editor.F6] sizes a node and places its ports before it is drawn, once the catalog is in; a later copy leaves them to React Flow', () => {
    const { doc, view, flow } = setup();
    const byId = (id: string) => flow.getState().nodes.find((n) => n.id === id);
    expect(byId('benefit')?.measured).toBeUndefined();
    view.setState({ catalog });
    // A header, one port row, one param row (a graph input's name is not shown), the run line
    // and, for a node with results, their box: as editor.css draws them.
    expect(byId('product')?.measured).toEqual({ width: 260, height: 128 });
    expect(byId('benefit')).toMatchObject({
      measured: { width: 260, height: 200 },
      handles: [
        { id: 'value', type: 'target', position: 'left', x: -4, y: 56, width: 10, height: 10 },
        { id: 'value', type: 'source', position: 'right', x: 254, y: 56, width: 10, height: 10 },
      ],
    });
    // A type no pack provides shows a note that wraps: React Flow measures it.
    expect(byId('brief')?.measured).toBeUndefined();
    flow.getState().applyNodeChanges([{ type: 'dimensions', id: 'benefit', dimensions: { width: 260, height: 300 } }]);
    expect(byId('benefit')?.measured).toEqual({ width: 260, height: 300 });
    expect(byId('benefit')?.handles).toBeUndefined();
    doc.getState().moveNodes({ product: { x: 5, y: 5 } });
    expect(byId('product')).toMatchObject({ measured: { width: 260, height: 128 }, position: { x: 5, y: 5 } });
    expect(byId('product')?.handles).toBeUndefined();
  });

  it('[editor.F5] places nodes a hand-written file left without a position in columns by depth, without saving them', () => {
    const doc = createDocumentStore();
    const flow = createFlowStore(doc, createViewStore());
    const text = JSON.stringify({
      adloom: 1,
      name: 'no positions',
      nodes: { a: { type: 'input.text' }, b: { type: 'text.template' }, c: { type: 'text.template' } },
      edges: [
        { from: 'a.text', to: 'b.x' },
        { from: 'b.text', to: 'c.y' },
      ],
    });
    doc.getState().load({ path: 'x.adloom.json', text });
    const xs = flow.getState().nodes.map((n) => n.position.x);
    expect(new Set(xs).size).toBe(3);
    expect(doc.getState().graph.nodes.a?.ui).toBeUndefined();
  });
});
