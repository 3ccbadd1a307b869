import { canConnect, findNodeType, formatPortType, resolveInputs } from '@adloom/graph';
import { type KeyboardEvent, useMemo, useState } from 'react';
import { useEditor, useView } from '../app/editor-context.tsx';
import { Modal } from './modal.tsx';

interface Choice {
  /** `node.port` */
  endpoint: string;
  label: string;
  detail: string;
}

/**
 * Wiring without a mouse: pick one of the selected node's outputs, then an input anywhere in
 * the graph that takes it (only those canConnect allows, with what each would replace); Enter
 * connects, as one undo step. Opened with W on a selected node.
 */
export function WireDialog({ nodeId }: { nodeId: string }) {
  const editor = useEditor();
  const catalog = useView((s) => s.catalog);
  const [from, setFrom] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const graph = editor.doc.getState().graph;
  const choices = useMemo<Choice[]>(() => {
    if (!catalog) return [];
    const node = graph.nodes[nodeId];
    const info = node && findNodeType(catalog, node.type);
    if (!info) return [];
    if (!from) {
      return info.outputs.map((port) => ({ endpoint: `${nodeId}.${port.name}`, label: port.name, detail: formatPortType(port) }));
    }
    const out: Choice[] = [];
    for (const [id, target] of Object.entries(graph.nodes)) {
      if (id === nodeId) continue;
      const targetInfo = findNodeType(catalog, target.type);
      if (!targetInfo) continue;
      for (const port of resolveInputs(targetInfo, target.params)) {
        const to = `${id}.${port.name}`;
        const result = canConnect(graph, from, to, catalog);
        if (!result.ok) continue;
        out.push({
          endpoint: to,
          label: `${targetInfo.title} ${id} · ${port.name}`,
          detail: result.replaces ? `replaces the wire from ${result.replaces.from}` : formatPortType(port),
        });
      }
    }
    return out;
  }, [catalog, graph, nodeId, from]);

  const pick = (choice: Choice | undefined) => {
    if (!choice || !catalog) return;
    if (!from) {
      setFrom(choice.endpoint);
      setActive(0);
      return;
    }
    const result = canConnect(editor.doc.getState().graph, from, choice.endpoint, catalog);
    if (result.ok) editor.doc.getState().connect(from, choice.endpoint, result.replaces);
    editor.view.getState().closeDialog();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown') setActive((i) => Math.min(choices.length - 1, i + 1));
    else if (event.key === 'ArrowUp') setActive((i) => Math.max(0, i - 1));
    else if (event.key === 'Enter') pick(choices[active]);
    else if (event.key === 'Backspace' && from) {
      setFrom(null);
      setActive(0);
    } else return;
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <Modal title={from ? `Connect ${from} to…` : `Connect from ${nodeId}`} testId="wire-dialog">
      {/* biome-ignore lint/a11y/noStaticElementInteractions: the list takes the arrow keys; each row is a button */}
      <div className="wire-choices" onKeyDown={onKeyDown}>
        {choices.length === 0 ? (
          <p className="muted">{from ? 'No input in this graph takes this output.' : 'This node has no outputs.'}</p>
        ) : null}
        {choices.map((choice, i) => (
          <button
            type="button"
            key={choice.endpoint}
            className={`wire-choice${i === active ? ' active' : ''}`}
            data-endpoint={choice.endpoint}
            // biome-ignore lint/a11y/noAutofocus: the dialog opens to be answered with the keyboard
            autoFocus={i === active}
            ref={(el) => {
              if (i === active) el?.focus();
            }}
            onClick={() => pick(choice)}
          >
            <span>{choice.label}</span>
            <span className="muted">{choice.detail}</span>
          </button>
        ))}
      </div>
      <p className="muted wire-help">
        ↑ ↓ to choose, Enter to pick{from ? ', Backspace to pick another output' : ''}, Esc to close
      </p>
    </Modal>
  );
}
