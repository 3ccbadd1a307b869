import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { AssistantMessage } from '@adloom/assistant';
import { writeFileAtomic } from '@adloom/engine';
import { z } from 'zod';
import type { ConversationEntry } from '../assistant.ts';

/** Most messages a conversation carries into its next turn: older ones are dropped, a turn at a time. */
export const HISTORY_MESSAGES = 40;
/** Most entries the panel gets back after a reload. */
export const SHOWN_ENTRIES = 200;

/** What is kept of one conversation: the model's history and what the panel shows. */
export interface Conversation {
  messages: AssistantMessage[];
  entries: ConversationEntry[];
}

const toolCall = z.object({ id: z.string(), name: z.string(), arguments: z.string() });
const message = z.union([
  z.object({ role: z.enum(['system', 'user']), content: z.string() }),
  z.object({ role: z.literal('assistant'), content: z.string(), toolCalls: z.array(toolCall).optional() }),
  z.object({ role: z.literal('tool'), toolCallId: z.string(), name: z.string(), content: z.string() }),
]);
const status = z.enum(['done', 'question', 'stopped', 'invalid', 'failed', 'cancelled', 'refused']);
const entry = z.object({
  role: z.enum(['user', 'assistant']),
  text: z.string(),
  at: z.string(),
  tools: z.array(z.object({ name: z.string(), ok: z.boolean(), summary: z.string() })).optional(),
  status: status.optional(),
  proposal: z.array(z.string()).optional(),
});
const conversationFile = z.object({ messages: z.array(message), entries: z.array(entry) });

/**
 * The messages a model can be given: a turn cut short (cancelled in a tool call) leaves an
 * assistant message whose calls have no answers, which chat-completion servers refuse.
 */
export function answeredMessages(messages: readonly AssistantMessage[]): AssistantMessage[] {
  const out: AssistantMessage[] = [];
  for (let i = 0; i < messages.length; i++) {
    const current = messages[i] as AssistantMessage;
    if (current.role === 'assistant' && current.toolCalls?.length) {
      const answered = new Set<string>();
      for (let j = i + 1; j < messages.length && messages[j]?.role === 'tool'; j++) {
        answered.add((messages[j] as { toolCallId: string }).toolCallId);
      }
      if (!current.toolCalls.every((call) => answered.has(call.id))) break;
    }
    out.push(current);
  }
  return out;
}

/** The last messages, at most `max`, starting at a person's message so no tool answer loses its call. */
function lastTurns(messages: readonly AssistantMessage[], max: number): AssistantMessage[] {
  if (messages.length <= max) return [...messages];
  let start = messages.length - max;
  while (start < messages.length && messages[start]?.role !== 'user') start++;
  return messages.slice(start);
}

/**
 * Conversations per graph, in the workspace (`.adloom/conversations/<sha256 of the name>.json`),
 * never in the graph file: a graph shared with a colleague carries no one's chat.
 */
export class ConversationStore {
  private readonly dir: string;

  constructor(workspace: string) {
    this.dir = join(workspace, '.adloom', 'conversations');
  }

  fileOf(name: string): string {
    return join(this.dir, `${createHash('sha256').update(name).digest('hex')}.json`);
  }

  /** The conversation kept under a name; empty when there is none (or its file is damaged). */
  async read(name: string): Promise<Conversation> {
    let text: string;
    try {
      text = await readFile(this.fileOf(name), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { messages: [], entries: [] };
      throw error;
    }
    try {
      const parsed = conversationFile.safeParse(JSON.parse(text));
      return parsed.success ? (parsed.data as Conversation) : { messages: [], entries: [] };
    } catch {
      return { messages: [], entries: [] };
    }
  }

  /** Adds one turn and writes the file atomically, keeping the last HISTORY_MESSAGES messages and SHOWN_ENTRIES entries. */
  async append(name: string, turn: Conversation): Promise<void> {
    const kept = await this.read(name);
    const messages = lastTurns(answeredMessages([...kept.messages, ...answeredMessages(turn.messages)]), HISTORY_MESSAGES);
    const entries = [...kept.entries, ...turn.entries].slice(-SHOWN_ENTRIES);
    await writeFileAtomic(this.fileOf(name), `${JSON.stringify({ conversation: name, messages, entries }, null, 1)}\n`);
  }

  /** Moves a conversation to another name, after what that name already keeps. */
  async move(from: string, to: string): Promise<void> {
    if (from === to) return;
    const moving = await this.read(from);
    if (!moving.messages.length && !moving.entries.length) return;
    await this.append(to, moving);
    await this.clear(from);
  }

  async clear(name: string): Promise<void> {
    await rm(this.fileOf(name), { force: true });
  }
}
