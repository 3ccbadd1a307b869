import type { GraphDiff, GraphFile, GraphOp } from '@adloom/graph';
import { z } from 'zod';
import { relativePath } from './requests.ts';

/** One message to the assistant, with what the editor has open. */
export const assistBody = z.object({
  /** The graph as the editor has it now (saved or not); the assistant proposes, the editor applies. */
  graph: z.record(z.string(), z.unknown()),
  /**
   * Whose conversation: the graph's file as the editor names it, or `untitled-<id>` for a graph
   * never saved (as the recovery journal names it). Conversations live in the workspace, never
   * in the graph file.
   */
  conversation: relativePath,
  message: z.string().max(20_000),
  /** Ids of the selected nodes: what "this node" means in the message. */
  selection: z.array(z.string().max(200)).max(10_000).default([]),
});
export type AssistBody = z.input<typeof assistBody>;

/** The answer to a turn's `confirm` event. */
export const confirmAssistBody = z.object({ approved: z.boolean() });

/** A conversation that follows its graph to a new name (an untitled graph saved for the first time). */
export const moveConversationBody = z.object({ from: assistBody.shape.conversation, to: assistBody.shape.conversation });

/** How a turn ended; `done` with a proposal means there is something to apply. */
export type AssistStatus = 'done' | 'question' | 'stopped' | 'invalid' | 'failed' | 'cancelled' | 'refused';

/** What a turn streams to the editor, past events first for a late subscriber. */
export type AssistEvent =
  | { type: 'text'; delta: string }
  /** One tool step, shown as one line. */
  | { type: 'tool'; name: string; ok: boolean; summary: string }
  /** The turn's edits as one change: the ops, their diff, and the whole graph they lead to. */
  | { type: 'proposal'; ops: GraphOp[]; diff: GraphDiff; graph: GraphFile }
  /** The turn waits for a yes or no (a run that would reach a paid provider, with its cost). */
  | { type: 'confirm'; question: string }
  /** A run the assistant started: the editor can follow it like its own. */
  | { type: 'run'; runId: string }
  | { type: 'question'; text: string }
  | { type: 'error'; message: string }
  | { type: 'done'; status: AssistStatus; message: string };

/** A conversation as the panel shows it after a reload: one entry per message. */
export interface ConversationEntry {
  role: 'user' | 'assistant';
  text: string;
  at: string;
  /** The assistant's tool steps in that turn. */
  tools?: { name: string; ok: boolean; summary: string }[];
  status?: AssistStatus;
  /** The diff's lines when the turn proposed a change (formatGraphDiff). */
  proposal?: string[];
}
