import type { PortSpec } from '@adloom/graph';
import { memo } from 'react';
import { useEditor } from '../app/editor-context.tsx';
import { MissingFile } from '../chrome/missing-file.tsx';
import { itemLabel } from '../run/item-labels.ts';
import { type ArtifactLike, isArtifact, type NodeRunState } from '../run/run-state.ts';

const MEDIA_TYPES = new Set(['image', 'video', 'file', 'audio']);

/**
 * The result area's height for a node with these outputs. Fixed per node type, so a run
 * filling it in never moves anything else on the canvas.
 */
export function resultHeight(outputs: readonly PortSpec[], isGraphInput = false): number {
  // A graph input's result is its value, already shown in its params.
  if (!outputs.length || isGraphInput) return 0;
  if (outputs.some((port) => MEDIA_TYPES.has(port.type))) return 120;
  return outputs.some((port) => port.type === 'copy' || port.type === 'variant' || port.list) ? 88 : 72;
}

interface CopyLike {
  headline?: string;
  primaryText?: string;
  description?: string;
  callToAction?: string;
  cta?: string;
  platform?: string;
}

function isCopy(value: unknown): value is CopyLike {
  return typeof value === 'object' && value !== null && typeof (value as CopyLike).headline === 'string';
}

/** `CSV file · 2.1 kB`: stored files are named by their hash, which says nothing to a person. */
export function fileLabel(artifact: ArtifactLike & { bytes?: number }): string {
  const name = artifact.path.split(/[\\/]/).pop() ?? '';
  const dot = name.lastIndexOf('.');
  const kind = dot > 0 ? name.slice(dot + 1).toUpperCase() : artifact.mime;
  const size =
    typeof artifact.bytes === 'number'
      ? ` · ${artifact.bytes < 1024 ? `${artifact.bytes} B` : `${(artifact.bytes / 1024).toFixed(1)} kB`}`
      : '';
  return `${kind} file${size}`;
}

function isPage(artifact: ArtifactLike): boolean {
  return artifact.mime === 'text/html' || /\.html?$/i.test(artifact.path);
}

function ArtifactView({ artifact, caption }: { artifact: ArtifactLike; caption: string }) {
  const editor = useEditor();
  const url = editor.host.artifactUrl(artifact);
  const open = (mediaKind: 'image' | 'video' | 'page') =>
    editor.view.getState().openDialog({ kind: 'lightbox', url, mediaKind, caption });
  // Nothing to enlarge, play or open: the placeholder says why.
  if (artifact.isMissing) return <MissingFile className="result-missing" />;
  if (artifact.kind === 'image' || artifact.mime.startsWith('image/')) {
    return (
      <button type="button" className="result-thumb nodrag" onClick={() => open('image')} title={`${caption}: click to enlarge`}>
        <img src={url} alt={caption} loading="lazy" draggable={false} />
      </button>
    );
  }
  if (artifact.kind === 'video' || artifact.mime.startsWith('video/')) {
    return (
      <div className="result-video nodrag">
        <video src={url} controls muted preload="metadata" />
      </div>
    );
  }
  if (artifact.kind === 'audio' || artifact.mime.startsWith('audio/')) {
    // biome-ignore lint/a11y/useMediaCaption: generated audio carries no caption track
    return <audio className="result-audio nodrag" src={url} controls preload="none" />;
  }
  if (isPage(artifact)) {
    return (
      <div className="result-page">
        {/* A landing page is someone else's HTML: sandboxed with no permissions, so no scripts run. */}
        <iframe src={url} sandbox="" title={caption} loading="lazy" referrerPolicy="no-referrer" />
        <button type="button" className="result-page-open nodrag" onClick={() => open('page')}>
          Enlarge
        </button>
      </div>
    );
  }
  return (
    <a className="result-file nodrag" href={url} target="_blank" rel="noreferrer" title={caption}>
      {fileLabel(artifact)}
    </a>
  );
}

function CopyCard({ copy }: { copy: CopyLike }) {
  return (
    <div className="result-copy">
      <div className="result-copy-headline">{copy.headline}</div>
      {copy.primaryText ? <div className="result-copy-text">{copy.primaryText}</div> : null}
      {copy.callToAction || copy.cta ? <span className="result-copy-cta">{copy.callToAction ?? copy.cta}</span> : null}
    </div>
  );
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (isArtifact(value)) return value.path.split(/[\\/]/).pop() ?? value.kind;
  if (isCopy(value)) return value.headline ?? '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Variants (or any list of records) as a table: a row each, a column per key. */
function RecordTable({ rows }: { rows: Record<string, unknown>[] }) {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  return (
    <table className="result-table">
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c}>{c}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
          <tr key={i}>
            {columns.map((c) => (
              <td key={c} title={cell(row[c])}>
                {cell(row[c])}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Values drawn as a table, whose box scrolls sideways (a class, not `:has()`, which costs style work on every change). */
const isTable = (v: unknown) =>
  (Array.isArray(v) && v.length > 0 && v.every(isRecord) && !v.some(isArtifact) && !v.every(isCopy)) ||
  (isRecord(v) && !isArtifact(v) && !isCopy(v));

const isImage = (a: ArtifactLike) => a.kind === 'image' || a.mime.startsWith('image/');
const isVideo = (a: ArtifactLike) => a.kind === 'video' || a.mime.startsWith('video/');

/**
 * A list of images or videos as a grid of small labelled tiles: each says its variant and
 * format, and opens the lightbox, which steps through the rest with ← and →. Videos show a
 * still frame, not six full players.
 */
function MediaGrid({ list, nodeId, port }: { list: ArtifactLike[]; nodeId: string; port: string }) {
  const editor = useEditor();
  const run = editor.run.getState();
  const items = list.map((artifact, i) => ({
    url: editor.host.artifactUrl(artifact),
    mediaKind: (isVideo(artifact) ? 'video' : 'image') as 'image' | 'video',
    caption: itemLabel(run, nodeId, port, i, artifact),
    ...(artifact.isMissing ? { isMissing: true } : {}),
  }));
  return (
    <div className={`result-thumbs${list.length <= 2 ? ' few' : ''}`}>
      {items.map((item, i) => (
        <button
          type="button"
          // biome-ignore lint/suspicious/noArrayIndexKey: the same file may appear twice in a list
          key={`${list[i]?.sha256}-${i}`}
          className="result-thumb nodrag"
          title={`${item.caption}: click to enlarge`}
          data-caption={item.caption}
          onClick={() => editor.view.getState().openDialog({ kind: 'lightbox', ...item, items, index: i })}
        >
          {item.isMissing ? (
            <MissingFile />
          ) : item.mediaKind === 'image' ? (
            <img src={item.url} alt={item.caption} loading="lazy" draggable={false} />
          ) : (
            <video src={`${item.url}#t=0.5`} muted preload="metadata" aria-label={item.caption} />
          )}
          <span className="result-thumb-label">{item.caption}</span>
        </button>
      ))}
    </div>
  );
}

function ResultValue({
  value,
  port,
  caption,
  nodeId,
  portName,
}: {
  value: unknown;
  port: PortSpec | undefined;
  caption: string;
  nodeId?: string;
  portName?: string;
}) {
  if (isArtifact(value)) return <ArtifactView artifact={value} caption={caption} />;
  if (Array.isArray(value)) {
    if (!value.length) return <div className="result-empty">Empty list</div>;
    if (value.every(isArtifact) && (value.every(isImage) || value.every(isVideo))) {
      return <MediaGrid list={value} nodeId={nodeId ?? caption} port={portName ?? ''} />;
    }
    if (value.every(isCopy)) {
      return (
        <div className="result-copies">
          {value.map((copy, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: copies are told apart by their place
            <CopyCard key={i} copy={copy} />
          ))}
        </div>
      );
    }
    if (value.every(isRecord) && !value.some(isArtifact)) return <RecordTable rows={value} />;
    return (
      <div className="result-list">
        {value.map((item, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: list items are told apart by their place
          <div className="result-list-item" key={i}>
            <span className="result-list-index">{i + 1}</span>
            <ResultValue value={item} port={port} caption={`${caption}[${i}]`} />
          </div>
        ))}
      </div>
    );
  }
  if (isCopy(value)) return <CopyCard copy={value} />;
  if (isRecord(value)) {
    if (port?.type === 'variant') return <RecordTable rows={[value]} />;
    return <pre className="result-json">{JSON.stringify(value, null, 2)}</pre>;
  }
  if (typeof value === 'string') return <div className="result-text">{value}</div>;
  return <div className="result-scalar">{JSON.stringify(value)}</div>;
}

/** A node's latest outputs, in a box of fixed height that scrolls. */
export const NodeResults = memo(function NodeResults({
  nodeId,
  state,
  outputs,
  height,
  isChanged = false,
}: {
  nodeId: string;
  state: NodeRunState | undefined;
  outputs: PortSpec[];
  height: number;
  /** Made before the node's params or inputs last changed. */
  isChanged?: boolean;
}) {
  const values = state?.outputs;
  const entries = values ? Object.entries(values) : [];
  return (
    <div
      className={`node-results nowheel${entries.length ? ' has-results' : ''}${state?.isStale ? ' stale' : ''}${isChanged && entries.length ? ' changed' : ''}${entries.some(([, v]) => isTable(v)) ? ' has-table' : ''}`}
      style={{ height }}
      data-results-for={nodeId}
    >
      {entries.length ? (
        entries.map(([name, value]) => (
          <div className="node-result" key={name} data-port={name}>
            {entries.length > 1 ? <div className="node-result-port">{name}</div> : null}
            <ResultValue
              value={value}
              port={outputs.find((p) => p.name === name)}
              caption={`${nodeId}.${name}`}
              nodeId={nodeId}
              portName={name}
            />
          </div>
        ))
      ) : // Empty until a run fills it: with a thousand nodes, even a hint costs paint.
      state?.status === 'failed' ? (
        <div className="result-empty">No result</div>
      ) : null}
    </div>
  );
});
