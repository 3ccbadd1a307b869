import { type DragEvent, useMemo, useState } from 'react';
import { useEditor, useView } from '../app/editor-context.tsx';
import { NODE_TYPE_DRAG } from '../canvas/canvas.tsx';
import { portColor } from '../canvas/port-colors.ts';
import { groupByCategory, searchNodeTypes } from './node-search.ts';

/** The side list of node types: drag one onto the canvas, or click to add it in the middle. */
export function NodeLibrary() {
  const editor = useEditor();
  const catalog = useView((s) => s.catalog);
  const [query, setQuery] = useState('');
  const [closed, setClosed] = useState<ReadonlySet<string>>(new Set());
  const groups = useMemo(() => (catalog ? groupByCategory(searchNodeTypes(catalog, query)) : []), [catalog, query]);

  const onDragStart = (event: DragEvent, type: string) => {
    event.dataTransfer.setData(NODE_TYPE_DRAG, type);
    event.dataTransfer.effectAllowed = 'copy';
  };

  const toggle = (category: string) => {
    const next = new Set(closed);
    if (next.has(category)) next.delete(category);
    else next.add(category);
    setClosed(next);
  };

  return (
    <aside className="side-panel library" aria-label="Node library">
      <div className="panel-header">Nodes</div>
      <input
        className="library-search"
        placeholder="Filter"
        aria-label="Filter the node library"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      <div className="library-list">
        {groups.map((group) => {
          const isOpen = query.trim() !== '' || !closed.has(group.category);
          return (
            <div key={group.category} className="library-group">
              <button type="button" className="library-category" onClick={() => toggle(group.category)} aria-expanded={isOpen}>
                <span className="chevron">{isOpen ? '▾' : '▸'}</span>
                {group.category}
                <span className="library-count">{group.items.length}</span>
              </button>
              {isOpen
                ? group.items.map(({ info }) => (
                    <button
                      type="button"
                      key={info.type}
                      className="library-item"
                      draggable
                      onDragStart={(e) => onDragStart(e, info.type)}
                      onClick={() => editor.addNode(info.type)}
                      title={`${info.description}\n\nDrag onto the canvas, or click to add.`}
                      data-type={info.type}
                    >
                      <span className="library-item-title">{info.title}</span>
                      <span className="library-item-ports">
                        {info.outputs.slice(0, 3).map((port) => (
                          <span key={port.name} className="port-dot" style={{ background: portColor(port.type) }} />
                        ))}
                      </span>
                      <span className="library-item-description">{info.description}</span>
                    </button>
                  ))
                : null}
            </div>
          );
        })}
      </div>
    </aside>
  );
}
