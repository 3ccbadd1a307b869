import type { GraphEntry } from '@adloom/host';
import { useEffect, useState } from 'react';
import { useEditor } from '../app/editor-context.tsx';
import { Modal } from './modal.tsx';

function when(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleString();
}

function GraphList({ entries, onPick, empty }: { entries: GraphEntry[] | null; onPick: (path: string) => void; empty: string }) {
  if (entries === null) return <div className="muted">Loading…</div>;
  if (!entries.length) return <div className="muted">{empty}</div>;
  return (
    <ul className="file-list">
      {entries.map((entry) => (
        <li key={entry.path}>
          <button type="button" className="file-item" onClick={() => onPick(entry.path)} data-path={entry.path}>
            <span className="file-name">{entry.name}</span>
            <span className="file-path mono">{entry.path}</span>
            {entry.description ? <span className="file-description">{entry.description}</span> : null}
            <span className="file-time">{when(entry.modifiedAt)}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/** Open: the workspace's graphs, recent files, or a typed path. */
export function OpenDialog() {
  const editor = useEditor();
  const [entries, setEntries] = useState<GraphEntry[] | null>(null);
  const [path, setPath] = useState('');
  useEffect(() => {
    editor.host.listGraphs().then(setEntries, (error) => {
      setEntries([]);
      editor.fail('Could not list the workspace', error);
    });
  }, [editor]);
  const open = (p: string) => {
    editor.view.getState().closeDialog();
    void editor.open(p);
  };
  const recent = editor.recentFiles();
  return (
    <Modal title="Open a graph" wide testId="open-dialog">
      {recent.length ? (
        <section>
          <h3>Recent</h3>
          <div className="chip-row">
            {recent.map((p) => (
              <button type="button" key={p} className="chip button-chip mono" onClick={() => open(p)}>
                {p}
              </button>
            ))}
          </div>
        </section>
      ) : null}
      <section>
        <h3>In the workspace</h3>
        <GraphList entries={entries} onPick={open} empty="No *.adloom.json files in the workspace yet." />
      </section>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (path.trim()) open(path.trim());
        }}
      >
        <input
          className="field-input mono"
          placeholder="path/in/workspace.adloom.json"
          value={path}
          onChange={(e) => setPath(e.target.value)}
        />
        <button type="submit" className="button">
          Open
        </button>
      </form>
    </Modal>
  );
}

/** Examples: graphs that run out of the box, opened as templates (untitled copies). */
export function ExamplesDialog() {
  const editor = useEditor();
  const [entries, setEntries] = useState<GraphEntry[] | null>(null);
  useEffect(() => {
    editor.host.listExamples().then(setEntries, (error) => {
      setEntries([]);
      editor.fail('Could not list the examples', error);
    });
  }, [editor]);
  return (
    <Modal title="Examples" wide testId="examples-dialog">
      <p className="muted">Each opens as a new, untitled graph; the example stays as it is.</p>
      <GraphList
        entries={entries}
        empty="No examples found."
        onPick={(p) => {
          editor.view.getState().closeDialog();
          void editor.openTemplate(p);
        }}
      />
    </Modal>
  );
}
