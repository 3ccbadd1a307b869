import { useStore } from '@xyflow/react';
import { useStore as useZustand } from 'zustand';
import { useDoc, useEditor, useRun, useView } from '../app/editor-context.tsx';

/** The zoom in whole percent: re-renders when that number changes, not on every pan frame. */
function Zoom() {
  const percent = useStore((s) => Math.round(s.transform[2] * 100));
  return <span className="status-zoom">{percent}%</span>;
}

export function StatusBar() {
  const editor = useEditor();
  const workspace = useView((s) => s.hostInfo?.workspace);
  const hostStatus = useView((s) => s.hostStatus);
  const errors = useView((s) => s.diagnostics.filter((d) => d.severity === 'error').length);
  const warnings = useView((s) => s.diagnostics.filter((d) => d.severity === 'warning').length);
  const nodeCount = useDoc((s) => Object.keys(s.graph.nodes).length);
  const runStatus = useRun((s) => s.status);
  const showHistory = useZustand(editor.history.store, (s) => s.isOpen);
  return (
    <footer className="status-bar">
      <span className={`host-dot ${hostStatus}`} title={hostStatus} />
      <span className="mono muted" title="Workspace folder">
        {workspace ?? '—'}
      </span>
      <span className="toolbar-spacer" />
      <button
        type="button"
        className={`status-button${errors ? ' has-errors' : ''}`}
        onClick={() => editor.view.setState((s) => ({ showProblems: !s.showProblems }))}
        data-testid="problems-button"
      >
        {errors} error{errors === 1 ? '' : 's'}, {warnings} warning{warnings === 1 ? '' : 's'}
      </button>
      <button
        type="button"
        className="status-button"
        onClick={() => editor.view.setState((s) => ({ showResults: !s.showResults }))}
      >
        Run: {runStatus}
      </button>
      <button
        type="button"
        className="status-button"
        aria-pressed={showHistory}
        onClick={() => editor.history.toggle()}
        data-testid="history-button"
      >
        History
      </button>
      <span>{nodeCount} nodes</span>
      <Zoom />
    </footer>
  );
}
