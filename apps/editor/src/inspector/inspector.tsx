import { findNodeType, formatPortType, type GraphNode, resolveInputs } from '@adloom/graph';
import { useEffect, useMemo, useState } from 'react';
import { useDoc, useEditor, useRun, useView } from '../app/editor-context.tsx';
import { portColor } from '../canvas/port-colors.ts';
import { groupsOf } from '../document/groups.ts';
import { FieldInput } from './field-input.tsx';
import { inspectorFields, isFieldShown } from './inspector-fields.ts';

function NodeIdInput({ id }: { id: string }) {
  const editor = useEditor();
  const [draft, setDraft] = useState(id);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setDraft(id);
    setError(null);
  }, [id]);
  const commit = () => {
    if (draft === id) return;
    const result = editor.doc.getState().renameNode(id, draft.trim());
    if (result.ok) {
      editor.flow.getState().select([draft.trim()]);
      setError(null);
    } else setError(result.reason);
  };
  return (
    <div className="field">
      <label className="field-label" htmlFor="inspector-node-id">
        ID <span className="field-hint">used by --set {id}.param=… and in run folders</span>
      </label>
      <input
        id="inspector-node-id"
        className={`field-input mono${error ? ' invalid' : ''}`}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
      {error ? <div className="field-error">{error}</div> : null}
    </div>
  );
}

function NodeInspector({ id }: { id: string }) {
  const editor = useEditor();
  const node = useDoc((s) => s.graph.nodes[id]) as GraphNode | undefined;
  const info = useView((s) => (s.catalog && node ? findNodeType(s.catalog, node.type) : undefined));
  const problems = useView((s) => s.diagnosticsByNode[id]);
  const run = useRun((s) => s.nodes[id]);
  const allFields = useMemo(() => (info && node ? inspectorFields(info, node.params) : []), [info, node]);
  // Fields for another provider than the chosen one are hidden (Generate images has about twenty).
  const providerName = info && Object.entries(info.paramHints).find(([, hint]) => hint.picker === 'provider')?.[0];
  const provider = providerName
    ? (allFields.find((f) => f.name === providerName)?.value ?? allFields.find((f) => f.name === providerName)?.defaultValue)
    : undefined;
  const fields = allFields.filter((field) => isFieldShown(field, provider));
  const hiddenCount = allFields.length - fields.length;
  const modelSuggestions = useMemo(() => {
    const providers = editor.settings?.providers;
    return [providers?.openai?.defaultModel, providers?.compatible?.defaultModel].filter((m): m is string => !!m);
  }, [editor.settings]);
  if (!node) return null;
  const inputs = info ? resolveInputs(info, node.params) : [];
  const general = (problems ?? []).filter((d) => !d.param);
  return (
    <div className="inspector-body" data-inspector-node={id}>
      <div className="inspector-title">
        <div className="inspector-node-title">{info?.title ?? 'Missing node type'}</div>
        <div className="inspector-node-type mono">{node.type}</div>
      </div>
      {info ? <p className="inspector-description">{info.description}</p> : null}
      {!info ? (
        <p className="inspector-description warning">
          No installed node pack provides <code>{node.type}</code>. Its params and wires are kept as they are and saved unchanged.
        </p>
      ) : null}
      <NodeIdInput id={id} />
      {general.length ? (
        <ul className="inspector-problems">
          {general.map((d) => (
            <li key={`${d.path}|${d.message}`} className={d.severity}>
              {d.message}
            </li>
          ))}
        </ul>
      ) : null}
      {run?.status === 'failed' && run.error ? <div className="inspector-run-error">Failed: {run.error}</div> : null}
      <div className="inspector-ask">
        <button type="button" className="link-button" onClick={() => editor.assistant.askAboutNode(id)}>
          ✦ Ask about this node
        </button>
        {run?.status === 'failed' ? (
          <button type="button" className="link-button" onClick={() => editor.assistant.explainFailure(id)}>
            ✦ Explain this failure
          </button>
        ) : null}
      </div>
      {info && (inputs.length || info.outputs.length) ? (
        <div className="inspector-ports">
          {inputs.map((p) => (
            <span key={`in-${p.name}`} className="port-chip" title={p.description}>
              <span className="port-dot" style={{ background: portColor(p.type) }} />
              {p.name}: {formatPortType(p)}
            </span>
          ))}
          {info.outputs.map((p) => (
            <span key={`out-${p.name}`} className="port-chip out" title={p.description}>
              {p.name}: {formatPortType(p)}
              <span className="port-dot" style={{ background: portColor(p.type) }} />
            </span>
          ))}
        </div>
      ) : null}
      <div className="inspector-fields">
        {fields.map((field) => {
          const inputId = `param-${id}-${field.name}`;
          return (
            <div key={field.name} className={`field${field.error ? ' has-error' : ''}`} data-param={field.name}>
              <label className="field-label" htmlFor={inputId}>
                {field.label}
                {field.required ? <span className="field-required">required</span> : null}
                {field.isUnknown ? <span className="field-required">unknown</span> : null}
                {field.isSet && !field.required && field.defaultValue !== undefined ? (
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => editor.doc.getState().setParam(id, field.name, undefined)}
                  >
                    reset
                  </button>
                ) : null}
                {field.isUnknown ? (
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => editor.doc.getState().setParam(id, field.name, undefined)}
                  >
                    remove
                  </button>
                ) : null}
              </label>
              <FieldInput
                field={field}
                inputId={inputId}
                modelSuggestions={modelSuggestions}
                onChange={(value) => editor.doc.getState().setParam(id, field.name, value)}
              />
              {field.error ? <div className="field-error">{field.error}</div> : null}
              {field.description ? <div className="field-description">{field.description}</div> : null}
              {field.min !== undefined || field.max !== undefined ? (
                <div className="field-description">
                  {field.min !== undefined ? `${field.isMinExclusive ? 'more than' : 'at least'} ${field.min}` : ''}
                  {field.min !== undefined && field.max !== undefined ? ', ' : ''}
                  {field.max !== undefined ? `${field.isMaxExclusive ? 'less than' : 'at most'} ${field.max}` : ''}
                </div>
              ) : null}
            </div>
          );
        })}
        {hiddenCount ? (
          <div className="field-description" data-testid="hidden-provider-fields">
            {hiddenCount} more param{hiddenCount === 1 ? '' : 's'} for other providers than {String(provider)}
          </div>
        ) : null}
        {!info && node.params ? <pre className="result-json">{JSON.stringify(node.params, null, 2)}</pre> : null}
      </div>
    </div>
  );
}

function GroupInspector({ groupId }: { groupId: string }) {
  const editor = useEditor();
  const group = useDoc((s) => groupsOf(s.graph).find((g) => g.id === groupId));
  if (!group) return null;
  return (
    <div className="inspector-body">
      <div className="inspector-title">
        <div className="inspector-node-title">Group</div>
      </div>
      <div className="field">
        <label className="field-label" htmlFor="group-title">
          Title
        </label>
        <input
          id="group-title"
          className="field-input"
          value={group.title}
          data-doc-field
          onChange={(e) => editor.doc.getState().renameGroup(groupId, e.target.value)}
        />
      </div>
      <p className="inspector-description">
        {group.nodes.length} node{group.nodes.length === 1 ? '' : 's'}: {group.nodes.join(', ')}
      </p>
      <button type="button" className="button" onClick={() => editor.doc.getState().removeGroup(groupId)}>
        Ungroup
      </button>
    </div>
  );
}

function GraphInspector() {
  const editor = useEditor();
  const name = useDoc((s) => s.graph.name);
  const description = useDoc((s) => s.graph.description ?? '');
  const nodeCount = useDoc((s) => Object.keys(s.graph.nodes).length);
  const selectedCount = useView((s) => s.selectedNodes.length);
  return (
    <div className="inspector-body">
      {selectedCount > 1 ? (
        <div className="inspector-multi">
          <div className="inspector-node-title">{selectedCount} nodes selected</div>
          <div className="button-row">
            <button type="button" className="button" onClick={() => editor.groupSelection()}>
              Group
            </button>
            <button type="button" className="button" onClick={() => void editor.autoLayout()}>
              Lay out
            </button>
            <button type="button" className="button" onClick={() => void editor.runSelected()}>
              Run up to these
            </button>
          </div>
        </div>
      ) : null}
      <div className="inspector-title">
        <div className="inspector-node-title">Graph</div>
        <div className="inspector-node-type">{nodeCount} nodes</div>
      </div>
      <div className="field">
        <label className="field-label" htmlFor="graph-name">
          Name
        </label>
        <input
          id="graph-name"
          className="field-input"
          value={name}
          data-doc-field
          onChange={(e) => editor.doc.getState().setName(e.target.value)}
        />
      </div>
      <div className="field">
        <label className="field-label" htmlFor="graph-description">
          Description
        </label>
        <textarea
          id="graph-description"
          className="field-input"
          rows={3}
          value={description}
          data-doc-field
          onChange={(e) => editor.doc.getState().setDescription(e.target.value)}
        />
      </div>
      <p className="inspector-description">Select a node to edit its params.</p>
    </div>
  );
}

/** The right panel: the selected node's params, a group's title, or the graph's name. */
export function Inspector() {
  const selectedNodes = useView((s) => s.selectedNodes);
  const selectedGroups = useView((s) => s.selectedGroups);
  let body: React.ReactNode;
  if (selectedNodes.length === 1) body = <NodeInspector id={selectedNodes[0] as string} />;
  else if (!selectedNodes.length && selectedGroups.length === 1) body = <GroupInspector groupId={selectedGroups[0] as string} />;
  else body = <GraphInspector />;
  return (
    <aside className="side-panel inspector" aria-label="Inspector">
      <div className="panel-header">Inspector</div>
      {body}
    </aside>
  );
}
