import { useDoc, useEditor } from '../app/editor-context.tsx';
import type { LeaveFor } from '../view/view-store.ts';
import { Modal } from './modal.tsx';

function when(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** After a crash or a killed host: the journal holds changes the file does not. */
export function RecoveryDialog({
  recoveryKey,
  savedAt,
  text,
  path,
}: {
  recoveryKey: string;
  savedAt: string;
  text: string;
  path: string | null;
}) {
  const editor = useEditor();
  return (
    <Modal
      title="Unsaved changes found"
      isBlocking
      testId="recovery-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={() => void editor.discardRecovery(recoveryKey)}>
            Discard
          </button>
          <button type="button" className="button primary" onClick={() => editor.restoreRecovery(text)}>
            Restore
          </button>
        </>
      }
    >
      <p>Recover unsaved changes from {when(savedAt)}?</p>
      <p className="muted">
        {path ? (
          <>
            They were made to <span className="mono">{path}</span> and never saved.
          </>
        ) : (
          'They belong to a graph that was never saved.'
        )}{' '}
        Restoring puts them back as unsaved changes; Undo returns to the file.
      </p>
    </Modal>
  );
}

/** The file changed on disk since it was opened: overwrite it, or keep both by saving elsewhere. */
export function ConflictDialog({ path }: { path: string }) {
  const editor = useEditor();
  return (
    <Modal
      title="The file changed on disk"
      testId="conflict-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={() => editor.view.getState().openDialog({ kind: 'saveAs' })}>
            Save as…
          </button>
          <button
            type="button"
            className="button danger"
            onClick={() => {
              editor.view.getState().closeDialog();
              void editor.saveTo(path, false, true);
            }}
          >
            Overwrite
          </button>
        </>
      }
    >
      <p>
        <span className="mono">{path}</span> was changed by something else after you opened it. Overwriting replaces those changes
        with yours.
      </p>
    </Modal>
  );
}

/** Opening another graph (or a new one) over unsaved changes: save them, give them up, or stay. */
export function UnsavedDialog({ next }: { next: LeaveFor }) {
  const editor = useEditor();
  const path = useDoc((s) => s.path);
  const name = useDoc((s) => s.graph.name || 'Untitled');
  return (
    <Modal
      title="Unsaved changes"
      testId="unsaved-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={() => editor.view.getState().closeDialog()}>
            Cancel
          </button>
          <button type="button" className="button danger" onClick={() => void editor.leaveFor(next, false)}>
            Don’t save
          </button>
          <button type="button" className="button primary" onClick={() => void editor.leaveFor(next, true)}>
            Save
          </button>
        </>
      }
    >
      <p>
        {path ? <span className="mono">{path}</span> : <>“{name}”</>} has changes that are not saved.{' '}
        {next.action === 'new' ? (
          'Save them before starting a new graph?'
        ) : (
          <>
            Save them before opening <span className="mono">{next.path}</span>?
          </>
        )}
      </p>
    </Modal>
  );
}
