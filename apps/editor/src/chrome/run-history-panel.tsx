import type { RunEntry } from '@adloom/host';
import { useStore } from 'zustand';
import { useDoc, useEditor } from '../app/editor-context.tsx';
import { runLabel, runTime } from '../app/run-history-control.ts';

const seconds = (ms: number | undefined) => (ms === undefined ? '' : `${(ms / 1000).toFixed(1)} s`);

function counts(entry: RunEntry): string {
  const { ok, cached, failed } = entry.nodes;
  return [`${ok} done`, `${cached} cached`, `${failed} failed`].join(', ');
}

/** How a run is named to a screen reader: when, how it ended, how long, what it did. */
function accessibleName(entry: RunEntry, withGraph: boolean): string {
  return [
    runLabel(entry.startedAt, { seconds: true }),
    withGraph ? entry.graphName : '',
    entry.status,
    seconds(entry.durationMs),
    counts(entry),
  ]
    .filter(Boolean)
    .join(', ');
}

/** [editor.RH1] The runs on disk of the open graph (or all of them); one click shows a run's results. */
export function RunHistoryPanel() {
  const editor = useEditor();
  const { history } = editor;
  const scope = useStore(history.store, (s) => s.scope);
  const runs = useStore(history.store, (s) => s.runs);
  const skipped = useStore(history.store, (s) => s.skipped);
  const isLoading = useStore(history.store, (s) => s.isLoading);
  const error = useStore(history.store, (s) => s.error);
  const viewing = useStore(history.store, (s) => s.viewing);
  const hasPath = useDoc((s) => Boolean(s.path ?? s.templateOf));
  const isAll = scope === 'all' || !hasPath;
  return (
    <section className="bottom-panel run-history" aria-label="Run history" data-testid="run-history">
      <div className="panel-header">
        Run history
        <fieldset className="segmented" aria-label="Which runs">
          <button
            type="button"
            className="segment"
            aria-pressed={!isAll}
            disabled={!hasPath}
            title={hasPath ? undefined : 'Save the graph to list its own runs'}
            onClick={() => history.setScope('graph')}
          >
            This graph
          </button>
          <button type="button" className="segment" aria-pressed={isAll} onClick={() => history.setScope('all')}>
            All runs
          </button>
        </fieldset>
        <button type="button" className="button small" onClick={() => void history.load()} disabled={isLoading}>
          Refresh
        </button>
        <button type="button" className="icon-button" aria-label="Close run history" onClick={() => history.toggle()}>
          ×
        </button>
      </div>
      {error ? <div className="field-error">{error}</div> : null}
      <ol className="run-history-list">
        {!runs.length && !isLoading ? (
          <li className="muted">{isAll ? 'No runs in this workspace yet.' : 'This graph has not been run yet.'}</li>
        ) : null}
        {runs.map((entry) => (
          <li key={entry.runId}>
            <button
              type="button"
              className="run-entry"
              data-run-id={entry.runId}
              aria-current={viewing?.runId === entry.runId ? 'true' : undefined}
              aria-label={accessibleName(entry, isAll)}
              onClick={() => history.open(entry)}
            >
              <span className={`run-status ${entry.status}`}>{entry.status}</span>
              <span className="run-entry-when">{runTime(entry.startedAt, { seconds: true })}</span>
              {isAll ? <span className="run-entry-graph">{entry.graphName}</span> : null}
              <span className="muted">{seconds(entry.durationMs)}</span>
              <span className="muted run-entry-counts">{counts(entry)}</span>
            </button>
          </li>
        ))}
      </ol>
      {skipped.length ? (
        <p className="muted run-history-skipped" title={skipped.map((s) => `${s.runId}: ${s.reason}`).join('\n')}>
          {skipped.length} run folder{skipped.length === 1 ? '' : 's'} could not be read (hover for why)
        </p>
      ) : null}
    </section>
  );
}

/** Over the canvas while a past run is shown: which one, and the way back. */
export function PastRunBanner() {
  const editor = useEditor();
  const viewing = useStore(editor.history.store, (s) => s.viewing);
  if (!viewing) return null;
  return (
    <div className="past-run-banner" role="status" data-testid="past-run-banner">
      <span>
        <strong>{viewing.label}</strong> — viewing a past run
      </span>
      <button type="button" className="button small" onClick={() => editor.history.leave()}>
        Back to current
      </button>
    </div>
  );
}
