import { randomUUID } from 'node:crypto';
import { type AssistantModel, type ConfirmOutsideCalls, type GraphRunner, runTurn, type TurnEvent } from '@adloom/assistant';
import { ReplayedEventLog, type RunEvent, type RunResult } from '@adloom/engine';
import { type Catalog, formatGraphDiff, loadGraphObject } from '@adloom/graph';
import type { z } from 'zod';
import type { AssistEvent, AssistStatus, assistBody, ConversationEntry } from '../assistant.ts';
import { HostError } from '../host-error.ts';
import type { Settings } from '../settings.ts';
import { ConversationStore } from './conversation-store.ts';
import type { RunHost, RunStartOptions } from './run-hub.ts';
import { runResultOf } from './run-result.ts';

/** Default time limit of one turn: the model's steps and the wait for a yes, not the runs it starts. */
export const ASSIST_TIME_LIMIT_MS = 120_000;

/** What a turn needs from the host it runs in. */
export interface AssistantTurnsOptions {
  workspace: string;
  catalog: () => Catalog | Promise<Catalog>;
  runs: RunHost;
  /** The settings now, the model they choose, and how a run is started (env, read folders, graph file), read at each turn. */
  prepare(conversation: string): Promise<{ settings: Settings; model: AssistantModel; run: RunStartOptions }>;
  /** The graph's last finished run, so "why did the last run fail?" has something to read. */
  lastRun?(conversation: string): Promise<RunResult | undefined>;
  timeLimitMs?: number;
  maxSteps?: number;
}

/**
 * A turn's time limit, stopped while the host runs the turn's graph: a video run may take
 * minutes, has its own cancel, and is not the assistant dawdling.
 */
class TurnClock {
  private readonly controller = new AbortController();
  private left: number;
  private since = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  readonly signal = this.controller.signal;

  constructor(ms: number) {
    this.left = ms;
    this.resume();
  }

  pause(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.left -= Date.now() - this.since;
  }

  resume(): void {
    if (this.timer || this.signal.aborted) return;
    this.since = Date.now();
    this.timer = setTimeout(() => this.controller.abort(), Math.max(0, this.left));
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

interface Turn {
  conversation: string;
  controller: AbortController;
  /** Set while the turn waits for a yes or no. */
  answer?: (approved: boolean) => void;
}

/**
 * [host.A1] The assistant's turns in a host: each started in the background, its events kept
 * for late subscribers, one turn at a time per conversation, the conversation saved in the
 * workspace before the turn says it is done. Runs go through the host's own run backend.
 */
export class AssistantTurns {
  private readonly options: AssistantTurnsOptions;
  private readonly log = new ReplayedEventLog<AssistEvent>({ isLast: (event) => event.type === 'done' });
  private readonly turns = new Map<string, Turn>();
  /** The turn under way in each conversation. */
  private readonly active = new Map<string, string>();
  readonly conversations: ConversationStore;

  constructor(options: AssistantTurnsOptions) {
    this.options = options;
    this.conversations = new ConversationStore(options.workspace);
  }

  /** Checks the graph, picks the model, starts the turn; its events follow under the id. */
  async start(body: z.output<typeof assistBody>): Promise<{ turnId: string }> {
    let loaded: ReturnType<typeof loadGraphObject>;
    try {
      loaded = loadGraphObject(body.graph);
    } catch (error) {
      // A graph nested deeper than the stack allows, and the like.
      throw new HostError(400, `the graph cannot be read: ${(error as Error).message}`);
    }
    if (!loaded.graph) throw new HostError(400, 'the graph cannot be read', loaded.diagnostics);
    const graph = loaded.graph;
    const busy = this.active.get(body.conversation);
    if (busy) {
      throw new HostError(
        409,
        `the assistant is still answering in this conversation (turn ${busy}): wait for it to finish, or cancel it`,
      );
    }
    // Taken before anything slow, so a second message sent at once is the 409.
    const turnId = randomUUID();
    this.active.set(body.conversation, turnId);
    let prepared: Awaited<ReturnType<AssistantTurnsOptions['prepare']>>;
    let catalog: Catalog;
    let history: Awaited<ReturnType<ConversationStore['read']>>;
    let lastRun: RunResult | undefined;
    try {
      [prepared, catalog, history, lastRun] = await Promise.all([
        this.options.prepare(body.conversation),
        Promise.resolve(this.options.catalog()),
        this.conversations.read(body.conversation),
        this.options.lastRun?.(body.conversation).catch(() => undefined),
      ]);
    } catch (error) {
      this.active.delete(body.conversation);
      throw error;
    }
    const turn: Turn = { conversation: body.conversation, controller: new AbortController() };
    this.turns.set(turnId, turn);
    this.log.open(turnId);
    // Only the last turns' switches are kept, as their events are.
    for (const id of this.turns.keys()) if (!this.log.has(id)) this.turns.delete(id);
    const emit = (event: AssistEvent) => this.log.emit(turnId, event);
    const limit = this.options.timeLimitMs ?? ASSIST_TIME_LIMIT_MS;
    const clock = new TurnClock(limit);
    const timeUp = clock.signal;
    const signal = AbortSignal.any([turn.controller.signal, timeUp]);

    const run: GraphRunner = async (runGraph, { only, signal: runSignal }) => {
      clock.pause();
      try {
        const runId = await this.options.runs.start(runGraph, {
          ...prepared.run,
          ...(only ? { only: [...only] } : {}),
          validated: true,
        });
        emit({ type: 'run', runId });
        const events: RunEvent[] = [];
        const cancel = () => this.options.runs.cancel(runId);
        runSignal.addEventListener('abort', cancel, { once: true });
        return await new Promise<RunResult>((resolve) => {
          this.options.runs.subscribe(runId, (event) => {
            events.push(event);
            if (event.type !== 'run.finished') return;
            runSignal.removeEventListener('abort', cancel);
            resolve(runResultOf(runId, events));
          });
        });
      } finally {
        clock.resume();
      }
    };
    const confirmOutsideCalls: ConfirmOutsideCalls = (_calls, question) =>
      new Promise((resolve) => {
        // A cancel or the time limit ends the wait as a no: nothing runs.
        const onAbort = () => turn.answer?.(false);
        turn.answer = (approved) => {
          turn.answer = undefined;
          signal.removeEventListener('abort', onAbort);
          resolve(approved);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        emit({ type: 'confirm', question });
      });

    const selection = body.selection.filter((id) => Object.hasOwn(graph.nodes, id));
    // A model reads "this node" from the selection; the offline assistant reads the message alone,
    // so node ids in a note cannot be taken for a platform or a product.
    const isOffline = (prepared.settings.assistant?.provider ?? 'offline') === 'offline';
    const message =
      selection.length && !isOffline && body.message.trim()
        ? `${body.message}\n\n(Selected in the editor: ${selection.join(', ')})`
        : body.message;
    const tools: NonNullable<ConversationEntry['tools']> = [];
    const startedAt = new Date().toISOString();

    const onEvent = (event: TurnEvent) => {
      // The proposal (with its whole graph) and the end are sent once the turn is saved.
      if (event.type === 'proposal' || event.type === 'done') return;
      if (event.type === 'tool') tools.push({ name: event.name, ok: event.ok, summary: event.summary });
      emit(event);
    };
    const finish = async () => {
      let status: AssistStatus;
      let words: string;
      try {
        const result = await runTurn({
          message,
          graph,
          catalog,
          model: prepared.model,
          history: history.messages,
          ...(lastRun ? { lastRun } : {}),
          ...(this.options.maxSteps ? { maxSteps: this.options.maxSteps } : {}),
          run,
          confirmOutsideCalls,
          signal,
          onEvent,
        });
        status = result.status;
        words = result.message;
        if (status === 'cancelled' && timeUp.aborted && !turn.controller.signal.aborted) {
          status = 'stopped';
          words = `stopped after ${limit % 1000 ? `${limit} ms` : `${limit / 1000} s`} (the time limit of a turn); nothing was changed`;
        }
        const proposal = status === 'done' && result.ops.length ? formatGraphDiff(result.diff) : undefined;
        if (proposal) emit({ type: 'proposal', ops: result.ops, diff: result.diff, graph: result.graph });
        const at = new Date().toISOString();
        await this.conversations
          .append(body.conversation, {
            messages: result.messages,
            entries: [
              { role: 'user', text: body.message, at: startedAt },
              {
                role: 'assistant',
                text: words,
                at,
                ...(tools.length ? { tools } : {}),
                status,
                ...(proposal ? { proposal } : {}),
              },
            ],
          })
          .catch((error: Error) => emit({ type: 'error', message: `the conversation could not be saved: ${error.message}` }));
      } catch (error) {
        status = 'failed';
        words = `the assistant failed: ${(error as Error).message}`;
        emit({ type: 'error', message: words });
      }
      clock.stop();
      turn.answer = undefined;
      this.active.delete(body.conversation);
      emit({ type: 'done', status, message: words });
    };
    void finish();
    return { turnId };
  }

  /** A turn the host does not know (or no longer keeps) is a 404. */
  require(turnId: string): Turn {
    const turn = this.log.has(turnId) ? this.turns.get(turnId) : undefined;
    if (!turn) throw new HostError(404, `there is no assistant turn ${turnId}`);
    return turn;
  }

  subscribe(turnId: string, listener: (event: AssistEvent) => void): () => void {
    this.require(turnId);
    return this.log.subscribe(turnId, listener);
  }

  /** Yes lets the turn's run go ahead; no ends the run's step without running. A turn not asking is a 409. */
  confirm(turnId: string, approved: boolean): void {
    const turn = this.require(turnId);
    if (!turn.answer) throw new HostError(409, `assistant turn ${turnId} is not waiting for an answer`);
    turn.answer(approved);
  }

  /** Stops the turn (a question it waits on is answered no); a finished turn stays as it ended. */
  cancel(turnId: string): void {
    this.require(turnId).controller.abort();
  }

  async readConversation(name: string): Promise<ConversationEntry[]> {
    return (await this.conversations.read(name)).entries;
  }

  async clearConversation(name: string): Promise<void> {
    if (this.active.has(name)) {
      throw new HostError(409, 'the assistant is still answering in this conversation: cancel the turn before clearing it');
    }
    await this.conversations.clear(name);
  }

  async moveConversation(from: string, to: string): Promise<void> {
    if (this.active.has(from) || this.active.has(to)) {
      throw new HostError(
        409,
        'the assistant is still answering in this conversation: wait for the turn to finish before moving it',
      );
    }
    await this.conversations.move(from, to);
  }

  /** The host is closing: every turn stops. */
  cancelAll(): void {
    for (const turn of this.turns.values()) turn.controller.abort();
  }
}
