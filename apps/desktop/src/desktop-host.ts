import type { AssistEvent, RunEvent } from '@adloom/host';
import { ConflictError, HostService, type SecretStorage, type SettingsStorage, type WorkspacePaths } from '@adloom/host/service';
import type { InvokeChannelName, PayloadOf, ResultOf } from './channels.ts';
import type { EngineSupervisor } from './engine-protocol.ts';
import { engineRuns } from './engine-runs.ts';
import type { AssistEventRelay, RunEventRelay } from './run-event-relay.ts';

/** Who is asking: the window (its webContents id) an invoke came from. */
export interface InvokeContext {
  senderId: number;
}

export type InvokeHandlers = {
  [C in InvokeChannelName]: (payload: PayloadOf<C>, context: InvokeContext) => Promise<ResultOf<C>>;
};

export interface DesktopHostOptions {
  /** The workspace, the bundled examples (resources/examples when packaged), and the files the user chose. */
  paths: WorkspacePaths;
  version: string;
  engine: Pick<EngineSupervisor, 'catalog' | 'start' | 'has' | 'subscribe' | 'cancel'>;
  relay: Pick<RunEventRelay, 'subscribe' | 'unsubscribe'>;
  /** Assistant turns' events on their way to the window that asked. */
  assistRelay: Pick<AssistEventRelay, 'subscribe' | 'unsubscribe'>;
  settings: SettingsStorage;
  secrets: SecretStorage;
  /** The environment main started in: a key set there counts as set. */
  env?: NodeJS.ProcessEnv;
  /** The file changed on disk since it was opened: may the save overwrite it? (a native dialog in the app) */
  confirmOverwrite?: (path: string, context: InvokeContext) => Promise<boolean>;
  /** A graph was written (recent documents). */
  onSaved?: (absolute: string, context: InvokeContext) => void;
  /** A secret was stored (the app warns once when the keyring is not a real one). */
  onSecretStored?: (context: InvokeContext) => void;
}

const OK = { ok: true } as const;

/** The host service as the desktop runs it: the engine process for runs, the user data folder's stores. */
export function desktopHostService(options: DesktopHostOptions): HostService {
  return new HostService({
    kind: 'desktop',
    version: options.version,
    paths: options.paths,
    catalog: () => options.engine.catalog(),
    runs: engineRuns(options.engine),
    settings: options.settings,
    secrets: options.secrets,
    env: options.env ?? process.env,
  });
}

/**
 * What main answers on each invoke channel: the IPC transport over the host service, the
 * same service `adloom serve` answers HTTP from. Only what is the desktop's own lives here:
 * the native overwrite prompt, recent documents, the keyring warning, and run events relayed
 * to the window that asked.
 */
export function createInvokeHandlers(options: DesktopHostOptions, service = desktopHostService(options)): InvokeHandlers {
  const { relay, assistRelay } = options;
  return {
    'host:info': () => service.info(),
    'host:catalog': () => service.catalog(),
    'graphs:list': () => service.listGraphs(),
    'examples:list': () => service.listExamples(),
    'file:open': ({ path }) => service.openFile(path),
    'file:save': async (body, context) => {
      let saved: ResultOf<'file:save'>;
      try {
        saved = await service.saveFile(body.path, body.text, body);
      } catch (error) {
        if (!(error instanceof ConflictError) || !(await options.confirmOverwrite?.(body.path, context))) throw error;
        saved = await service.saveFile(body.path, body.text, { force: true });
      }
      options.onSaved?.(await service.resolvePath(body.path), context);
      return saved;
    },
    'recovery:read': ({ path }) => service.readRecovery(path),
    'recovery:write': async ({ path, text }) => {
      await service.writeRecovery(path, text);
      return OK;
    },
    'recovery:discard': async ({ path }) => {
      await service.discardRecovery(path);
      return OK;
    },
    'runs:list': (query) => service.listRuns(query ?? {}),
    'run:start': (body) => service.startRun(body),
    'run:subscribe': async ({ runId, subscriptionId }, context) => {
      service.requireRun(runId);
      // Through the service: a run of an earlier session is told again from its run folder.
      relay.subscribe(context.senderId, subscriptionId, runId, {
        subscribe: (id: string, listener: (event: RunEvent) => void) => service.subscribeRun(id, listener),
      });
      return OK;
    },
    'run:unsubscribe': async ({ subscriptionId }, context) => {
      relay.unsubscribe(context.senderId, subscriptionId);
      return OK;
    },
    'run:cancel': async ({ runId }) => {
      await service.cancelRun(runId);
      return OK;
    },
    'settings:get': () => service.getSettings(),
    'settings:save': (body) => service.saveSettings(body),
    'secrets:list': () => service.listSecrets(),
    'secrets:set': async ({ name, value }, context) => {
      await service.setSecret(name, value);
      if (value) options.onSecretStored?.(context);
      return OK;
    },
    'assist:start': (body) => service.startAssist(body),
    'assist:subscribe': async ({ turnId, subscriptionId }, context) => {
      service.requireAssist(turnId);
      assistRelay.subscribe(context.senderId, subscriptionId, turnId, {
        subscribe: (id: string, listener: (event: AssistEvent) => void) => service.subscribeAssist(id, listener),
      });
      return OK;
    },
    'assist:unsubscribe': async ({ subscriptionId }, context) => {
      assistRelay.unsubscribe(context.senderId, subscriptionId);
      return OK;
    },
    'assist:confirm': async ({ turnId, approved }) => {
      await service.confirmAssist(turnId, approved);
      return OK;
    },
    'assist:cancel': async ({ turnId }) => {
      await service.cancelAssist(turnId);
      return OK;
    },
    'conversation:read': ({ conversation }) => service.readConversation(conversation),
    'conversation:move': async ({ from, to }) => {
      await service.moveConversation(from, to);
      return { ok: true };
    },
    'conversation:clear': async ({ conversation }) => {
      await service.clearConversation(conversation);
      return OK;
    },
  };
}
