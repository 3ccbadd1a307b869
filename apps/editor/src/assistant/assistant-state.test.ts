import type { AssistEvent } from '@adloom/host';
import { describe, expect, it } from 'vitest';
import {
  answerConfirm,
  beginTurn,
  type ConversationState,
  emptyConversation,
  isAwaitingConfirm,
  itemsFromEntries,
  receiveAssistEvent,
  settleProposal,
  turnFailed,
  turnStarted,
} from './assistant-state.ts';

const play = (events: AssistEvent[], from: ConversationState) => events.reduce(receiveAssistEvent, from);
const diff = {
  nodesAdded: [{ id: 'copy', type: 'llm.adCopy' }],
  nodesRemoved: [],
  nodesChanged: [],
  edgesAdded: [],
  edgesRemoved: [],
  metaChanged: [],
};

describe('the assistant panel conversation', () => {
  it('[editor.AS1] streams the answer, each tool step as one line, the proposal as diff lines, and ends with the status', () => {
    let state = turnStarted(beginTurn(emptyConversation, 'two Meta ads for kayaks'), 't1');
    state = play(
      [
        { type: 'text', delta: 'Building ' },
        { type: 'tool', name: 'edit_graph', ok: true, summary: 'added 4 nodes' },
        { type: 'tool', name: 'validate_graph', ok: false, summary: '1 problem' },
        { type: 'text', delta: 'a pipeline.' },
        { type: 'proposal', ops: [], diff, graph: { adloom: 1, name: 'x', nodes: {}, edges: [] } },
        { type: 'done', status: 'done', message: 'a pipeline.' },
      ],
      state,
    );
    expect(state.turnId).toBeNull();
    expect(state.items.map((i) => i.role)).toEqual(['user', 'assistant']);
    const answer = state.items[1];
    expect(answer?.text).toBe('Building a pipeline.');
    expect(answer?.tools.map((t) => `${t.ok ? '✓' : '✗'} ${t.summary}`)).toEqual(['✓ added 4 nodes', '✗ 1 problem']);
    expect(answer?.proposal).toEqual(['+ node copy (llm.adCopy)']);
    expect(answer?.status).toBe('done');
  });

  it('[editor.AS2] shows a question once as a question, errors in words, and a closing message only when it adds something', () => {
    let state = turnStarted(beginTurn(emptyConversation, 'six ads'), 't1');
    state = play(
      [
        { type: 'question', text: 'Which product are the ads for?' },
        { type: 'done', status: 'question', message: 'Which product are the ads for?' },
      ],
      state,
    );
    expect(state.items[1]).toMatchObject({ questions: ['Which product are the ads for?'], text: '', status: 'question' });
    state = turnStarted(beginTurn(state, 'go'), 't2');
    state = play(
      [
        { type: 'error', message: 'The model server answered 500' },
        { type: 'done', status: 'failed', message: 'The model server answered 500' },
      ],
      state,
    );
    expect(state.items[3]).toMatchObject({ errors: ['The model server answered 500'], text: '', status: 'failed' });
    state = play(
      [{ type: 'done', status: 'stopped', message: 'Stopped after 12 steps.' }],
      turnStarted(beginTurn(state, 'x'), 't3'),
    );
    expect(state.items[5]?.text).toBe('Stopped after 12 steps.');
  });

  it('[editor.AS3] waits on a yes or no for a paid run, and records the answer', () => {
    let state = turnStarted(beginTurn(emptyConversation, 'run it'), 't1');
    state = receiveAssistEvent(state, { type: 'confirm', question: 'The run calls OpenAI (about $0.12). Run it?' });
    expect(isAwaitingConfirm(state)).toBe(true);
    state = answerConfirm(state, true);
    expect(isAwaitingConfirm(state)).toBe(false);
    expect(state.items[1]?.confirm).toEqual({ question: 'The run calls OpenAI (about $0.12). Run it?', answer: true });
  });

  it('[editor.AS4] ends a turn that could not start with the reason', () => {
    const state = turnFailed(beginTurn(emptyConversation, 'hi'), 'The assistant did not start: host unreachable');
    expect(state.items[1]).toMatchObject({ errors: ['The assistant did not start: host unreachable'], status: 'failed' });
  });

  it('[editor.AS5] shows a kept conversation again as it was (after a reload)', () => {
    const items = itemsFromEntries([
      { role: 'user', text: 'two ads for kayaks', at: '2026-12-01T10:00:00Z' },
      {
        role: 'assistant',
        text: 'Built a pipeline.',
        at: '2026-12-01T10:00:01Z',
        tools: [{ name: 'edit_graph', ok: true, summary: 'added 4 nodes' }],
        status: 'done',
        proposal: ['+ node copy (llm.adCopy)'],
      },
    ]);
    expect(items[0]).toMatchObject({ role: 'user', text: 'two ads for kayaks' });
    expect(items[1]).toMatchObject({ role: 'assistant', status: 'done', proposal: ['+ node copy (llm.adCopy)'] });
    expect(items[1]?.tools).toHaveLength(1);
  });

  it('[editor.AS6] notes on the turn whether its proposal was applied or discarded, once', () => {
    let state = turnStarted(beginTurn(emptyConversation, 'two ads'), 't1');
    state = play(
      [
        { type: 'proposal', ops: [], diff, graph: { adloom: 1, name: 'x', nodes: {}, edges: [] } },
        { type: 'done', status: 'done', message: 'Built.' },
      ],
      state,
    );
    state = settleProposal(state, 'discarded');
    expect(state.items[1]?.outcome).toBe('discarded');
    expect(settleProposal(state, 'applied')).toBe(state);
  });
});
