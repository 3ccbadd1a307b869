import { formatGraphDiff, type GraphFile } from '@adloom/graph';
import type { AssistEvent } from '@adloom/host';
import { checkProposedGraph, graphToApply } from '../assistant/apply-proposal.ts';
import {
  answerConfirm,
  beginTurn,
  emptyConversation,
  itemsFromEntries,
  receiveAssistEvent,
  settleProposal,
  turnFailed,
  turnStarted,
} from '../assistant/assistant-state.ts';
import { type AssistantStore, createAssistantStore, showAssistant } from '../assistant/assistant-store.ts';
import { ProposalView, proposalMarkers } from '../assistant/proposal-markers.ts';
import { recoveryKey } from '../document/document-store.ts';
import type { Editor } from './editor.ts';
import { errorText } from './local-store.ts';

/**
 * The assistant panel's actions: sending a message with the graph and the selection, following
 * the turn's events, showing its proposal until Apply (one undo step) or Discard, following a
 * run it starts, and the conversation kept for the graph.
 */
export class AssistantControl {
  readonly store: AssistantStore = createAssistantStore();
  private readonly editor: Editor;
  private stopEvents: (() => void) | null = null;
  /** The document's graph when the running turn was sent. */
  private turnBase: GraphFile | null = null;

  /** Whether the node library was shown before the panel took its room. */
  private hadLibrary = false;

  constructor(editor: Editor) {
    this.editor = editor;
    if (this.store.getState().isOpen) this.makeRoom();
  }

  /**
   * The panel docks beside the inspector; the node library gives it the room while it is open,
   * so the canvas keeps enough width to show a proposal.
   */
  private makeRoom(): void {
    this.hadLibrary = this.editor.view.getState().showLibrary;
    if (this.hadLibrary) this.editor.view.setState({ showLibrary: false });
  }

  private get host() {
    return this.editor.host;
  }

  get isRunning(): boolean {
    return this.store.getState().conversation.turnId !== null || this.isStarting;
  }

  private isStarting = false;

  toggle(isOpen = !this.store.getState().isOpen): void {
    if (isOpen === this.store.getState().isOpen) {
      if (isOpen) this.focusInput();
      return;
    }
    if (isOpen) this.makeRoom();
    else if (this.hadLibrary) this.editor.view.setState({ showLibrary: true });
    showAssistant(this.store, isOpen);
    if (isOpen) this.focusInput();
  }

  private focusInput(): void {
    if (typeof requestAnimationFrame === 'undefined') return;
    requestAnimationFrame(() => document.querySelector<HTMLTextAreaElement>('[data-assistant-input]')?.focus());
  }

  /** Sends a message about the graph as it is now; `selection` names what "this node" means. */
  async send(message: string, selection = this.editor.view.getState().selectedNodes): Promise<void> {
    const text = message.trim();
    if (!text || this.isRunning) return;
    this.toggle(true);
    const { startAssist, subscribeAssist } = this.host;
    if (!startAssist || !subscribeAssist) {
      this.store.setState({ isUnavailable: true });
      return;
    }
    // A new message starts from the document: an unapplied proposal is given up.
    this.discard();
    const doc = this.editor.doc.getState();
    const conversationKey = recoveryKey(doc);
    this.turnBase = doc.graph;
    this.store.setState((s) => ({ conversationKey, conversation: beginTurn(s.conversation, text) }));
    this.isStarting = true;
    try {
      const { turnId } = await startAssist.call(this.host, {
        // As the saved file would have it: the assistant reads what `adloom run` would.
        graph: JSON.parse(doc.text()) as Record<string, unknown>,
        conversation: conversationKey,
        message: text,
        selection,
      });
      this.store.setState((s) => ({ conversation: turnStarted(s.conversation, turnId) }));
      this.stopEvents?.();
      this.stopEvents = subscribeAssist.call(this.host, turnId, (event) => this.receive(turnId, event));
    } catch (error) {
      this.store.setState((s) => ({
        conversation: turnFailed(s.conversation, `The assistant did not start: ${errorText(error)}`),
      }));
    } finally {
      this.isStarting = false;
    }
  }

  private receive(turnId: string, event: AssistEvent): void {
    if (this.store.getState().conversation.turnId !== turnId) return;
    this.store.setState((s) => ({ conversation: receiveAssistEvent(s.conversation, event) }));
    if (event.type === 'proposal') this.propose(event);
    else if (event.type === 'run') {
      const graph = this.store.getState().pending?.proposal.graph ?? this.editor.doc.getState().graph;
      this.editor.runs.followRun(event.runId, graph);
    } else if (event.type === 'done') {
      this.stopEvents?.();
      this.stopEvents = null;
    }
  }

  private propose(event: Extract<AssistEvent, { type: 'proposal' }>): void {
    const base = this.turnBase;
    const checked = checkProposedGraph(event.graph);
    if (!base || 'reason' in checked) {
      const reason = 'reason' in checked ? checked.reason : 'the turn has no graph to compare with';
      this.store.setState((s) => ({
        conversation: receiveAssistEvent(s.conversation, { type: 'error', message: `The proposal could not be read: ${reason}` }),
      }));
      return;
    }
    const proposal = { base, ops: event.ops, graph: checked.graph };
    const view = new ProposalView(proposalMarkers(event.diff, checked.graph));
    this.store.setState({ pending: { proposal, view, lines: formatGraphDiff(event.diff) } });
    if (this.store.getState().appliesAtOnce) this.apply();
    // New nodes may land outside the view: show the whole graph once they are measured.
    const added = Object.keys(view.markers.added);
    if (added.length) this.fitWhenMeasured(added);
  }

  /** Fits the view once React Flow has measured these nodes (or after about half a second). */
  private fitWhenMeasured(ids: string[], frames = 30): void {
    const rf = this.editor.reactFlow;
    if (!rf || typeof requestAnimationFrame === 'undefined') return;
    const isMeasured = ids.every((id) => rf.getInternalNode(id)?.measured?.width);
    if (isMeasured || frames <= 0) this.editor.fitView();
    else requestAnimationFrame(() => this.fitWhenMeasured(ids, frames - 1));
  }

  /** Puts the proposal in the document as one undo step; says so when it no longer applies. */
  apply(): boolean {
    const pending = this.store.getState().pending;
    const catalog = this.editor.view.getState().catalog;
    if (!pending || !catalog) return false;
    const doc = this.editor.doc.getState();
    const outcome = graphToApply(doc.graph, pending.proposal, catalog);
    this.store.setState((s) => ({
      pending: null,
      conversation: settleProposal(s.conversation, outcome.ok ? 'applied' : 'refused'),
    }));
    if (!outcome.ok) {
      this.editor.toast(outcome.reason, 'error');
      this.note(outcome.reason);
      return false;
    }
    this.editor.undoHistory.getState().asStep(() => doc.change(() => outcome.graph));
    this.editor.toast(
      outcome.isRebased
        ? 'Applied to the graph as you edited it since (Undo takes it back)'
        : 'Applied as one step (Undo takes it back)',
      'success',
    );
    this.editor.validateNow();
    return true;
  }

  discard(): void {
    if (!this.store.getState().pending) return;
    this.store.setState((s) => ({ pending: null, conversation: settleProposal(s.conversation, 'discarded') }));
  }

  /** A line from the editor in the last assistant message (a proposal that no longer applies). */
  private note(message: string): void {
    this.store.setState((s) => ({
      conversation: receiveAssistEvent(s.conversation, { type: 'error', message }),
    }));
  }

  /** Stops the running turn: it ends as cancelled and proposes nothing. */
  async stop(): Promise<void> {
    const { turnId } = this.store.getState().conversation;
    if (!turnId || !this.host.cancelAssist) return;
    try {
      await this.host.cancelAssist(turnId);
    } catch (error) {
      this.editor.fail('Could not stop the assistant', error);
    }
  }

  /** The person's yes or no to the turn's question (a paid run and its cost). */
  async confirm(answer: boolean): Promise<void> {
    const { turnId } = this.store.getState().conversation;
    if (!turnId || !this.host.confirmAssist) return;
    this.store.setState((s) => ({ conversation: answerConfirm(s.conversation, answer) }));
    try {
      await this.host.confirmAssist(turnId, answer);
    } catch (error) {
      this.editor.fail('Could not answer the assistant', error);
    }
  }

  /** Forgets this graph's conversation, here and in the workspace. */
  async newConversation(): Promise<void> {
    if (this.store.getState().conversation.turnId) await this.stop();
    this.stopEvents?.();
    this.stopEvents = null;
    const key = recoveryKey(this.editor.doc.getState());
    this.store.setState({ conversation: emptyConversation, pending: null, conversationKey: key });
    try {
      await this.host.clearConversation?.(key);
    } catch (error) {
      this.editor.fail('Could not clear the conversation', error);
    }
    this.focusInput();
  }

  /**
   * An untitled graph was saved under a path: its conversation goes with it, so it is there
   * after a reload (the host keeps conversations by the graph's name).
   */
  async documentSaved(previousKey: string): Promise<void> {
    const key = recoveryKey(this.editor.doc.getState());
    if (key === previousKey || !previousKey.startsWith('untitled-')) return;
    try {
      await this.host.moveConversation(previousKey, key);
      this.store.setState((s) => (s.conversationKey === previousKey ? { conversationKey: key } : {}));
    } catch (error) {
      this.editor.fail('Could not keep the assistant conversation with the saved graph', error);
    }
  }

  /** Another document was opened or started: its own conversation shows, as the host kept it. */
  async documentLoaded(): Promise<void> {
    this.stopEvents?.();
    this.stopEvents = null;
    const key = recoveryKey(this.editor.doc.getState());
    this.store.setState({ conversation: emptyConversation, pending: null, conversationKey: key });
    if (!this.host.readConversation) return;
    try {
      const entries = await this.host.readConversation(key);
      // Only if the panel still shows that graph and nothing was sent meanwhile.
      const now = this.store.getState();
      if (now.conversationKey !== key || now.conversation.items.length) return;
      this.store.setState({ conversation: { items: itemsFromEntries(entries), turnId: null } });
    } catch {
      // no conversation kept, or the host is away: the panel starts empty
    }
  }

  /** Opens the panel and asks about a node, with it selected. */
  askAboutNode(nodeId: string): void {
    this.editor.flow.getState().select([nodeId]);
    void this.send(`What does ${nodeId} do?`, [nodeId]);
  }

  /** Opens the panel and asks why the last run failed at a node, with it selected. */
  explainFailure(nodeId: string): void {
    this.editor.flow.getState().select([nodeId]);
    void this.send(`Why did the last run fail at ${nodeId}?`, [nodeId]);
  }
}
