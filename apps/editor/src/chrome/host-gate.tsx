import { useEffect } from 'react';
import { useEditor, useView } from '../app/editor-context.tsx';

/** Before the first contact with the host: a clear message rather than a broken editor. */
export function HostGate() {
  const editor = useEditor();
  const status = useView((s) => s.hostStatus);
  const error = useView((s) => s.hostError);
  useEffect(() => {
    if (status !== 'unreachable') return;
    // Keep trying quietly: the host may still be starting.
    const timer = setInterval(() => void editor.start(), 4000);
    return () => clearInterval(timer);
  }, [status, editor]);
  return (
    <div className="host-gate" data-testid="host-gate">
      <div className="host-gate-card">
        <div className="brand large">Adloom</div>
        {status === 'connecting' ? (
          <p>Connecting to the Adloom host…</p>
        ) : (
          <>
            <h1>Cannot reach the Adloom host</h1>
            <p className="muted">{error}</p>
            <p>
              The editor needs <code>adloom serve</code> (or the desktop app) running. Start it, then retry; this page also
              retries on its own.
            </p>
            <button type="button" className="button primary" onClick={() => void editor.start()}>
              Retry now
            </button>
          </>
        )}
      </div>
    </div>
  );
}

/** After the host went away mid-edit: the work stays here; saving and running wait for it. */
export function HostBanner() {
  const editor = useEditor();
  const status = useView((s) => s.hostStatus);
  useEffect(() => {
    if (status !== 'unreachable') return;
    const timer = setInterval(() => {
      editor.host.info().then(
        () => {
          editor.view.setState({ hostStatus: 'ready', hostError: null });
          void editor.flushAutosave();
        },
        () => undefined,
      );
    }, 3000);
    return () => clearInterval(timer);
  }, [status, editor]);
  if (status !== 'unreachable') return null;
  return (
    <div className="host-banner" role="alert" data-testid="host-banner">
      Cannot reach the Adloom host. Your graph stays open here; saving and running will work again when the host is back.
    </div>
  );
}
