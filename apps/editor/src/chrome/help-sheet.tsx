import { COMMANDS, type CommandGroup, formatKeys } from '../app/commands.ts';
import { Modal } from './modal.tsx';

const GROUPS: CommandGroup[] = ['File', 'Edit', 'View', 'Run', 'Help'];

const CANVAS_KEYS: [string, string][] = [
  ['Drag on the canvas', 'Pan'],
  ['Scroll', 'Zoom'],
  ['Shift + drag on the canvas', 'Box select'],
  ['Shift/Ctrl + click', 'Add to the selection'],
  ['Double-click the canvas', 'Add a node there'],
  ['Drag from a port', 'Connect; a refused wire says why'],
];

/** Every shortcut, from the same list the menus and the keyboard use. */
export function HelpSheet() {
  return (
    <Modal title="Keyboard shortcuts" wide testId="help-sheet">
      <div className="help-grid">
        {GROUPS.map((group) => (
          <section key={group}>
            <h3>{group}</h3>
            <dl className="shortcut-list">
              {COMMANDS.filter((c) => c.group === group && c.keys?.length).map((c) => (
                <div key={c.id} className="shortcut">
                  <dt>{c.label}</dt>
                  <dd>
                    {c.keys?.map((k) => (
                      <kbd key={k}>{formatKeys(k)}</kbd>
                    ))}
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
        <section>
          <h3>Canvas</h3>
          <dl className="shortcut-list">
            {CANVAS_KEYS.map(([keys, what]) => (
              <div key={keys} className="shortcut">
                <dt>{what}</dt>
                <dd>{keys}</dd>
              </div>
            ))}
          </dl>
        </section>
      </div>
    </Modal>
  );
}
