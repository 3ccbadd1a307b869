/**
 * The Host the desktop gives the editor, built in the preload's isolated world over Electron's
 * ipcRenderer: one function per channel of the channel map, nothing generic, and the
 * ipcRenderer itself never leaves this closure. Imports only types and plain data, so the
 * preload bundle holds no zod and requires nothing but `electron`.
 */
import type { AssistEvent, Host, HostMenuCommand, RunEvent } from '@adloom/host';
import { artifactUrl } from './artifact-url.ts';
import { ASSIST_EVENT_CHANNEL, DOCUMENT_STATE_CHANNEL, MENU_COMMAND_CHANNEL, RUN_EVENT_CHANNEL } from './channel-names.ts';
import type { AssistEventMessage, DocumentState, InvokeChannelName, PayloadIn, ResultOf, RunEventMessage } from './channels.ts';
import type { IpcAnswer } from './ipc-answer.ts';

/** The part of Electron's ipcRenderer the preload uses. */
export interface PreloadIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

type Failure = Extract<IpcAnswer<unknown>, { ok: false }>;

/** An Error in the browser host's words. Only its message crosses contextBridge; `status` is for this world. */
function hostError(answer: Failure): Error {
  const issues = Array.isArray(answer.issues)
    ? answer.issues
        .map((issue) => (typeof issue === 'string' ? issue : (issue as { message?: string } | null)?.message))
        .filter(Boolean)
    : [];
  // A bad payload's message already lists its issues; a graph's diagnostics are appended, as the browser host shows them.
  const message =
    issues.length && !answer.error.startsWith('invalid request') ? `${answer.error}: ${issues.join('; ')}` : answer.error;
  return Object.assign(new Error(message), { name: 'HostError', status: answer.status });
}

export function createPreloadHost(ipc: PreloadIpc): Host {
  async function ask<C extends InvokeChannelName>(channel: C, payload?: PayloadIn<C>): Promise<ResultOf<C>> {
    const answer = (await ipc.invoke(channel, payload)) as IpcAnswer<ResultOf<C>>;
    if (!answer.ok) throw hostError(answer);
    return answer.value;
  }

  const runListeners = new Map<number, (event: RunEvent) => void>();
  let nextSubscriptionId = 1;
  ipc.on(RUN_EVENT_CHANNEL, (_event, message) => {
    const { subscriptionId, event } = message as RunEventMessage;
    runListeners.get(subscriptionId)?.(event as RunEvent);
  });
  const assistListeners = new Map<number, (event: AssistEvent) => void>();
  ipc.on(ASSIST_EVENT_CHANNEL, (_event, message) => {
    const { subscriptionId, event } = message as AssistEventMessage;
    assistListeners.get(subscriptionId)?.(event as AssistEvent);
  });

  /**
   * One subscription to a run's or a turn's events: a listener under a new id until the last
   * event; `tell(id, true)` asks main to relay, `tell(id, false)` to stop. Returns a stop.
   */
  function follow<E extends { type: string }>(
    listeners: Map<number, (event: E) => void>,
    onEvent: (event: E) => void,
    lastType: string,
    what: string,
    tell: (subscriptionId: number, on: boolean) => Promise<unknown>,
  ): () => void {
    const subscriptionId = nextSubscriptionId++;
    listeners.set(subscriptionId, (event) => {
      if (event.type === lastType) listeners.delete(subscriptionId);
      onEvent(event);
    });
    tell(subscriptionId, true).catch((error: Error) => {
      listeners.delete(subscriptionId);
      console.warn(`Adloom: cannot follow ${what}: ${error.message}`);
    });
    return () => {
      if (listeners.delete(subscriptionId)) tell(subscriptionId, false).catch(() => undefined);
    };
  }

  const menuListeners = new Set<(command: HostMenuCommand) => void>();
  ipc.on(MENU_COMMAND_CHANNEL, (_event, command) => {
    for (const listener of menuListeners) listener(command as HostMenuCommand);
  });

  return {
    info: () => ask('host:info'),
    catalog: () => ask('host:catalog'),
    listGraphs: () => ask('graphs:list'),
    listExamples: () => ask('examples:list'),
    openFile: (path) => ask('file:open', { path }),
    saveFile: (path, text, options = {}) => ask('file:save', { path, text, ...options }),
    readRecovery: (path) => ask('recovery:read', { path }),
    writeRecovery: async (path, text) => {
      await ask('recovery:write', { path, text });
    },
    discardRecovery: async (path) => {
      await ask('recovery:discard', { path });
    },
    listRuns: (query) => ask('runs:list', query),
    startRun: (body) => ask('run:start', body),
    subscribeRun: (runId, onEvent) =>
      follow(runListeners, onEvent, 'run.finished', `run ${runId}`, (subscriptionId, on) =>
        ask(on ? 'run:subscribe' : 'run:unsubscribe', { runId, subscriptionId }),
      ),
    cancelRun: async (runId) => {
      await ask('run:cancel', { runId });
    },
    artifactUrl: (artifact) => artifactUrl(artifact),
    getSettings: () => ask('settings:get'),
    saveSettings: (settings) => ask('settings:save', settings),
    listSecrets: () => ask('secrets:list'),
    setSecret: async (name, value) => {
      await ask('secrets:set', { name, value });
    },
    startAssist: (body) => ask('assist:start', body),
    subscribeAssist: (turnId, onEvent) =>
      follow(assistListeners, onEvent, 'done', `assistant turn ${turnId}`, (subscriptionId, on) =>
        ask(on ? 'assist:subscribe' : 'assist:unsubscribe', { turnId, subscriptionId }),
      ),
    confirmAssist: async (turnId, approved) => {
      await ask('assist:confirm', { turnId, approved });
    },
    cancelAssist: async (turnId) => {
      await ask('assist:cancel', { turnId });
    },
    readConversation: (conversation) => ask('conversation:read', { conversation }),
    moveConversation: async (from, to) => {
      await ask('conversation:move', { from, to });
    },
    clearConversation: async (conversation) => {
      await ask('conversation:clear', { conversation });
    },
    onMenuCommand(listener) {
      menuListeners.add(listener);
      return () => menuListeners.delete(listener);
    },
    reportDocumentState(state) {
      ipc.send(DOCUMENT_STATE_CHANNEL, { path: state.path, title: state.title, isDirty: state.isDirty } satisfies DocumentState);
    },
  };
}
