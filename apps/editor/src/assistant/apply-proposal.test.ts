import { type Catalog, diffGraphs, type GraphFile, serializeGraph } from '@adloom/graph';
import { describe, expect, it } from 'vitest';
import { createDocumentStore } from '../document/document-store.ts';
import { createHistory } from '../document/history.ts';
import { checkProposedGraph, graphToApply, type Proposal } from './apply-proposal.ts';

// Two node types as `adloom serve` describes them, enough for the ops of these proposals.
const common = { version: 1, category: 'Test', description: '', paramHints: {}, deterministic: true };
const catalog: Catalog = {
  nodes: {
    'input.text': {
      ...common,
      type: 'input.text',
      title: 'Text input',
      inputs: [],
      outputs: [{ name: 'text', type: 'text' }],
      params: { type: 'object', properties: { name: { type: 'string' } } },
      isGraphInput: true,
    },
    'llm.adCopy': {
      ...common,
      type: 'llm.adCopy',
      title: 'Ad copy',
      inputs: [{ name: 'brief', type: 'text' }],
      outputs: [{ name: 'copies', type: 'copy', list: true }],
      params: { type: 'object', properties: { count: { type: 'integer' }, tone: { type: 'string' } } },
    },
  },
};

const text = `${JSON.stringify(
  {
    adloom: 1,
    name: 'Kayak',
    nodes: { brief: { type: 'input.text', params: { name: 'brief' }, ui: { x: 0, y: 0 }, note: 'kept' } },
    edges: [],
    extra: { kept: true },
  },
  null,
  2,
)}\n`;

const ops = [
  { op: 'addNode' as const, id: 'copy', type: 'llm.adCopy', params: { count: 2 }, near: 'brief' },
  { op: 'connect' as const, from: 'brief.text', to: 'copy.brief' },
];

function proposalFor(base: GraphFile): Proposal {
  const graph: GraphFile = {
    ...base,
    nodes: { ...base.nodes, copy: { type: 'llm.adCopy', params: { count: 2 }, ui: { x: 340, y: 0 } } },
    edges: [{ from: 'brief.text', to: 'copy.brief' }],
  };
  return { base, ops, graph };
}

describe('applying a proposal', () => {
  it('[editor.AP5] puts the proposed graph in as one undo step, and Undo gives back the file byte for byte', () => {
    const doc = createDocumentStore();
    const history = createHistory(doc);
    doc.getState().load({ path: 'kayak.adloom.json', text });
    const proposal = proposalFor(doc.getState().graph);
    const outcome = graphToApply(doc.getState().graph, proposal, catalog);
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(outcome.isRebased).toBe(false);
    doc.getState().change(() => outcome.graph);
    expect(history.getState().past).toHaveLength(1);
    expect(Object.keys(doc.getState().graph.nodes)).toEqual(['brief', 'copy']);
    history.getState().undo();
    expect(doc.getState().text()).toBe(text);
  });

  it('[editor.AP6] applies the ops to a document edited since the request, keeping the edit', () => {
    const doc = createDocumentStore();
    doc.getState().load({ path: 'kayak.adloom.json', text });
    const proposal = proposalFor(doc.getState().graph);
    doc.getState().setName('Kayak launch');
    const outcome = graphToApply(doc.getState().graph, proposal, catalog);
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(outcome.isRebased).toBe(true);
    expect(outcome.graph.name).toBe('Kayak launch');
    expect(outcome.graph.edges).toEqual([{ from: 'brief.text', to: 'copy.brief' }]);
    expect(diffGraphs(doc.getState().graph, outcome.graph).nodesAdded).toEqual([{ id: 'copy', type: 'llm.adCopy' }]);
  });

  it('[editor.AP7] says why when the ops no longer apply to the document as edited', () => {
    const doc = createDocumentStore();
    doc.getState().load({ path: 'kayak.adloom.json', text });
    const proposal = proposalFor(doc.getState().graph);
    doc.getState().removeNodes(['brief']);
    const outcome = graphToApply(doc.getState().graph, proposal, catalog);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.reason).toMatch(/^The graph changed since the request and the proposal no longer applies/);
    expect(outcome.reason).toContain('brief');
  });

  it('[editor.AP8] takes the proposal from the host only when it is a graph file', () => {
    const good = checkProposedGraph(JSON.parse(text));
    expect('graph' in good && serializeGraph(good.graph)).toBe(text);
    const bad = checkProposedGraph({ adloom: 1, nodes: 'nope' });
    expect('reason' in bad && bad.reason).toBeTruthy();
  });
});
