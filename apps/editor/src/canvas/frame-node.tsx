import type { NodeProps } from '@xyflow/react';
import { memo, useState } from 'react';
import { useEditor } from '../app/editor-context.tsx';
import { FRAME_PREFIX } from './flow-store.ts';

/** A group's frame: drawn behind its nodes, dragged by its title, renamed by double-clicking it. */
export const FrameNodeView = memo(function FrameNodeView({ id, data, selected, width, height }: NodeProps) {
  const editor = useEditor();
  const { title, color } = data as { title: string; color?: string };
  const [draft, setDraft] = useState<string | null>(null);
  const groupId = id.slice(FRAME_PREFIX.length);
  const commit = () => {
    if (draft?.trim() && draft !== title) editor.doc.getState().renameGroup(groupId, draft.trim());
    setDraft(null);
  };
  return (
    <div
      className={`group-frame${selected ? ' selected' : ''}`}
      style={{ width, height, ...(color ? { borderColor: color } : {}) }}
      data-group-id={groupId}
    >
      <div className="frame-title" title="Drag to move the group; double-click to rename">
        {draft === null ? (
          <button type="button" className="frame-title-button" onDoubleClick={() => setDraft(title)}>
            {title}
          </button>
        ) : (
          <input
            className="frame-title-input nodrag"
            value={draft}
            // biome-ignore lint/a11y/noAutofocus: the field appears because the user asked to rename
            autoFocus
            onChange={(e) => setDraft(e.target.value)}
            onBlur={commit}
            onKeyDown={(e) => {
              if (e.key === 'Enter') commit();
              if (e.key === 'Escape') setDraft(null);
              e.stopPropagation();
            }}
          />
        )}
      </div>
    </div>
  );
});
