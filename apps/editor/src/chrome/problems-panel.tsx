import { useEditor, useView } from '../app/editor-context.tsx';

/** Every diagnostic of validateGraph; clicking one shows its node. */
export function ProblemsPanel() {
  const editor = useEditor();
  const diagnostics = useView((s) => s.diagnostics);
  const mismatches = useView((s) => s.listMismatches);
  return (
    <section className="bottom-panel problems" aria-label="Problems" data-testid="problems-panel">
      <div className="panel-header">
        Problems <span className="count">{diagnostics.length}</span>
        <button
          type="button"
          className="icon-button"
          aria-label="Close"
          onClick={() => editor.view.setState({ showProblems: false })}
        >
          ×
        </button>
      </div>
      <ul className="problem-list">
        {diagnostics.length === 0 ? <li className="muted">No problems: the graph is ready to run.</li> : null}
        {diagnostics.map((d, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: diagnostics may repeat a message; their order is stable
          <li key={i} className={d.severity}>
            <button
              type="button"
              className="problem"
              disabled={!d.nodeId}
              onClick={() => d.nodeId && editor.revealNode(d.nodeId)}
            >
              <span className={`severity ${d.severity}`}>{d.severity === 'error' ? '●' : '▲'}</span>
              {d.nodeId ? <span className="mono problem-node">{d.nodeId}</span> : null}
              <span>{d.message}</span>
            </button>
            {d.nodeId && mismatches.some((m) => m.nodeId === d.nodeId) && d.message.includes('Split into variants') ? (
              <button
                type="button"
                className="button small problem-fix"
                data-fix="split-into-variants"
                onClick={() => d.nodeId && editor.fixListMismatch(d.nodeId)}
              >
                Split into variants
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
