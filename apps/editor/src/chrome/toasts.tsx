import { useEditor, useView } from '../app/editor-context.tsx';

export function Toasts() {
  const editor = useEditor();
  const toasts = useView((s) => s.toasts);
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast ${t.tone}`} role={t.tone === 'error' ? 'alert' : 'status'}>
          <span>{t.message}</span>
          <button
            type="button"
            className="icon-button"
            aria-label="Dismiss"
            onClick={() => editor.view.getState().dismissToast(t.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
