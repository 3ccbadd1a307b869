import { type GraphFile, isBypassed } from '@adloom/graph';
import { HostError } from '@adloom/host';
import { nodeFingerprints } from '../run/freshness.ts';
import { isRunActive } from '../run/run-state.ts';
import type { Editor } from './editor.ts';
import { errorText } from './local-store.ts';

/**
 * Runs: starting one (all, or up to the selection) after the editor's own checks, following
 * its events into the run store, saying how it ended, cancelling it.
 */
export class RunControl {
  private readonly editor: Editor;
  private stopRunEvents: (() => void) | null = null;

  constructor(editor: Editor) {
    this.editor = editor;
  }

  /** Forgets the runs of the document before (another one was opened). */
  reset(): void {
    this.stopRunEvents?.();
    this.stopRunEvents = null;
    this.editor.run.getState().reset();
    this.editor.view.setState({ staleNodes: {} });
  }

  runAll(): Promise<void> {
    return this.startRun();
  }

  runSelected(): Promise<void> {
    const only = this.editor.view.getState().selectedNodes;
    if (!only.length) {
      this.editor.toast('Select the nodes to run up to first', 'info');
      return Promise.resolve();
    }
    return this.startRun(only);
  }

  private async startRun(only?: string[]): Promise<void> {
    // A past run on show gives way: the new run continues from the current state.
    this.editor.history.leave();
    if (isRunActive(this.editor.run.getState())) return;
    this.editor.validateNow();
    const mismatch = this.editor.view.getState().listMismatches[0];
    if (mismatch) {
      this.editor.view.setState({ showProblems: true });
      this.editor.toast(`The run would fail at "${mismatch.nodeId}": ${mismatch.message}`, 'error');
      return;
    }
    const state = this.editor.doc.getState();
    this.stopRunEvents?.();
    this.editor.run.getState().starting(only ?? Object.keys(state.graph.nodes), nodeFingerprints(state.graph));
    const path = state.path ?? state.templateOf ?? undefined;
    // Bypassed nodes stay in the document and in the graph sent: the host takes them out
    // (withBypass) and the run's manifest names them.
    const graph = state.graph;
    const targets = only?.filter((id) => Object.hasOwn(graph.nodes, id) && !isBypassed(graph.nodes[id]));
    try {
      const { runId } = await this.editor.host.startRun({
        graph: graph as Record<string, unknown>,
        ...(path ? { path } : {}),
        ...(targets?.length ? { only: targets } : {}),
      });
      this.follow(runId);
    } catch (error) {
      this.editor.run.getState().failedToStart(errorText(error));
      this.editor.validateNow();
      const problems = this.editor.view.getState().diagnostics.filter((d) => d.severity === 'error');
      if (error instanceof HostError && error.status === 400 && problems.length) {
        // The problems panel lists them one by one; a toast with all of them would be a wall.
        this.editor.view.setState({ showProblems: true });
        this.editor.toast(
          `The run did not start: the graph has ${problems.length} problem${problems.length === 1 ? '' : 's'} to fix first`,
          'error',
        );
        return;
      }
      this.editor.fail('The run did not start', error);
    }
  }

  /**
   * Follows a run someone else started (the assistant) like one of the editor's own, so its
   * results show on the canvas. `graph` is what it runs: its fingerprints tell later edits.
   */
  followRun(runId: string, graph: GraphFile): void {
    if (this.editor.run.getState().runId === runId) return;
    this.stopRunEvents?.();
    this.editor.run.getState().starting(Object.keys(graph.nodes), nodeFingerprints(graph));
    this.follow(runId);
  }

  private follow(runId: string): void {
    this.editor.run.getState().started(runId);
    this.stopRunEvents = this.editor.host.subscribeRun(runId, (event) => {
      this.editor.run.getState().receive(event);
      if (event.type === 'node.finished' && event.nodeId && this.editor.view.getState().staleNodes[event.nodeId]) {
        const { [event.nodeId]: _, ...rest } = this.editor.view.getState().staleNodes;
        this.editor.view.setState({ staleNodes: rest });
      }
      if (event.type === 'run.finished') this.onRunFinished();
    });
  }

  private onRunFinished(): void {
    this.editor.validateNow();
    const run = this.editor.run.getState();
    const seconds = run.durationMs !== undefined ? ` in ${(run.durationMs / 1000).toFixed(1)} s` : '';
    if (run.status === 'succeeded') this.editor.toast(`Run finished${seconds}`, 'success');
    else if (run.status === 'cancelled') this.editor.toast('Run cancelled', 'info');
    else this.editor.toast(`Run failed${seconds}: see the red nodes`, 'error');
  }

  async cancelRun(): Promise<void> {
    const { runId } = this.editor.run.getState();
    if (!runId || !isRunActive(this.editor.run.getState())) return;
    try {
      await this.editor.host.cancelRun(runId);
    } catch (error) {
      this.editor.fail('Could not cancel the run', error);
    }
  }
}
