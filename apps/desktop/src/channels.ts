/**
 * The IPC channel map shared by main and the preload: for each invoke channel, the zod schema
 * of its payload (@adloom/host's schemas, which `adloom serve` checks its bodies with) and the type of its
 * answer. Main validates every payload against it; the preload is typed by it, one function
 * per channel.
 */
import type { Catalog } from '@adloom/graph';
import {
  type AssistEvent,
  assistBody,
  type ConversationEntry,
  confirmAssistBody,
  type GraphEntry,
  HostError,
  type HostInfo,
  listRunsQuery,
  moveConversationBody,
  type OpenedFile,
  type RecoveryEntry,
  type RunEvent,
  type RunList,
  recoveryBody,
  relativePath,
  requestIssues,
  type SavedFile,
  type SecretStatus,
  type Settings,
  saveFileBody,
  secretBody,
  settingsSchema,
  startRunBody,
} from '@adloom/host';
import { z } from 'zod';

/** An invoke channel: what the renderer may send, and (as a type only) what main answers. */
export interface InvokeChannel<S extends z.ZodType, R> {
  readonly payload: S;
  readonly result?: R;
}

const returns =
  <R>() =>
  <S extends z.ZodType>(payload: S): InvokeChannel<S, R> => ({ payload });

const none = z.undefined();
const pathRef = z.object({ path: relativePath });
const idOf = (what: string) =>
  z
    .string()
    .max(100)
    .regex(/^[\w-]+$/, `a ${what} id is letters, digits, "-" and "_"`);
const runId = idOf('run');
const runRef = z.object({ runId });
const subscription = z.object({ runId, subscriptionId: z.number().int().nonnegative() });
const secretPut = z.object({ name: z.string().max(100), value: secretBody.shape.value });
const turnId = idOf('turn');
const turnRef = z.object({ turnId });
const turnSubscription = z.object({ turnId, subscriptionId: z.number().int().nonnegative() });
const conversationRef = z.object({ conversation: assistBody.shape.conversation });

type Ok = { ok: true };

export const invokeChannels = {
  'host:info': returns<HostInfo>()(none),
  'host:catalog': returns<Catalog>()(none),
  'graphs:list': returns<GraphEntry[]>()(none),
  'examples:list': returns<GraphEntry[]>()(none),
  'file:open': returns<OpenedFile>()(pathRef),
  'file:save': returns<SavedFile>()(saveFileBody),
  'recovery:read': returns<RecoveryEntry | null>()(pathRef),
  'recovery:write': returns<Ok>()(recoveryBody),
  'recovery:discard': returns<Ok>()(pathRef),
  /** The workspace's runs on disk, newest first; `path` keeps one graph's. */
  'runs:list': returns<RunList>()(listRunsQuery.optional()),
  'run:start': returns<{ runId: string }>()(startRunBody),
  /** Main replays the run's past events (a run on disk from its manifest), then streams new ones, on RUN_EVENT_CHANNEL. */
  'run:subscribe': returns<Ok>()(subscription),
  'run:unsubscribe': returns<Ok>()(subscription),
  'run:cancel': returns<Ok>()(runRef),
  'settings:get': returns<Settings>()(none),
  'settings:save': returns<Settings>()(settingsSchema),
  /** Names and whether each is set; never a value. */
  'secrets:list': returns<SecretStatus[]>()(none),
  /** Write-only; an empty value removes the secret. */
  'secrets:set': returns<Ok>()(secretPut),
  /** One assistant turn on the graph as the editor has it; it goes on in main. */
  'assist:start': returns<{ turnId: string }>()(assistBody),
  /** Main replays the turn's past events, then streams new ones, on ASSIST_EVENT_CHANNEL. */
  'assist:subscribe': returns<Ok>()(turnSubscription),
  'assist:unsubscribe': returns<Ok>()(turnSubscription),
  /** Yes or no to the turn's `confirm` event. */
  'assist:confirm': returns<Ok>()(turnRef.extend(confirmAssistBody.shape)),
  'assist:cancel': returns<Ok>()(turnRef),
  'conversation:read': returns<ConversationEntry[]>()(conversationRef),
  'conversation:clear': returns<Ok>()(conversationRef),
  'conversation:move': returns<Ok>()(moveConversationBody),
} as const;

export type InvokeChannelName = keyof typeof invokeChannels;
/** The payload as main sees it after validation (defaults filled in). */
export type PayloadOf<C extends InvokeChannelName> = z.output<(typeof invokeChannels)[C]['payload']>;
/** The payload as the renderer sends it. */
export type PayloadIn<C extends InvokeChannelName> = z.input<(typeof invokeChannels)[C]['payload']>;
export type ResultOf<C extends InvokeChannelName> =
  (typeof invokeChannels)[C] extends InvokeChannel<z.ZodType, infer R> ? R : never;

/** The one-way channel the renderer reports its document on (DOCUMENT_STATE_CHANNEL). */
export const documentState = z.object({
  path: z.string().max(1000).nullable(),
  title: z.string().max(500),
  isDirty: z.boolean(),
});
export type DocumentState = z.infer<typeof documentState>;

/** What RUN_EVENT_CHANNEL carries. */
export interface RunEventMessage {
  subscriptionId: number;
  event: RunEvent;
}

/** What ASSIST_EVENT_CHANNEL carries. */
export interface AssistEventMessage {
  subscriptionId: number;
  event: AssistEvent;
}

/** What MENU_COMMAND_CHANNEL carries: one of the editor's command ids, with a path for saveAs. */
export interface MenuCommand {
  id: string;
  path?: string;
}

export function isInvokeChannel(name: string): name is InvokeChannelName {
  return Object.hasOwn(invokeChannels, name);
}

/** Parses a payload with its channel's schema; a bad one is a 400 worded as `adloom serve` words it. */
export function parsePayload<C extends InvokeChannelName>(name: C, raw: unknown): PayloadOf<C> {
  const parsed = invokeChannels[name].payload.safeParse(raw);
  if (!parsed.success) {
    const { message, issues } = requestIssues(parsed.error);
    throw new HostError(400, message, issues);
  }
  return parsed.data as PayloadOf<C>;
}
