import { useState } from 'react';
import { useEditor } from '../app/editor-context.tsx';
import { Modal } from './modal.tsx';

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'untitled'
  );
}

/** Save as: a path in the workspace; `.adloom.json` is added when missing. */
export function SaveAsDialog() {
  const editor = useEditor();
  const state = editor.doc.getState();
  const [path, setPath] = useState(state.path ?? `${slug(state.graph.name)}.adloom.json`);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (!path.trim()) return;
    setBusy(true);
    const target = path.trim().endsWith('.adloom.json') ? path.trim() : `${path.trim().replace(/\.json$/, '')}.adloom.json`;
    let exists = false;
    try {
      exists = target !== state.path && (await editor.host.listGraphs()).some((g) => g.path === target);
    } catch {
      // the save itself will say what is wrong
    }
    if (exists && !window.confirm(`${target} already exists. Replace it?`)) {
      setBusy(false);
      return;
    }
    const ok = await editor.saveTo(target, true, exists);
    setBusy(false);
    if (ok) editor.view.getState().closeDialog();
  };
  return (
    <Modal
      title="Save as"
      testId="save-as-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={() => editor.view.getState().closeDialog()}>
            Cancel
          </button>
          <button type="submit" form="save-as-form" className="button primary" disabled={busy}>
            Save
          </button>
        </>
      }
    >
      <form
        id="save-as-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label className="field-label" htmlFor="save-as-path">
          Path in the workspace
        </label>
        <input
          id="save-as-path"
          className="field-input mono"
          value={path}
          // biome-ignore lint/a11y/noAutofocus: the dialog exists to take this path
          autoFocus
          onChange={(e) => setPath(e.target.value)}
        />
        <div className="field-description">The same file runs with: adloom run {path || '…'}</div>
      </form>
    </Modal>
  );
}
