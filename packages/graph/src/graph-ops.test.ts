import { describe, expect, it } from 'vitest';
import { catalog } from '../test/catalog.ts';
import { graphFrom } from './graph-from.ts';
import { applyGraphOps } from './graph-ops.ts';
import { areTouching, heightOf } from './node-boxes.ts';
import { validateGraph } from './validate.ts';

const base = () => {
  const graph = graphFrom({ brief: ['input.text', { name: 'brief' }], copy: ['llm.adCopy', { count: 3 }] }, [
    'brief.text -> copy.brief',
  ]);
  graph.nodes.brief!.ui = { x: 0, y: 0 };
  graph.nodes.copy!.ui = { x: 340, y: 0 };
  return graph;
};

describe('applyGraphOps', () => {
  it('adds, connects and sets params, giving a valid graph and the ops as applied', () => {
    const result = applyGraphOps(
      base(),
      [
        { op: 'addNode', type: 'text.template', params: { template: 'Photo of {{brief}}' }, near: 'brief' },
        { op: 'addNode', id: 'images', type: 'image.generate', params: { n: 2 } },
        { op: 'connect', from: 'brief.text', to: 'template.brief' },
        { op: 'connect', from: 'template.text', to: 'images.prompt' },
        { op: 'setParams', id: 'copy', params: { count: 6, tone: 'energetic' } },
      ],
      catalog,
    );
    if (!result.ok) throw new Error(result.refusal.message);
    expect(result.ops[0]).toMatchObject({ op: 'addNode', id: 'template' });
    expect(result.graph.nodes.copy?.params).toEqual({ count: 6, tone: 'energetic' });
    expect(result.graph.edges).toContainEqual({ from: 'template.text', to: 'images.prompt' });
    expect(validateGraph(result.graph, catalog)).toEqual([]);
  });

  it('places new nodes where they touch no other node, each as tall as it is on the canvas', () => {
    const result = applyGraphOps(
      base(),
      [
        { op: 'addNode', id: 'a', type: 'text.join', near: 'brief' },
        { op: 'addNode', id: 'b', type: 'image.generate', near: 'brief' },
        { op: 'addNode', id: 'c', type: 'image.generate', near: 'brief' },
        { op: 'addNode', id: 'd', type: 'text.join' },
      ],
      catalog,
    );
    if (!result.ok) throw new Error(result.refusal.message);
    const boxes = Object.entries(result.graph.nodes).map(([id, node]) => ({
      id,
      ...(node.ui as { x: number; y: number }),
      height: heightOf(node.type),
    }));
    const touching = boxes.flatMap((a, i) => boxes.slice(i + 1).flatMap((b) => (areTouching(a, b) ? [`${a.id} ${b.id}`] : [])));
    expect(touching).toEqual([]);
    // An image.generate is 288 px tall: the one below it starts past its bottom and the gap, not 180 px down.
    const [b, c] = [result.graph.nodes.b?.ui, result.graph.nodes.c?.ui] as { x: number; y: number }[];
    expect(c?.x).toBe(b?.x);
    expect((c?.y ?? 0) - (b?.y ?? 0)).toBeGreaterThanOrEqual(heightOf('image.generate') + 40);
  });

  it('refuses an unknown type with the nearest names, and leaves the graph as it was', () => {
    const graph = base();
    const before = JSON.stringify(graph);
    const result = applyGraphOps(
      graph,
      [
        { op: 'setParams', id: 'copy', params: { count: 5 } },
        { op: 'addNode', type: 'llm.adcopywriter' },
      ],
      catalog,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.refusal).toMatchObject({ index: 1, op: 'addNode' });
    expect(result.refusal.message).toMatch(/unknown node type "llm.adcopywriter"; nearest: llm.adCopy/);
    expect(JSON.stringify(graph)).toBe(before);
  });

  it('refuses unknown params and ports with the nearest names, and bad values with the reason', () => {
    const refusal = (ops: unknown[]) => {
      const result = applyGraphOps(base(), ops, catalog);
      return result.ok ? 'applied' : result.refusal.message;
    };
    expect(refusal([{ op: 'setParams', id: 'copy', params: { cuont: 4 } }])).toMatch(
      /llm.adCopy has no param "cuont"; nearest: count.*its params are: platform, count, tone/,
    );
    expect(refusal([{ op: 'setParams', id: 'copy', params: { count: 40 } }])).toMatch(/param "count" must be at most 10/);
    expect(refusal([{ op: 'setParams', id: 'cpy', params: { count: 4 } }])).toMatch(/there is no node "cpy"; nearest: copy/);
    expect(refusal([{ op: 'connect', from: 'brief.txt', to: 'copy.brief' }])).toMatch(
      /node "brief" \(input.text\) has no output "txt"; nearest: text/,
    );
    expect(refusal([{ op: 'connect', from: 'copy.copies', to: 'brief.text' }])).toMatch(
      /has no input "text".*its inputs are: none/,
    );
    expect(refusal([{ op: 'addNode', type: 'input.text' }])).toMatch(/param "name"/);
    expect(refusal([{ op: 'explode', id: 'copy' }])).toMatch(/op 0 is not a valid graph op.*ops are: addNode, removeNode/);
    expect(refusal([{ op: 'connect', from: 'copy.copies', to: 'copy.examples' }])).toMatch(/cannot feed its own input/);
  });

  it('removes a node with its edges and renames one through its edges and groups', () => {
    const graph = base();
    graph.ui = { groups: [{ id: 'g', title: 'Copy', nodes: ['copy'] }] };
    const renamed = applyGraphOps(graph, [{ op: 'rename', id: 'copy', to: 'headlines' }], catalog);
    if (!renamed.ok) throw new Error(renamed.refusal.message);
    expect(Object.keys(renamed.graph.nodes)).toEqual(['brief', 'headlines']);
    expect(renamed.graph.edges).toEqual([{ from: 'brief.text', to: 'headlines.brief' }]);
    expect(renamed.graph.ui?.groups).toEqual([{ id: 'g', title: 'Copy', nodes: ['headlines'] }]);
    const removed = applyGraphOps(renamed.graph, [{ op: 'removeNode', id: 'headlines' }], catalog);
    if (!removed.ok) throw new Error(removed.refusal.message);
    expect(removed.graph.edges).toEqual([]);
    expect(removed.graph.ui?.groups).toEqual([{ id: 'g', title: 'Copy', nodes: [] }]);
  });

  it('a null param value removes the param; disconnect, move, group and setInfo do what they say', () => {
    const result = applyGraphOps(
      base(),
      [
        { op: 'setParams', id: 'copy', params: { count: null } },
        { op: 'disconnect', from: 'brief.text', to: 'copy.brief' },
        { op: 'move', id: 'copy', x: 10, y: 20 },
        { op: 'group', title: 'All', nodes: ['brief', 'copy'] },
        { op: 'setInfo', name: 'Kayak launch', description: 'Copies for the kayak' },
      ],
      catalog,
    );
    if (!result.ok) throw new Error(result.refusal.message);
    expect(result.graph.nodes.copy).toEqual({ type: 'llm.adCopy', params: {}, ui: { x: 10, y: 20 } });
    expect(result.graph.edges).toEqual([]);
    expect(result.graph.ui?.groups).toEqual([{ id: 'group', title: 'All', nodes: ['brief', 'copy'] }]);
    expect([result.graph.name, result.graph.description]).toEqual(['Kayak launch', 'Copies for the kayak']);
    const missing = applyGraphOps(base(), [{ op: 'disconnect', from: 'x.text', to: 'copy.brief' }], catalog);
    expect(missing.ok ? '' : missing.refusal.message).toMatch(
      /no edge from "x.text" to "copy.brief"; "copy.brief" is fed by brief.text/,
    );
  });

  it('connecting into a taken single input replaces the old edge, as dropping a wire does', () => {
    const graph = base();
    const result = applyGraphOps(
      graph,
      [
        { op: 'addNode', id: 'other', type: 'input.text', params: { name: 'other' } },
        { op: 'connect', from: 'other.text', to: 'copy.brief' },
      ],
      catalog,
    );
    if (!result.ok) throw new Error(result.refusal.message);
    expect(result.graph.edges).toEqual([{ from: 'other.text', to: 'copy.brief' }]);
  });

  it('never finds Object prototype members as nodes or types', () => {
    const result = applyGraphOps(base(), [{ op: 'removeNode', id: 'constructor' }], catalog);
    expect(result.ok ? '' : result.refusal.message).toMatch(/there is no node "constructor"/);
    const typed = applyGraphOps(base(), [{ op: 'addNode', type: 'toString' }], catalog);
    expect(typed.ok ? '' : typed.refusal.message).toMatch(/unknown node type "toString"/);
  });
});
