import { join } from 'node:path';
import { SettingsFile, WorkspacePaths } from '@adloom/host/service';
import { ASSIST_EVENT_CHANNEL, RUN_EVENT_CHANNEL } from '../src/channel-names.ts';
import { createInvokeHandlers, type DesktopHostOptions, type InvokeHandlers } from '../src/desktop-host.ts';
import { answerInvoke } from '../src/ipc-router.ts';
import { createPreloadHost, type PreloadIpc } from '../src/preload-host.ts';
import { AssistEventRelay, RunEventRelay } from '../src/run-event-relay.ts';
import { SecretStore } from '../src/secret-store.ts';
import type { SenderFrame } from '../src/sender-check.ts';
import { aesGcmCipher } from './aes-gcm-cipher.ts';
import { forkedSupervisor, tempWorkspace } from './engine-harness.ts';

export const EDITOR_FRAME: SenderFrame = { url: 'app://adloom/index.html', parent: null };
const WINDOW_ID = 7;

/** Where main's pushes go besides the loopback's own listeners: a page's preload (desktop-window.ts). */
export interface HarnessTransport {
  /** Called for every `webContents.send` main makes to the window, in order. */
  onPush?: (channel: string, payload: unknown) => void;
}

/**
 * The desktop host end to end without Electron: the preload's Host over a loopback standing in
 * for ipcRenderer/ipcMain (payloads and answers structured-cloned, as Electron's IPC does),
 * main's router and handlers, a real engine child, stores on disk.
 */
export async function desktopHarness(overrides: Partial<DesktopHostOptions> = {}, transport: HarnessTransport = {}) {
  const workspace = await tempWorkspace('adloom-ws-');
  const userData = await tempWorkspace('adloom-userdata-');
  const { supervisor } = forkedSupervisor(workspace);
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  const sent: { channel: string; payload: unknown }[] = [];
  const answers: unknown[] = [];
  const pushed: unknown[] = [];
  let frame: SenderFrame = EDITOR_FRAME;

  const emit = (channel: string, payload: unknown) => {
    pushed.push(payload);
    transport.onPush?.(channel, payload);
    for (const listener of listeners.get(channel) ?? []) listener({}, structuredClone(payload));
  };
  const relay = new RunEventRelay(supervisor, (targetId, message) => {
    if (targetId === WINDOW_ID) emit(RUN_EVENT_CHANNEL, message);
  });
  const assistRelay = new AssistEventRelay((targetId, message) => {
    if (targetId === WINDOW_ID) emit(ASSIST_EVENT_CHANNEL, message);
  });
  const paths = new WorkspacePaths(workspace, join(import.meta.dirname, '../../../examples'));
  const secrets = new SecretStore({ file: join(userData, 'secrets.json'), cipher: aesGcmCipher() });
  const options: DesktopHostOptions = {
    paths,
    version: '0.1.0-test',
    engine: supervisor,
    relay,
    assistRelay,
    settings: new SettingsFile(join(userData, 'settings.json')),
    secrets,
    env: {},
    ...overrides,
  };
  const handlers: InvokeHandlers = createInvokeHandlers(options);
  /** An invoke as main answers it, from `senderFrame` (Electron's `event.senderFrame`). */
  const invoke = async (channel: string, payload?: unknown, senderFrame: SenderFrame = frame) => {
    const answer = structuredClone(
      await answerInvoke(handlers, channel, structuredClone(payload), { senderFrame, senderId: WINDOW_ID }),
    );
    answers.push(answer);
    return answer;
  };
  const ipc: PreloadIpc = {
    invoke: (channel, payload) => invoke(channel, payload),
    send: (channel, payload) => {
      sent.push({ channel, payload: structuredClone(payload) });
    },
    on: (channel, listener) => {
      let set = listeners.get(channel);
      if (!set) {
        set = new Set();
        listeners.set(channel, set);
      }
      set.add(listener);
    },
  };
  return {
    host: createPreloadHost(ipc),
    ipc,
    invoke,
    emit,
    sent,
    answers,
    pushed,
    relay,
    assistRelay,
    supervisor,
    paths,
    secrets,
    workspace,
    userData,
    windowId: WINDOW_ID,
    setFrame(next: SenderFrame) {
      frame = next;
    },
  };
}

/** The error a promise fails with (as the preload's Host throws it, with its status). */
export async function rejection(promise: Promise<unknown>): Promise<Error & { status?: number }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { status?: number };
  }
  throw new Error('it did not fail');
}

/** Events of a run through the Host's subscribeRun, to its end. */
export function runEvents(
  host: ReturnType<typeof createPreloadHost>,
  runId: string,
): Promise<{ type: string; [k: string]: unknown }[]> {
  return new Promise((resolve) => {
    const events: { type: string; [k: string]: unknown }[] = [];
    host.subscribeRun(runId, (event) => {
      events.push(event);
      if (event.type === 'run.finished') resolve(events);
    });
  });
}
