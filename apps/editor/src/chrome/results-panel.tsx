import { useMemo } from 'react';
import { useStore } from 'zustand';
import { useEditor, useRun } from '../app/editor-context.tsx';
import { collectArtifacts } from '../run/run-state.ts';
import { MissingFile } from './missing-file.tsx';

function size(artifact: { width?: number; height?: number; durationSec?: number }): string {
  const parts: string[] = [];
  if (artifact.width && artifact.height) parts.push(`${artifact.width}×${artifact.height}`);
  if (artifact.durationSec) parts.push(`${artifact.durationSec.toFixed(1)} s`);
  return parts.join(' · ');
}

/** The run's artifacts, each linked, with the node and port that made it. */
export function ResultsPanel() {
  const editor = useEditor();
  const runId = useRun((s) => s.runId);
  const status = useRun((s) => s.status);
  const outDir = useRun((s) => s.outDir);
  const durationMs = useRun((s) => s.durationMs);
  const error = useRun((s) => s.error);
  const nodes = useRun((s) => s.nodes);
  const nodeIds = useRun((s) => s.nodeIds);
  const viewing = useStore(editor.history.store, (s) => s.viewing);
  const artifacts = useMemo(() => collectArtifacts({ runId, status, nodes, nodeIds }), [runId, status, nodes, nodeIds]);
  return (
    <section className="bottom-panel results" aria-label="Run results" data-testid="results-panel">
      <div className="panel-header">
        Run{' '}
        {viewing ? (
          // The past run's name says which one; its id would crowd the header.
          <span className="chip past-run" title={runId ?? undefined}>
            {viewing.label} — viewing
          </span>
        ) : runId ? (
          <span className="mono muted">{runId}</span>
        ) : null}
        <span className={`run-status ${status}`}>{status}</span>
        {durationMs !== undefined ? <span className="muted">{(durationMs / 1000).toFixed(1)} s</span> : null}
        {outDir ? (
          <span className="mono muted out-dir" title={outDir}>
            {outDir}
          </span>
        ) : null}
        {artifacts.some((a) => a.artifact.kind === 'image' || a.artifact.kind === 'video') ? (
          <button
            type="button"
            className="button small"
            onClick={() => editor.view.getState().openDialog({ kind: 'contactSheet' })}
          >
            Contact sheet
          </button>
        ) : null}
        <button
          type="button"
          className="icon-button"
          aria-label="Close"
          onClick={() => editor.view.setState({ showResults: false })}
        >
          ×
        </button>
      </div>
      {error ? <div className="field-error">{error}</div> : null}
      <ul className="artifact-list">
        {!artifacts.length ? (
          <li className="muted">{runId ? 'This run made no files.' : 'Run the graph to see its files here.'}</li>
        ) : null}
        {artifacts.map((a) => {
          const url = editor.host.artifactUrl(a.artifact);
          const isMissing = a.artifact.isMissing === true;
          return (
            <li
              key={`${a.nodeId}.${a.port}${a.where}:${a.artifact.sha256}`}
              className={isMissing ? 'artifact missing' : 'artifact'}
            >
              {isMissing ? (
                // Keeps the row's columns; the words are where Open would be.
                <span className="artifact-thumb gone" aria-hidden="true" />
              ) : a.artifact.kind === 'image' ? (
                <img src={url} alt="" loading="lazy" className="artifact-thumb" />
              ) : (
                <span className="artifact-kind">{a.artifact.kind}</span>
              )}
              <button type="button" className="link-button mono" onClick={() => editor.revealNode(a.nodeId)}>
                {a.nodeId}.{a.port}
                {a.where}
              </button>
              <span className="muted">{a.artifact.mime}</span>
              <span className="muted">{size(a.artifact)}</span>
              {a.artifact.provider ? <span className="chip">{a.artifact.provider}</span> : null}
              {isMissing ? (
                <MissingFile className="artifact-missing" />
              ) : (
                <a href={url} target="_blank" rel="noreferrer">
                  Open
                </a>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
