import type { Catalog, GraphFile } from '@adloom/graph';

/** A tool call as a model asks for it: the arguments are the model's text, JSON or not. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** The conversation of a turn, in the shape chat-completion servers use. */
export type AssistantMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: ToolCall[] }
  | { role: 'tool'; toolCallId: string; name: string; content: string };

/** A tool the assistant offers a model: a name, what it does, and its arguments' JSON Schema. */
export interface ToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

/** What a model answered in one step: some text, and the tools it wants called (none ends the turn). */
export interface ModelStep {
  text: string;
  toolCalls: ToolCall[];
}

export interface ModelStepRequest {
  messages: readonly AssistantMessage[];
  tools: readonly ToolSpec[];
  signal: AbortSignal;
  /** Text as it streams in. */
  onText: (delta: string) => void;
  /** The graph as the turn's edits have left it, and the live catalog. */
  context: { graph: GraphFile; catalog: Catalog };
}

/** A model behind the turn loop: a chat-completions server, or the offline assistant. */
export interface AssistantModel {
  /** How messages name it: `offline assistant`, `gpt-4.1-mini at https://api.openai.com`. */
  readonly name: string;
  step(request: ModelStepRequest): Promise<ModelStep>;
}

/** A model that could not answer: the server's words, never a key. */
export class ModelError extends Error {
  readonly code = 'ADLOOM_MODEL_ERROR';
  constructor(message: string) {
    super(message);
    this.name = 'ModelError';
  }
}
