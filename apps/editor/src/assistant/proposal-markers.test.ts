import { diffGraphs, type GraphFile } from '@adloom/graph';
import type { Edge, Node } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import { markerOf, PROPOSED_NODE, ProposalView, proposalMarkers } from './proposal-markers.ts';

const before: GraphFile = {
  adloom: 1,
  name: 'Kayak',
  nodes: {
    brief: { type: 'input.text', params: { name: 'brief' }, ui: { x: 0, y: 0 } },
    copy: { type: 'llm.adCopy', params: { count: 3 }, ui: { x: 340, y: 0 } },
    old: { type: 'text.join', ui: { x: 340, y: 300 } },
  },
  edges: [
    { from: 'brief.text', to: 'copy.brief' },
    { from: 'brief.text', to: 'old.a' },
  ],
};

const after: GraphFile = {
  ...before,
  nodes: {
    brief: { type: 'input.text', params: { name: 'brief' }, ui: { x: 0, y: 40 } },
    copy: { type: 'llm.adCopy', params: { count: 6, tone: 'calm' }, ui: { x: 340, y: 0 } },
    images: { type: 'image.generate', params: { n: 2 }, ui: { x: 680, y: 0 } },
  },
  edges: [
    { from: 'brief.text', to: 'copy.brief' },
    { from: 'copy.copies', to: 'images.prompt' },
  ],
};

const rf = (id: string): Node => ({ id, type: 'graph', position: { x: 0, y: 0 }, data: {} });
const rfEdge = (source: string, sourceHandle: string, target: string, targetHandle: string): Edge => ({
  id: `${source}.${sourceHandle}->${target}.${targetHandle}`,
  source,
  sourceHandle,
  target,
  targetHandle,
  className: 'edge edge-text',
});

describe('proposal markers', () => {
  const markers = proposalMarkers(diffGraphs(before, after), after);

  it('[editor.AP1] marks the nodes a proposal adds, the params it changes and the nodes it removes; a move alone marks nothing', () => {
    expect(Object.keys(markers.added)).toEqual(['images']);
    expect(markers.changed).toEqual({ copy: ['count', 'tone'] });
    expect([...markers.removed]).toEqual(['old']);
    expect(markerOf(markers, 'copy')).toEqual({ className: 'proposal-changed', title: 'The proposal changes count, tone' });
    expect(markerOf(markers, 'old')?.className).toBe('proposal-removed');
    expect(markerOf(markers, 'brief')).toBeNull();
  });

  it('[editor.AP2] draws the new node and its wire on the canvas, not editable, and keeps unmarked nodes as they were', () => {
    const view = new ProposalView(markers);
    const nodes = [rf('brief'), rf('copy'), rf('old')];
    const shown = view.nodes(nodes);
    expect(shown[0]).toBe(nodes[0]);
    expect(shown[1]?.className).toBe('proposal-changed');
    expect(shown[1]?.domAttributes?.title).toBe('The proposal changes count, tone');
    expect(shown[2]?.className).toBe('proposal-removed');
    const ghost = shown[3];
    expect(ghost).toMatchObject({ id: 'images', type: PROPOSED_NODE, position: { x: 680, y: 0 }, className: 'proposal-added' });
    expect(ghost).toMatchObject({ draggable: false, selectable: false, connectable: false });
    expect(ghost?.data).toEqual({ proposed: after.nodes.images });

    const edges = view.edges([rfEdge('brief', 'text', 'copy', 'brief'), rfEdge('brief', 'text', 'old', 'a')]);
    expect(edges.map((e) => e.className)).toEqual(['edge edge-text', 'edge edge-text proposal-removed', 'edge proposal-added']);
    expect(edges[2]).toMatchObject({ source: 'copy', sourceHandle: 'copies', target: 'images', targetHandle: 'prompt' });
  });

  it('[editor.AP3] gives React Flow the same marked object until the node itself changes', () => {
    const view = new ProposalView(markers);
    const nodes = [rf('brief'), rf('copy')];
    const first = view.nodes(nodes);
    const second = view.nodes([nodes[0] as Node, nodes[1] as Node]);
    expect(second[1]).toBe(first[1]);
    expect(second[2]).toBe(first[2]);
    const selected = { ...(nodes[1] as Node), selected: true };
    const third = view.nodes([nodes[0] as Node, selected]);
    expect(third[1]).not.toBe(first[1]);
    expect(third[1]).toMatchObject({ selected: true, className: 'proposal-changed' });
  });

  it('[editor.AP4] leaves out a new node when the document has one by that id meanwhile', () => {
    const view = new ProposalView(markers);
    const shown = view.nodes([rf('brief'), rf('images')]);
    expect(shown.filter((n) => n.id === 'images')).toHaveLength(1);
    expect(shown.find((n) => n.id === 'images')?.type).toBe('graph');
  });
});
