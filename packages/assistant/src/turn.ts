import type { RunResult } from '@adloom/engine';
import {
  type Catalog,
  type Diagnostic,
  diffGraphs,
  type GraphDiff,
  type GraphFile,
  type GraphOp,
  graphToText,
  hasErrors,
  validateGraph,
} from '@adloom/graph';
import type { AssistantMessage, AssistantModel, ToolCall } from './assistant-model.ts';
import { assistantTools, type ConfirmOutsideCalls, callTool, type GraphRunner, type TurnState } from './assistant-tools.ts';
import { systemPrompt } from './system-prompt.ts';

/** What a turn streams while it works. */
export type TurnEvent =
  | { type: 'text'; delta: string }
  | { type: 'tool'; name: string; ok: boolean; summary: string }
  | { type: 'proposal'; ops: GraphOp[]; diff: GraphDiff }
  | { type: 'question'; text: string }
  | { type: 'done'; status: TurnStatus; message: string }
  | { type: 'error'; message: string };

/**
 * How a turn ended: `done` (the graph is the proposal), `question` (the assistant needs an
 * answer first), `stopped` (step limit), `invalid` (its edits left problems: nothing is
 * proposed), `failed` (the model could not be reached), `cancelled`, `refused` (no message).
 */
export type TurnStatus = 'done' | 'question' | 'stopped' | 'invalid' | 'failed' | 'cancelled' | 'refused';

export interface TurnOptions {
  /** The person's message; a turn never edits without one. */
  message: string;
  graph: GraphFile;
  catalog: Catalog;
  model: AssistantModel;
  /** Earlier messages of the conversation, without system messages. */
  history?: readonly AssistantMessage[];
  /** Most model steps in one turn (default 12): a model that never stops is stopped. */
  maxSteps?: number;
  /** Most time a turn may take, in ms; the step under way is cancelled when it runs out. */
  timeLimitMs?: number;
  run?: GraphRunner;
  confirmOutsideCalls?: ConfirmOutsideCalls;
  /**
   * US dollars one run in this turn may be estimated to cost (default 0: ask before any outside
   * call). Above 0, a run estimated over it, or with a price not known, is refused without running.
   */
  costBudgetUsd?: number;
  /** The person approved runs within `costBudgetUsd` in advance: those go ahead without asking. */
  preapprovedUpToBudget?: boolean;
  /** The run before this turn, so "why did the last run fail" has something to read. */
  lastRun?: RunResult;
  signal?: AbortSignal;
  onEvent?: (event: TurnEvent) => void;
}

/**
 * One turn's outcome: one undo step. `graph` is the proposal when `status` is `done`,
 * otherwise the graph the turn started from, never a half-applied one.
 */
export interface TurnResult {
  status: TurnStatus;
  /** The assistant's last words, its question, or why the turn ended. */
  message: string;
  graph: GraphFile;
  ops: GraphOp[];
  diff: GraphDiff;
  /** Errors left by the edits, when `status` is `invalid`. */
  problems: Diagnostic[];
  steps: number;
  lastRun?: RunResult;
  /** The messages of this turn, to carry into the next one. */
  messages: AssistantMessage[];
}

export const DEFAULT_MAX_STEPS = 12;

/** Runs one turn of the conversation: the model calls tools until it answers, asks, or hits the step limit. */
export async function runTurn(options: TurnOptions): Promise<TurnResult> {
  const { graph: original, catalog, model } = options;
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  const timeLimit = options.timeLimitMs !== undefined ? AbortSignal.timeout(options.timeLimitMs) : undefined;
  const signal = AbortSignal.any([options.signal ?? new AbortController().signal, ...(timeLimit ? [timeLimit] : [])]);
  const cancelled = () =>
    timeLimit?.aborted && !options.signal?.aborted
      ? finish('stopped', `stopped after ${options.timeLimitMs} ms (the time limit of a turn); nothing was changed`)
      : finish('cancelled', 'cancelled; nothing was changed');
  const emit = options.onEvent ?? (() => {});
  const state: TurnState = {
    graph: original,
    catalog,
    ops: [],
    refusals: [],
    ...(options.lastRun ? { lastRun: options.lastRun } : {}),
  };
  const turnMessages: AssistantMessage[] = [{ role: 'user', content: options.message }];
  let steps = 0;

  const finish = (status: TurnStatus, said: string, problems: Diagnostic[] = []): TurnResult => {
    // A run refused for the budget is named in the turn's message whatever the model said of it.
    const refusals = state.refusals.filter((refusal) => !said.includes(refusal));
    const message = refusals.length ? `${said}\n${refusals.join('\n')}` : said;
    const kept = status === 'done' ? state.graph : original;
    const ops = status === 'done' ? state.ops : [];
    const diff = diffGraphs(original, kept);
    if (status === 'done' && ops.length) emit({ type: 'proposal', ops, diff });
    if (status === 'question') emit({ type: 'question', text: message });
    if (status === 'failed') emit({ type: 'error', message });
    emit({ type: 'done', status, message });
    return {
      status,
      message,
      graph: kept,
      ops,
      diff,
      problems,
      steps,
      ...(state.lastRun ? { lastRun: state.lastRun } : {}),
      messages: turnMessages,
    };
  };

  if (!options.message.trim()) return finish('refused', 'there is no message: the assistant changes nothing unasked');
  const tools = assistantTools({
    run: options.run,
    confirmOutsideCalls: options.confirmOutsideCalls,
    costBudgetUsd: options.costBudgetUsd ?? 0,
    preapproved: options.preapprovedUpToBudget ?? false,
  });
  const specs = [...tools.values()].map((tool) => tool.spec);
  const system: AssistantMessage = { role: 'system', content: systemPrompt(catalog, graphToText(original, catalog)) };
  let lastText = '';

  while (true) {
    if (signal.aborted) return cancelled();
    if (steps >= maxSteps) {
      return finish(
        'stopped',
        `stopped after ${maxSteps} steps without an answer (the step limit of a turn); nothing was changed. Ask again with a smaller request.`,
      );
    }
    steps++;
    let reply: { text: string; toolCalls: ToolCall[] };
    let streamed = false;
    try {
      reply = await model.step({
        messages: [system, ...(options.history ?? []), ...turnMessages],
        tools: specs,
        signal,
        onText: (delta) => {
          streamed = true;
          emit({ type: 'text', delta });
        },
        context: { graph: state.graph, catalog },
      });
      // A model that answers in one piece (the offline one) is shown the same way as a streamed one.
      if (!streamed && reply.text) emit({ type: 'text', delta: reply.text });
    } catch (error) {
      if (signal.aborted) return cancelled();
      return finish('failed', `${model.name} could not answer: ${(error as Error).message}; nothing was changed`);
    }
    turnMessages.push({
      role: 'assistant',
      content: reply.text,
      ...(reply.toolCalls.length ? { toolCalls: reply.toolCalls } : {}),
    });
    if (reply.text) lastText = reply.text;
    if (!reply.toolCalls.length) break;
    for (const call of reply.toolCalls) {
      let outcome: Awaited<ReturnType<typeof callTool>>;
      try {
        outcome = await callTool(tools, call.name, call.arguments, state, signal);
      } catch (error) {
        if (signal.aborted) return cancelled();
        outcome = { ok: false, content: `${call.name} failed: ${(error as Error).message}`, summary: `${call.name}: failed` };
      }
      emit({ type: 'tool', name: call.name, ok: outcome.ok, summary: outcome.summary });
      turnMessages.push({ role: 'tool', toolCallId: call.id, name: call.name, content: outcome.content });
    }
    if (state.question) return finish('question', state.question);
  }

  const problems = validateGraph(state.graph, catalog).filter((d) => d.severity === 'error');
  if (state.ops.length && hasErrors(problems)) {
    return finish(
      'invalid',
      `${lastText ? `${lastText}\n` : ''}The edits left the graph invalid, so nothing is proposed.`,
      problems,
    );
  }
  return finish('done', lastText || (state.ops.length ? 'done' : 'nothing to change'));
}
