import { mkdir } from 'node:fs/promises';
import { dirname, isAbsolute } from 'node:path';
import { hasErrors, loadGraphObject, validateGraph } from '@adloom/graph';
import {
  ConflictError,
  discardRecovery,
  listGraphFiles,
  openGraphFile,
  readRecovery,
  saveGraphFile,
  writeRecovery,
} from '@adloom/server';
import { SECRET_NAMES, type SecretStatus } from '@adloom/server/api';
import type { InvokeChannelName, PayloadOf, ResultOf } from './channels.ts';
import type { EngineSupervisor } from './engine-protocol.ts';
import { HostFailure } from './host-failure.ts';
import type { HostPaths } from './host-paths.ts';
import type { RunEventRelay } from './run-event-relay.ts';
import type { SecretStore } from './secret-store.ts';
import type { SettingsStore } from './settings-store.ts';

/** Who is asking: the window (its webContents id) an invoke came from. */
export interface InvokeContext {
  senderId: number;
}

export type InvokeHandlers = {
  [C in InvokeChannelName]: (payload: PayloadOf<C>, context: InvokeContext) => Promise<ResultOf<C>>;
};

export interface DesktopHostOptions {
  paths: HostPaths;
  /** The bundled examples (resources/examples when packaged). */
  examplesDir?: string;
  version: string;
  engine: Pick<EngineSupervisor, 'catalog' | 'start' | 'has' | 'cancel'>;
  relay: Pick<RunEventRelay, 'subscribe' | 'unsubscribe'>;
  settings: SettingsStore;
  secrets: Pick<SecretStore, 'storedNames' | 'set' | 'decryptAll'>;
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

/**
 * What main answers on each invoke channel: the browser host's API (packages/server/src/server.ts),
 * built from the same modules (graph-files, RunHub in the engine child, the same schemas), with
 * the same errors. Runs go to the engine child; secrets stay in main.
 */
export function createInvokeHandlers(options: DesktopHostOptions): InvokeHandlers {
  const { paths, engine, relay, settings, secrets } = options;
  const env = options.env ?? process.env;
  const workspace = paths.workspace;

  const missing = (path: string) =>
    new HostFailure(404, isAbsolute(path) ? `there is no file ${path}` : `there is no file ${path} in the workspace`);

  return {
    'host:info': async () => ({ kind: 'desktop', version: options.version, workspace }),
    'host:catalog': () => engine.catalog(),
    'graphs:list': () => listGraphFiles(workspace),
    'examples:list': async () => (options.examplesDir ? listGraphFiles(options.examplesDir, 'examples/') : []),
    'file:open': async ({ path }) => {
      const absolute = await paths.resolveForOpen(path);
      try {
        return await openGraphFile(absolute, path);
      } catch {
        throw missing(path);
      }
    },
    'file:save': async (body, context) => {
      const absolute = await paths.resolve(body.path);
      await mkdir(dirname(absolute), { recursive: true });
      let saved: ResultOf<'file:save'>;
      try {
        saved = await saveGraphFile(absolute, body.path, body.text, body);
      } catch (error) {
        if (!(error instanceof ConflictError) || !(await options.confirmOverwrite?.(body.path, context))) throw error;
        saved = await saveGraphFile(absolute, body.path, body.text, { force: true });
      }
      options.onSaved?.(absolute, context);
      return saved;
    },
    'recovery:read': async ({ path }) => {
      try {
        const location = paths.recoveryLocation(path);
        const entry = await readRecovery(location.root, location.path);
        return entry ? { ...entry, path } : null;
      } catch {
        // as the browser host: a path it cannot place has no journal
        return null;
      }
    },
    'recovery:write': async ({ path, text }) => {
      const location = paths.recoveryLocation(path);
      await writeRecovery(location.root, location.path, text);
      return OK;
    },
    'recovery:discard': async ({ path }) => {
      const location = paths.recoveryLocation(path);
      await discardRecovery(location.root, location.path);
      return OK;
    },
    'run:start': async (body) => {
      const graphPath = body.path ? await paths.resolve(body.path) : undefined;
      const catalog = await engine.catalog();
      const loaded = loadGraphObject(body.graph, body.path);
      const diagnostics = loaded.graph
        ? validateGraph(loaded.graph, catalog, { file: body.path, inputs: Object.keys(body.inputs ?? {}) })
        : loaded.diagnostics;
      if (!loaded.graph || hasErrors(diagnostics)) throw new HostFailure(400, 'the graph is not valid', diagnostics);
      // Secrets are decrypted here, for this run only, and go nowhere but the engine's run.
      const runId = await engine.start(
        { graph: loaded.graph, graphPath, inputs: body.inputs, only: body.only, noCache: body.noCache },
        await secrets.decryptAll(),
      );
      return { runId };
    },
    'run:subscribe': async ({ runId, subscriptionId }, context) => {
      if (!engine.has(runId)) throw new HostFailure(404, `there is no run ${runId}`);
      relay.subscribe(context.senderId, subscriptionId, runId);
      return OK;
    },
    'run:unsubscribe': async ({ subscriptionId }, context) => {
      relay.unsubscribe(context.senderId, subscriptionId);
      return OK;
    },
    'run:cancel': async ({ runId }) => {
      if (!engine.cancel(runId)) throw new HostFailure(404, `there is no run ${runId}`);
      return OK;
    },
    'settings:get': () => settings.read(),
    'settings:save': (body) => settings.write(body),
    'secrets:list': async () => {
      const stored = await secrets.storedNames();
      return SECRET_NAMES.map((name): SecretStatus => ({ name, isSet: stored.has(name) || !!env[name] }));
    },
    'secrets:set': async ({ name, value }, context) => {
      if (!(SECRET_NAMES as readonly string[]).includes(name)) throw new HostFailure(404, `unknown secret ${name}`);
      await secrets.set(name, value);
      if (value) options.onSecretStored?.(context);
      return OK;
    },
  };
}
