import type { ReactNode } from 'react';
import { useEditor } from '../app/editor-context.tsx';

/** A centred dialog over a dimmed editor; Escape or a click outside closes it (unless `isBlocking`). */
export function Modal({
  title,
  children,
  footer,
  wide,
  isBlocking,
  testId,
}: {
  title: string;
  children: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
  isBlocking?: boolean;
  testId?: string;
}) {
  const editor = useEditor();
  const close = () => {
    if (!isBlocking) editor.view.getState().closeDialog();
  };
  return (
    <div className="overlay">
      <button type="button" className="overlay-backdrop" aria-label="Close" tabIndex={-1} onMouseDown={close} />
      <div
        className={`modal${wide ? ' wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-label={title}
        data-testid={testId}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            close();
            e.stopPropagation();
          }
        }}
      >
        <div className="modal-header">
          <h2>{title}</h2>
          {!isBlocking ? (
            <button type="button" className="icon-button" aria-label="Close" onClick={close}>
              ×
            </button>
          ) : null}
        </div>
        <div className="modal-body">{children}</div>
        {footer ? <div className="modal-footer">{footer}</div> : null}
      </div>
    </div>
  );
}
