import type { RunEntry, RunEvent, RunList } from '@adloom/host';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { isRunActive, type RunState, reduceRunEvent } from '../run/run-state.ts';
import type { Editor } from './editor.ts';
import { errorText } from './local-store.ts';

/** Which runs the panel lists: the open graph's, or every run of the workspace. */
export type HistoryScope = 'graph' | 'all';

export interface RunHistoryState {
  isOpen: boolean;
  scope: HistoryScope;
  runs: RunEntry[];
  skipped: RunList['skipped'];
  isLoading: boolean;
  error?: string;
  /** The past run shown on the canvas and in the results panel in place of the current state. */
  viewing: { runId: string; label: string } | null;
}

export type RunHistoryStore = StoreApi<RunHistoryState>;

/** `14:02`, or `3 Dec, 14:02` for another day; with `seconds`, `14:02:37` (two runs of one minute apart). */
export function runTime(startedAt: string, options: { seconds?: boolean; now?: Date } = {}): string {
  const at = new Date(startedAt);
  if (Number.isNaN(at.getTime())) return '';
  const time = at.toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit',
    ...(options.seconds ? { second: '2-digit' } : {}),
  });
  if (at.toDateString() === (options.now ?? new Date()).toDateString()) return time;
  return `${at.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })}, ${time}`;
}

/** `Run of 14:02`, or `Run of 3 Dec, 14:02` for a run of another day. */
export function runLabel(startedAt: string, options: { seconds?: boolean } = {}): string {
  const time = runTime(startedAt, options);
  return time ? `Run of ${time}` : 'Run';
}

/** The data of a run state, without the store's actions: what "back to current" puts back. */
function snapshotOf(run: RunState): RunState {
  const { runId, status, nodeIds, nodes, durationMs, outDir, error, fingerprints } = run;
  return { runId, status, nodeIds, nodes, durationMs, outDir, error, fingerprints };
}

/**
 * [editor.RH1] The run history panel: the runs on disk (the open graph's, or all), and a past run
 * reopened in the run store, told again by the host as events, so the canvas and the results
 * panel show it as they show a live run. The current state is kept aside until "Back to current".
 */
export class RunHistoryControl {
  readonly store: RunHistoryStore = createStore<RunHistoryState>()(() => ({
    isOpen: false,
    scope: 'graph',
    runs: [],
    skipped: [],
    isLoading: false,
    viewing: null,
  }));
  private readonly editor: Editor;
  /** The run state from before a past run was opened. */
  private saved: RunState | null = null;
  private stopReplay: (() => void) | null = null;
  private loads = 0;

  constructor(editor: Editor) {
    this.editor = editor;
    editor.run.subscribe((state, previous) => {
      const { viewing, isOpen } = this.store.getState();
      // Another document, or a run started: the past run is no longer what the canvas shows.
      if (viewing && state.runId !== viewing.runId) this.forgetPastRun();
      const hasEnded = isRunActive(previous) && !isRunActive(state);
      if (isOpen && hasEnded && !viewing) void this.load();
    });
    editor.doc.subscribe((state, previous) => {
      if (state.path !== previous.path && this.store.getState().isOpen) void this.load();
    });
  }

  /** The graph path the panel lists the runs of, when the graph has a file. */
  private get graphPath(): string | undefined {
    const doc = this.editor.doc.getState();
    return doc.path ?? doc.templateOf ?? undefined;
  }

  toggle(): void {
    const isOpen = !this.store.getState().isOpen;
    this.store.setState({ isOpen });
    if (isOpen) void this.load();
  }

  setScope(scope: HistoryScope): void {
    this.store.setState({ scope });
    void this.load();
  }

  /** Asks the host for the runs on disk again. */
  async load(): Promise<void> {
    const load = ++this.loads;
    const path = this.graphPath;
    const { scope } = this.store.getState();
    this.store.setState({ isLoading: true, error: undefined });
    try {
      const list = await this.editor.host.listRuns(scope === 'graph' && path ? { path } : {});
      if (load !== this.loads) return;
      this.store.setState({ runs: list.runs, skipped: list.skipped, isLoading: false });
    } catch (error) {
      if (load !== this.loads) return;
      this.store.setState({ isLoading: false, error: `Could not list the runs: ${errorText(error)}` });
    }
  }

  /** Shows a past run's results on the canvas and in the results panel. */
  open(entry: Pick<RunEntry, 'runId' | 'startedAt'>): void {
    const run = this.editor.run.getState();
    const { viewing } = this.store.getState();
    if (viewing?.runId === entry.runId) return;
    if (!viewing && isRunActive(run)) {
      this.editor.toast('A run is going on: open a past run once it has ended', 'info');
      return;
    }
    if (!viewing) this.saved = snapshotOf(run);
    this.stopReplay?.();
    this.store.setState({ viewing: { runId: entry.runId, label: runLabel(entry.startedAt) } });
    const opening: RunState = {
      runId: entry.runId,
      status: 'opening',
      nodeIds: [],
      nodes: {},
      durationMs: undefined,
      outDir: undefined,
      error: undefined,
      fingerprints: undefined,
    };
    this.editor.run.setState(opening);
    this.editor.view.setState({ showResults: true });
    // The host tells the run again from its start (run.started, each node, run.finished): shown as
    // it comes, it would read "running" with Cancel on for a moment. It is shown once told whole.
    const told: RunEvent[] = [];
    try {
      this.stopReplay = this.editor.host.subscribeRun(entry.runId, (event) => {
        told.push(event);
        if (event.type === 'run.finished') this.editor.run.setState(told.reduce(reduceRunEvent, opening));
      });
    } catch (error) {
      this.leave();
      this.editor.fail('Could not open the run', error);
    }
  }

  /** Back to the current state: the results the canvas showed before a past run was opened. */
  leave(): void {
    if (!this.store.getState().viewing) return;
    const saved = this.saved;
    this.forgetPastRun();
    if (saved) this.editor.run.setState(saved);
    else this.editor.run.getState().reset();
  }

  private forgetPastRun(): void {
    this.stopReplay?.();
    this.stopReplay = null;
    this.saved = null;
    this.store.setState({ viewing: null });
  }
}
