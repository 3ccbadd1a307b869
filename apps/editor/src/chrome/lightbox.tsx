import { useEffect } from 'react';
import { useEditor } from '../app/editor-context.tsx';
import type { LightboxItem } from '../view/view-store.ts';
import { MissingFile } from './missing-file.tsx';

/**
 * A result at full size: an image, a video, or a landing page (sandboxed: no scripts). Opened
 * from a list, ← and → (or the buttons) step through its results.
 */
export function Lightbox({
  url,
  mediaKind,
  caption,
  isMissing = false,
  items,
  index = 0,
}: {
  url: string;
  mediaKind: 'image' | 'video' | 'page';
  caption: string;
  isMissing?: boolean;
  items?: LightboxItem[];
  index?: number;
}) {
  const editor = useEditor();
  const close = () => editor.view.getState().closeDialog();
  const count = items?.length ?? 0;
  const go = (step: number) => {
    if (!items || count < 2) return;
    const next = (index + step + count) % count;
    const item = items[next] as LightboxItem;
    editor.view.getState().openDialog({ kind: 'lightbox', ...item, items, index: next });
  };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'ArrowRight') go(1);
      else if (event.key === 'ArrowLeft') go(-1);
      else return;
      event.preventDefault();
      // The focus may still be on the canvas tile that opened the lightbox: an arrow reaching the
      // node would also nudge the selected nodes (and change the document) behind it.
      event.stopPropagation();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  });
  return (
    <div className="overlay lightbox" data-testid="lightbox">
      <button type="button" className="overlay-backdrop" aria-label="Close" tabIndex={-1} onMouseDown={close} />
      <figure>
        {isMissing ? <MissingFile className="lightbox-missing" /> : null}
        {!isMissing && mediaKind === 'image' ? <img src={url} alt={caption} /> : null}
        {!isMissing && mediaKind === 'video' ? (
          // biome-ignore lint/a11y/useMediaCaption: generated ads carry no caption track
          <video key={url} src={url} controls autoPlay />
        ) : null}
        {!isMissing && mediaKind === 'page' ? <iframe src={url} sandbox="" title={caption} referrerPolicy="no-referrer" /> : null}
        <figcaption>
          {count > 1 ? (
            <button type="button" className="button" aria-label="Previous result" onClick={() => go(-1)}>
              ←
            </button>
          ) : null}
          <span className="mono" data-testid="lightbox-caption">
            {caption}
          </span>
          {count > 1 ? (
            <span className="muted" data-testid="lightbox-count">
              {index + 1} / {count}
            </span>
          ) : null}
          {count > 1 ? (
            <button type="button" className="button" aria-label="Next result" onClick={() => go(1)}>
              →
            </button>
          ) : null}
          {isMissing ? null : (
            <a href={url} target="_blank" rel="noreferrer">
              Open in a new tab
            </a>
          )}
          <button type="button" className="button" onClick={close}>
            Close
          </button>
        </figcaption>
      </figure>
    </div>
  );
}
