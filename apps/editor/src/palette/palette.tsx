import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useEditor, useView } from '../app/editor-context.tsx';
import type { XY } from '../view/view-store.ts';
import { groupByCategory, searchNodeTypes } from './node-search.ts';
import { catalogForWire, type LooseWire } from './wire-drop.ts';

const WIDTH = 420;
const HEIGHT = 440;

/** The searchable node palette: Tab or a double-click on the canvas; Enter adds the node there. */
export function Palette({ flow, screen, wire }: { flow: XY; screen: XY; wire?: LooseWire }) {
  const editor = useEditor();
  const catalog = useView((s) => s.catalog);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const list = useRef<HTMLDivElement>(null);
  const groups = useMemo(
    () => (catalog ? groupByCategory(searchNodeTypes(catalogForWire(catalog, wire), query)) : []),
    [catalog, query, wire],
  );
  const flat = useMemo(() => groups.flatMap((g) => g.items), [groups]);

  useEffect(() => {
    list.current?.querySelector('.palette-item.active')?.scrollIntoView({ block: 'nearest' });
  });

  const add = (type: string) => {
    editor.view.getState().closeDialog();
    if (wire) editor.addNodeOnWire(type, flow, wire);
    else editor.addNode(type, flow);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown') {
      setActive((i) => Math.min(flat.length - 1, i + 1));
      event.preventDefault();
    } else if (event.key === 'ArrowUp') {
      setActive((i) => Math.max(0, i - 1));
      event.preventDefault();
    } else if (event.key === 'Enter') {
      const match = flat[active];
      if (match) add(match.info.type);
      event.preventDefault();
    } else if (event.key === 'Escape' || event.key === 'Tab') {
      editor.view.getState().closeDialog();
      event.preventDefault();
    }
    event.stopPropagation();
  };

  const left = Math.max(8, Math.min(screen.x - 24, window.innerWidth - WIDTH - 8));
  const top = Math.max(8, Math.min(screen.y - 24, window.innerHeight - HEIGHT - 8));
  let index = -1;
  return (
    <div className="overlay transparent">
      <button
        type="button"
        className="overlay-backdrop"
        aria-label="Close"
        tabIndex={-1}
        onMouseDown={() => editor.view.getState().closeDialog()}
      />
      <div className="palette" style={{ left, top, width: WIDTH, maxHeight: HEIGHT }} role="dialog" aria-label="Add a node">
        <input
          className="palette-search"
          aria-label="Search nodes to add"
          placeholder={wire ? `Nodes that connect to ${wire.nodeId}.${wire.port}` : 'Search nodes by name, type or what they do'}
          value={query}
          // biome-ignore lint/a11y/noAutofocus: the palette opens to be typed into
          autoFocus
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
        />
        <div className="palette-list" ref={list}>
          {groups.map((group) => (
            <div key={group.category} className="palette-group">
              <div className="palette-category">{group.category}</div>
              {group.items.map(({ info }) => {
                index++;
                const i = index;
                return (
                  <button
                    type="button"
                    key={info.type}
                    className={`palette-item${i === active ? ' active' : ''}`}
                    onMouseEnter={() => setActive(i)}
                    onClick={() => add(info.type)}
                    data-type={info.type}
                  >
                    <span className="palette-item-title">{info.title}</span>
                    <span className="palette-item-type">{info.type}</span>
                    <span className="palette-item-description">{info.description}</span>
                  </button>
                );
              })}
            </div>
          ))}
          {!flat.length ? <div className="palette-empty">No node matches “{query}”.</div> : null}
        </div>
      </div>
    </div>
  );
}
