import { useMemo, useState } from 'react';
import { useEditor, useRun } from '../app/editor-context.tsx';
import { itemLabel } from '../run/item-labels.ts';
import { collectArtifacts } from '../run/run-state.ts';
import { MissingFile } from './missing-file.tsx';
import { Modal } from './modal.tsx';

interface Sheet {
  key: string;
  url: string;
  kind: 'image' | 'video';
  label: string;
  isMissing: boolean;
  /** The variant's factor levels, `c2-i1` → `['c2', 'i1']`. */
  levels: string[];
}

/**
 * Every image and video of the last run on one sheet: tiles labelled by variant and format,
 * a filter by factor level (all the variants with copy 2, say), and any two side by side.
 */
export function ContactSheet() {
  const editor = useEditor();
  const nodes = useRun((s) => s.nodes);
  const nodeIds = useRun((s) => s.nodeIds);
  const runId = useRun((s) => s.runId);
  const status = useRun((s) => s.status);
  const [level, setLevel] = useState<string | null>(null);
  const [picked, setPicked] = useState<string[]>([]);
  const tiles = useMemo<Sheet[]>(() => {
    const run = { runId, status, nodes, nodeIds };
    return collectArtifacts(run)
      .filter((a) => a.artifact.kind === 'image' || a.artifact.kind === 'video')
      .map((a) => {
        const index = Number(/\[(\d+)\]$/.exec(a.where)?.[1] ?? 0);
        const label = itemLabel(run, a.nodeId, a.port, index, a.artifact);
        const variant = label.split(' · ')[0] ?? '';
        return {
          key: `${a.nodeId}.${a.port}${a.where}`,
          url: editor.host.artifactUrl(a.artifact),
          kind: a.artifact.kind === 'video' ? 'video' : 'image',
          label: label.includes('·') || /^[a-z]\d/.test(label) ? `${a.nodeId} · ${label}` : label,
          isMissing: a.artifact.isMissing === true,
          levels: /^[a-z]\d+(-[a-z]\d+)*$/.test(variant) ? variant.split('-') : [],
        };
      });
  }, [editor, runId, status, nodes, nodeIds]);
  const levels = [...new Set(tiles.flatMap((t) => t.levels))].sort();
  const shown = level ? tiles.filter((t) => t.levels.includes(level)) : tiles;
  const compared = picked.map((key) => tiles.find((t) => t.key === key)).filter((t): t is Sheet => !!t);
  const toggle = (key: string) =>
    setPicked((current) => (current.includes(key) ? current.filter((k) => k !== key) : [...current, key].slice(-2)));
  return (
    <Modal title="Contact sheet" wide testId="contact-sheet">
      {levels.length ? (
        <div className="chip-row sheet-levels" role="toolbar" aria-label="Show variants with level">
          <button type="button" className={`button-chip${level === null ? ' on' : ''}`} onClick={() => setLevel(null)}>
            All
          </button>
          {levels.map((l) => (
            <button
              type="button"
              key={l}
              className={`button-chip${level === l ? ' on' : ''}`}
              data-level={l}
              onClick={() => setLevel(level === l ? null : l)}
            >
              {l}
            </button>
          ))}
        </div>
      ) : null}
      {compared.length === 2 ? (
        <div className="sheet-compare" data-testid="sheet-compare">
          {compared.map((t) => (
            <figure key={t.key}>
              {t.isMissing ? (
                <MissingFile className="sheet-compare-media" />
              ) : t.kind === 'image' ? (
                <img className="sheet-compare-media" src={t.url} alt={t.label} />
              ) : (
                <video className="sheet-compare-media" src={t.url} controls muted />
              )}
              <figcaption className="mono">{t.label}</figcaption>
            </figure>
          ))}
        </div>
      ) : (
        <p className="muted">{tiles.length ? 'Pick two to see them side by side.' : 'The last run made no images or videos.'}</p>
      )}
      <div className="sheet-grid">
        {shown.map((t) => (
          <button
            type="button"
            key={t.key}
            className={`sheet-tile${picked.includes(t.key) ? ' picked' : ''}`}
            data-label={t.label}
            aria-pressed={picked.includes(t.key)}
            onClick={() => toggle(t.key)}
          >
            {t.isMissing ? (
              <MissingFile className="sheet-media" />
            ) : t.kind === 'image' ? (
              <img className="sheet-media" src={t.url} alt={t.label} loading="lazy" />
            ) : (
              <video className="sheet-media" src={`${t.url}#t=0.5`} muted preload="metadata" aria-label={t.label} />
            )}
            <span className="sheet-label mono">{t.label}</span>
          </button>
        ))}
      </div>
    </Modal>
  );
}
