import { formatGraphDiff } from '@adloom/graph';
import type { AssistEvent, AssistStatus, ConversationEntry } from '@adloom/host';

/** One message in the panel: what the person wrote, or one turn of the assistant as it streams. */
export interface AssistantItem {
  role: 'user' | 'assistant';
  /** The streamed answer (deltas joined), or the message the person sent. */
  text: string;
  tools: { name: string; ok: boolean; summary: string }[];
  /** Questions the assistant asked back; the answer is the next message. */
  questions: string[];
  errors: string[];
  /** The diff's lines when the turn proposed a change. */
  proposal?: string[];
  /** What became of the proposal in this window (the host keeps only that there was one). */
  outcome?: 'applied' | 'discarded' | 'refused';
  /** A yes/no the turn waits on (a run that would reach a paid provider, with its cost). */
  confirm?: { question: string; answer?: boolean };
  /** Set when the turn has ended; absent while it runs. */
  status?: AssistStatus;
}

/** The panel's conversation: the messages kept for this graph, then the turn running now. */
export interface ConversationState {
  items: AssistantItem[];
  /** The turn being streamed; `null` when none runs. */
  turnId: string | null;
}

export const emptyConversation: ConversationState = { items: [], turnId: null };

const newItem = (role: AssistantItem['role'], text: string): AssistantItem => ({
  role,
  text,
  tools: [],
  questions: [],
  errors: [],
});

/** A conversation as the host kept it, as panel items (after a reload or reopening the file). */
export function itemsFromEntries(entries: readonly ConversationEntry[]): AssistantItem[] {
  return entries.map((entry) => ({
    ...newItem(entry.role, entry.text),
    tools: entry.tools ?? [],
    ...(entry.proposal?.length ? { proposal: entry.proposal } : {}),
    ...(entry.role === 'assistant' ? { status: entry.status ?? 'done' } : {}),
  }));
}

/** The person's message, and the assistant's turn that answers it, before the host has replied. */
export function beginTurn(state: ConversationState, message: string): ConversationState {
  return { items: [...state.items, newItem('user', message), newItem('assistant', '')], turnId: null };
}

/** The turn the host started for the last message. */
export function turnStarted(state: ConversationState, turnId: string): ConversationState {
  return { ...state, turnId };
}

/** The turn could not be started or followed: it ends with the reason, in words. */
export function turnFailed(state: ConversationState, message: string): ConversationState {
  return updateLast({ ...state, turnId: null }, (item) => ({ ...item, errors: [...item.errors, message], status: 'failed' }));
}

function updateLast(state: ConversationState, update: (item: AssistantItem) => AssistantItem): ConversationState {
  const last = state.items.at(-1);
  if (last?.role !== 'assistant') return state;
  return { ...state, items: [...state.items.slice(0, -1), update(last)] };
}

/** One streamed event of the running turn, into the last item. */
export function receiveAssistEvent(state: ConversationState, event: AssistEvent): ConversationState {
  switch (event.type) {
    case 'text':
      return updateLast(state, (item) => ({ ...item, text: item.text + event.delta }));
    case 'tool':
      return updateLast(state, (item) => ({
        ...item,
        tools: [...item.tools, { name: event.name, ok: event.ok, summary: event.summary }],
      }));
    case 'proposal':
      return updateLast(state, (item) => ({ ...item, proposal: formatGraphDiff(event.diff) }));
    case 'confirm':
      return updateLast(state, (item) => ({ ...item, confirm: { question: event.question } }));
    case 'question':
      return updateLast(state, (item) =>
        item.questions.includes(event.text) ? item : { ...item, questions: [...item.questions, event.text] },
      );
    case 'error':
      return updateLast(state, (item) =>
        item.errors.includes(event.message) ? item : { ...item, errors: [...item.errors, event.message] },
      );
    case 'done':
      return updateLast({ ...state, turnId: null }, (item) => {
        // The closing message says again what was streamed or asked: show it only when it adds something.
        const isSaid =
          !event.message ||
          item.text.includes(event.message.trim()) ||
          item.questions.includes(event.message) ||
          item.errors.includes(event.message);
        const text = isSaid ? item.text : item.text ? `${item.text}\n\n${event.message}` : event.message;
        return { ...item, text, status: event.status };
      });
    case 'run':
      return state;
  }
}

/** Records the person's answer to the yes/no prompt, so the buttons go. */
export function answerConfirm(state: ConversationState, answer: boolean): ConversationState {
  return updateLast(state, (item) => (item.confirm ? { ...item, confirm: { ...item.confirm, answer } } : item));
}

/** Whether the last item waits on a yes or no. */
export function isAwaitingConfirm(state: ConversationState): boolean {
  const last = state.items.at(-1);
  return !!(state.turnId && last?.confirm && last.confirm.answer === undefined);
}

/** Notes what became of the latest proposal: applied, discarded, or refused as no longer applying. */
export function settleProposal(state: ConversationState, outcome: NonNullable<AssistantItem['outcome']>): ConversationState {
  const index = state.items.findLastIndex((item) => item.proposal && !item.outcome);
  if (index < 0) return state;
  const items = [...state.items];
  items[index] = { ...(items[index] as AssistantItem), outcome };
  return { ...state, items };
}
