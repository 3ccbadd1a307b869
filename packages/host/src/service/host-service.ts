import { mkdir } from 'node:fs/promises';
import { dirname, isAbsolute } from 'node:path';
import type { RunEvent, RunResult } from '@adloom/engine';
import type { Catalog } from '@adloom/graph';
import type { z } from 'zod';
import { type AssistBody, type AssistEvent, assistBody, type ConversationEntry, moveConversationBody } from '../assistant.ts';
import { HostError } from '../host-error.ts';
import {
  type ListRunsQuery,
  listRunsQuery,
  recoveryBody,
  requestIssues,
  type StartRunBody,
  saveFileBody,
  secretBody,
} from '../requests.ts';
import type { GraphEntry, HostInfo, OpenedFile, RecoveryEntry, RunList, SavedFile, SecretStatus } from '../responses.ts';
import { secretNamesOf } from '../secret-names.ts';
import { type Settings, settingsSchema } from '../settings.ts';
import { assistantModelFor } from './assistant-model-choice.ts';
import { AssistantTurns } from './assistant-turns.ts';
import { discardRecovery, listGraphFiles, openGraphFile, readRecovery, saveGraphFile, writeRecovery } from './graph-files.ts';
import type { RunCheckAnswer } from './run-check.ts';
import { RunHistory } from './run-history.ts';
import type { RunHost } from './run-hub.ts';
import { checkRunRequest } from './run-request-check.ts';
import { runResultOf } from './run-result.ts';
import type { SecretStorage } from './secret-storage.ts';
import { settingsEnv } from './settings-env.ts';
import type { SettingsStorage } from './settings-file.ts';
import type { WorkspacePaths } from './workspace-paths.ts';

/** The parts where hosts really differ; everything else is the service's. */
export interface HostServiceOptions {
  kind: HostInfo['kind'];
  version: string;
  /** How paths from the editor map to files (the desktop grants files the user chose). */
  paths: Pick<WorkspacePaths, 'workspace' | 'examplesDir' | 'resolve' | 'resolveForOpen' | 'recoveryLocation'> &
    Partial<Pick<WorkspacePaths, 'isGranted'>>;
  /** The node catalog the graphs are checked against. */
  catalog: () => Catalog | Promise<Catalog>;
  /** Where runs go: RunHub in this process, a queue of workers, or an engine process. */
  runs: RunHost;
  settings: SettingsStorage;
  secrets: SecretStorage;
  /** The environment the host started in: a key set there counts as set, and wins over a setting. */
  env?: Record<string, string | undefined>;
  /**
   * How a run request is checked (default: in this thread). `adloom serve` checks in a worker
   * thread (RunChecker), so a 100,000-node graph does not stop its other requests.
   */
  checkRun?: (request: unknown, catalog: Catalog) => Promise<RunCheckAnswer>;
  /** Limits of one assistant turn: time (default 120 s, waiting for a yes included) and model steps (default 12). */
  assistant?: { timeLimitMs?: number; maxSteps?: number };
}

/**
 * [host.H1] The host both hosts run on: each method is one Host operation, with the rules
 * behind it written once (paths kept inside the workspace, load → validate → 400 → start,
 * write-only secrets, the errors' statuses and words). `adloom serve` is its HTTP + SSE
 * transport, the desktop's main its IPC transport; a failure is a HostError with its status.
 * Each value is checked against its schema here too, so no transport can skip a rule.
 */
export class HostService {
  private readonly options: HostServiceOptions;
  private readonly env: Record<string, string | undefined>;
  private readonly turns: AssistantTurns;
  private readonly history: RunHistory;

  constructor(options: HostServiceOptions) {
    this.options = options;
    this.env = options.env ?? process.env;
    this.history = new RunHistory({
      workspace: options.paths.workspace,
      examplesDir: options.paths.examplesDir,
      isGranted: (absolute) => options.paths.isGranted?.(absolute) ?? false,
      isLive: (runId) => options.runs.has(runId),
    });
    this.turns = new AssistantTurns({
      workspace: options.paths.workspace,
      catalog: options.catalog,
      runs: options.runs,
      ...options.assistant,
      prepare: async (conversation) => {
        const settings = await this.options.settings.read();
        // The same environment a run started from the editor gets, and the model's key from it.
        const env = { ...settingsEnv(settings, this.env), ...(await this.options.secrets.decryptAll()) };
        const model = assistantModelFor(settings, { ...this.env, ...env });
        const graphPath = conversation.endsWith('.adloom.json')
          ? await this.options.paths.resolve(conversation).catch(() => undefined)
          : undefined;
        return { settings, model, run: { readFolders: settings.readFolders, env, ...(graphPath ? { graphPath } : {}) } };
      },
      lastRun: async (conversation) => {
        const [last] = (await this.listRuns({ path: conversation, limit: 1 })).runs;
        return last && last.status !== 'running' ? this.finishedRun(last.runId) : undefined;
      },
    });
  }

  get workspace(): string {
    return this.options.paths.workspace;
  }

  async info(): Promise<HostInfo> {
    return { kind: this.options.kind, version: this.options.version, workspace: this.workspace };
  }

  async catalog(): Promise<Catalog> {
    return this.options.catalog();
  }

  listGraphs(): Promise<GraphEntry[]> {
    return listGraphFiles(this.workspace);
  }

  async listExamples(): Promise<GraphEntry[]> {
    const examples = this.options.paths.examplesDir;
    return examples ? listGraphFiles(examples, 'examples/') : [];
  }

  async openFile(path: string): Promise<OpenedFile> {
    const absolute = await this.options.paths.resolveForOpen(path);
    try {
      return await openGraphFile(absolute, path);
    } catch {
      throw new HostError(404, isAbsolute(path) ? `there is no file ${path}` : `there is no file ${path} in the workspace`);
    }
  }

  /** Saves atomically; a file changed on disk since `expectedModifiedAt` is a 409 (ConflictError) unless `force`. */
  async saveFile(path: string, text: string, options: { expectedModifiedAt?: string; force?: boolean } = {}): Promise<SavedFile> {
    checked(saveFileBody, { path, text, ...options });
    const absolute = await this.options.paths.resolve(path);
    await mkdir(dirname(absolute), { recursive: true });
    return saveGraphFile(absolute, path, text, options);
  }

  /** The file a path names, for a transport that tells the system of it (recent documents). */
  resolvePath(path: string): Promise<string> {
    return this.options.paths.resolve(path);
  }

  async readRecovery(path: string): Promise<RecoveryEntry | null> {
    try {
      const location = this.options.paths.recoveryLocation(path);
      const entry = await readRecovery(location.root, location.path);
      return entry ? { ...entry, path } : null;
    } catch {
      // A path the host cannot place has no journal.
      return null;
    }
  }

  async writeRecovery(path: string, text: string): Promise<void> {
    checked(recoveryBody, { path, text });
    const location = this.options.paths.recoveryLocation(path);
    await writeRecovery(location.root, location.path, text);
  }

  async discardRecovery(path: string): Promise<void> {
    const location = this.options.paths.recoveryLocation(path);
    await discardRecovery(location.root, location.path);
  }

  /**
   * [host.H2] Load → validate → 400 with the diagnostics → start. `request` is the body as
   * sent (JSON text or a value): the check parses it. The run sees the provider settings and
   * the secrets in its environment, for this run only.
   */
  async startRun(request: StartRunBody | string): Promise<{ runId: string }> {
    const catalog = await this.options.catalog();
    const checked = await (this.options.checkRun ?? inThread)(request, catalog);
    if (!checked.ok) throw new HostError(checked.status, checked.error, checked.issues);
    const body = checked.body;
    const graphPath = body.path ? await this.options.paths.resolve(body.path) : undefined;
    const settings = await this.options.settings.read();
    const env = { ...settingsEnv(settings, this.env), ...(await this.options.secrets.decryptAll()) };
    const runId = await this.options.runs.start(body.graph, {
      readFolders: settings.readFolders,
      graphPath,
      inputs: body.inputs,
      only: body.only,
      noCache: body.noCache,
      validated: true,
      env,
    });
    return { runId };
  }

  /** [host.R1] The workspace's runs on disk, newest first; `query.path` keeps one graph's. */
  async listRuns(query: ListRunsQuery = {}): Promise<RunList> {
    return this.history.list(checked(listRunsQuery, query));
  }

  /** A finished run's outcome, told again by its events (live, or from its run folder). */
  private finishedRun(runId: string): Promise<RunResult | undefined> {
    return new Promise((resolve) => {
      const events: RunEvent[] = [];
      const stop = this.subscribeRun(runId, (event) => {
        events.push(event);
        if (event.type === 'run.finished') resolve(runResultOf(runId, events));
      });
      // A run folder that cannot be told again in time leaves the turn without it.
      setTimeout(() => {
        stop();
        resolve(undefined);
      }, 5000).unref();
    });
  }

  /** A run neither the host nor the workspace's run folders know is a 404. */
  requireRun(runId: string): void {
    if (!this.options.runs.has(runId) && !this.history.has(runId)) throw new HostError(404, `there is no run ${runId}`);
  }

  /**
   * Past events first, then new ones; a run the host does not know is a 404. A run of an earlier
   * session, on disk only, is told again from its manifest ([host.R2]), so the editor shows a past
   * run's results the way it shows a live one's.
   */
  subscribeRun(runId: string, listener: (event: RunEvent) => void): () => void {
    this.requireRun(runId);
    if (this.options.runs.has(runId)) {
      // The events already past come first, at once: their files may have been removed since.
      let isPast = true;
      const stop = this.options.runs.subscribe(runId, (event) =>
        listener(isPast ? this.history.withMissingFilesMarked(event) : event),
      );
      isPast = false;
      return stop;
    }
    return this.history.replay(runId, listener);
  }

  async cancelRun(runId: string): Promise<void> {
    if (!this.options.runs.cancel(runId)) throw new HostError(404, `there is no run ${runId}`);
  }

  getSettings(): Promise<Settings> {
    return this.options.settings.read();
  }

  async saveSettings(settings: Settings): Promise<Settings> {
    return this.options.settings.write(checked(settingsSchema, settings));
  }

  /** The built-in secrets and the packs' own: whether each is set (stored, or in the environment), never a value. */
  async listSecrets(): Promise<SecretStatus[]> {
    const stored = await this.options.secrets.storedNames();
    const names = secretNamesOf(await this.options.catalog());
    return names.map(({ name, description }) => ({
      name,
      isSet: stored.has(name) || !!this.env[name],
      ...(description ? { description } : {}),
    }));
  }

  /** Write-only; an empty value removes the secret. A name no one declared is a 404. */
  async setSecret(name: string, value: string): Promise<void> {
    const names = secretNamesOf(await this.options.catalog());
    if (!names.some((known) => known.name === name)) throw new HostError(404, `unknown secret ${name}`);
    checked(secretBody, { value });
    await this.options.secrets.set(name, value);
  }

  /**
   * [host.A1] One assistant turn in the background: the body checked (400 naming the field),
   * the graph read loosely (the turn may be asked to fix it), the model from the settings.
   * A second turn in the same conversation while one is under way is a 409.
   */
  async startAssist(body: AssistBody): Promise<{ turnId: string }> {
    return this.turns.start(checked(assistBody, body));
  }

  /** Past events first, then new ones; a turn the host does not know is a 404. */
  subscribeAssist(turnId: string, listener: (event: AssistEvent) => void): () => void {
    return this.turns.subscribe(turnId, listener);
  }

  /** A turn the host does not know is a 404. */
  requireAssist(turnId: string): void {
    this.turns.require(turnId);
  }

  /** Answers the turn's `confirm`: yes runs, no does not; a turn not asking is a 409. */
  async confirmAssist(turnId: string, approved: boolean): Promise<void> {
    this.turns.confirm(turnId, approved);
  }

  async cancelAssist(turnId: string): Promise<void> {
    this.turns.cancel(turnId);
  }

  /** The conversation kept for a graph; empty for a name never used. */
  async readConversation(conversation: string): Promise<ConversationEntry[]> {
    return this.turns.readConversation(checked(assistBody.shape.conversation, conversation));
  }

  async clearConversation(conversation: string): Promise<void> {
    return this.turns.clearConversation(checked(assistBody.shape.conversation, conversation));
  }

  async moveConversation(from: string, to: string): Promise<void> {
    const names = checked(moveConversationBody, { from, to });
    return this.turns.moveConversation(names.from, names.to);
  }

  /** The host is closing: its own runs and assistant turns stop. */
  close(): void {
    this.turns.cancelAll();
    this.options.runs.cancelAll();
  }
}

/** The value as its schema reads it; a 400 naming each field that fails. */
function checked<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const { message, issues } = requestIssues(parsed.error);
    throw new HostError(400, message, issues);
  }
  return parsed.data;
}

const inThread = async (request: unknown, catalog: Catalog) => checkRunRequest(request, catalog);
