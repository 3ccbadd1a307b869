import { useEditor } from '../app/editor-context.tsx';

/** A result at full size: an image, a video, or a landing page (sandboxed: no scripts). */
export function Lightbox({ url, mediaKind, caption }: { url: string; mediaKind: 'image' | 'video' | 'page'; caption: string }) {
  const editor = useEditor();
  const close = () => editor.view.getState().closeDialog();
  return (
    <div className="overlay lightbox" data-testid="lightbox">
      <button type="button" className="overlay-backdrop" aria-label="Close" tabIndex={-1} onMouseDown={close} />
      <figure>
        {mediaKind === 'image' ? <img src={url} alt={caption} /> : null}
        {mediaKind === 'video' ? (
          // biome-ignore lint/a11y/useMediaCaption: generated ads carry no caption track
          <video src={url} controls autoPlay />
        ) : null}
        {mediaKind === 'page' ? <iframe src={url} sandbox="" title={caption} referrerPolicy="no-referrer" /> : null}
        <figcaption>
          <span className="mono">{caption}</span>
          <a href={url} target="_blank" rel="noreferrer">
            Open in a new tab
          </a>
          <button type="button" className="button" onClick={close}>
            Close
          </button>
        </figcaption>
      </figure>
    </div>
  );
}
