import { createStore, type StoreApi } from 'zustand/vanilla';
import { readLocal, writeLocal } from '../app/local-store.ts';
import type { Proposal } from './apply-proposal.ts';
import { type ConversationState, emptyConversation } from './assistant-state.ts';
import type { ProposalView } from './proposal-markers.ts';

const APPLY_AT_ONCE = 'adloom.assistant.applyAtOnce';
const IS_OPEN = 'adloom.assistant.open';

/** A proposal waiting for Apply or Discard, with how the canvas shows it. */
export interface PendingProposal {
  proposal: Proposal;
  view: ProposalView;
  /** The diff as lines (formatGraphDiff). */
  lines: string[];
}

/** The assistant panel's state; none of it is the document, none of it is undoable. */
export interface AssistantState {
  isOpen: boolean;
  /** Whose conversation the panel shows: the graph's path, or `untitled-<id>`. */
  conversationKey: string | null;
  conversation: ConversationState;
  pending: PendingProposal | null;
  /** The setting: proposals go into the document as soon as they come. */
  appliesAtOnce: boolean;
  /** The host has no assistant (an older host): the panel says so. */
  isUnavailable: boolean;
}

export type AssistantStore = StoreApi<AssistantState>;

export function createAssistantStore(): AssistantStore {
  return createStore<AssistantState>()(() => ({
    isOpen: readLocal<boolean>(IS_OPEN) === true,
    conversationKey: null,
    conversation: emptyConversation,
    pending: null,
    appliesAtOnce: readLocal<boolean>(APPLY_AT_ONCE) === true,
    isUnavailable: false,
  }));
}

/** Remembers the apply-at-once setting in this browser, like the editor's other preferences. */
export function rememberAppliesAtOnce(store: AssistantStore, appliesAtOnce: boolean): void {
  store.setState({ appliesAtOnce });
  writeLocal(APPLY_AT_ONCE, appliesAtOnce);
}

/** Shows or hides the panel, and remembers it for the next window. */
export function showAssistant(store: AssistantStore, isOpen: boolean): void {
  store.setState({ isOpen });
  writeLocal(IS_OPEN, isOpen);
}
