import {
  type Diagnostic,
  findNodeType,
  formatPortType,
  type GraphNode,
  isBypassed,
  type NodeTypeInfo,
  type PortSpec,
  parseEndpoint,
  resolveInputs,
} from '@adloom/graph';
import { Handle, type NodeProps, Position, useUpdateNodeInternals } from '@xyflow/react';
import { type CSSProperties, memo, useEffect, useMemo, useRef } from 'react';
import { useShallow } from 'zustand/shallow';
import { useDoc, useEditor, useRun, useView } from '../app/editor-context.tsx';
import type { NodeRunState } from '../run/run-state.ts';
import { timeLeft } from '../run/time-left.ts';
import { summaryEntries } from './node-layout.ts';
import { NodeResults, resultHeight } from './node-results.tsx';
import { portColor } from './port-colors.ts';
import { fitsRow, LABEL_GAP, longClass, PORT_WIDTH, ROW_WIDTH } from './text-fit.ts';

/*
 * A node is drawn with as few elements as it can (about 13): with a thousand on screen the
 * browser's style, layout and paint work grows with every element. Labels that are only text
 * (a port's type, a param's name) come from `data-*` attributes through CSS `attr()`.
 */

interface Ports {
  inputs: PortSpec[];
  outputs: PortSpec[];
}

/** A placeholder's ports: the ones its edges use, so the edges stay drawn and saved. */
function portsFromEdges(nodeId: string, edges: readonly { from: string; to: string }[]): Ports {
  const inputs = new Map<string, PortSpec>();
  const outputs = new Map<string, PortSpec>();
  for (const edge of edges) {
    const from = parseEndpoint(edge.from);
    const to = parseEndpoint(edge.to);
    if (from?.nodeId === nodeId && !outputs.has(from.port)) outputs.set(from.port, { name: from.port, type: 'json' });
    if (to?.nodeId === nodeId && !inputs.has(to.port)) inputs.set(to.port, { name: to.port, type: 'json' });
  }
  return { inputs: [...inputs.values()], outputs: [...outputs.values()] };
}

function summarize(value: unknown): string {
  if (typeof value === 'string') return value.replace(/\s+/g, ' ');
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.length}]`;
  if (value && typeof value === 'object') return '{…}';
  return String(value);
}

function ParamSummary({ params, info }: { params: Record<string, unknown> | undefined; info: NodeTypeInfo | undefined }) {
  // Rows of the node itself, with no box of their own around them: one element fewer a node.
  const shown = summaryEntries(params, info);
  if (!shown.length) return null;
  return shown.map(([name, value], i) => {
    const text = summarize(value);
    const fits = fitsRow(ROW_WIDTH - LABEL_GAP, [name, 'body'], [text, 'body']);
    return (
      <div
        className={`node-param${i === 0 ? ' first' : ''}${i === shown.length - 1 ? ' last' : ''}${longClass(fits)}`}
        key={name}
        data-name={name}
      >
        {text}
      </div>
    );
  });
}

function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

const STATUS_LABEL: Record<NodeRunState['status'], string> = {
  queued: 'Queued',
  running: 'Running',
  cached: 'Cached',
  done: 'Done',
  failed: 'Failed',
  skipped: 'Skipped',
  cancelled: 'Cancelled',
};

/**
 * The run line: always there and always the same height, so nothing moves when a run starts
 * or updates. Before any run it names the graph input a node stands for.
 */
function RunLine({ state, idle, isChanged }: { state: NodeRunState | undefined; idle: string; isChanged: boolean }) {
  if (!state) return <div className={`node-run idle${longClass(fitsRow(ROW_WIDTH, [idle, 'mono']))}`}>{idle}</div>;
  const { status } = state;
  if (isChanged && (status === 'done' || status === 'cached')) {
    return (
      <div
        className="node-run changed"
        data-status="Changed"
        title="Its params or inputs changed since this result was made: run again to refresh it"
      >
        since edited
      </div>
    );
  }
  let detail = '';
  if (status === 'done' || status === 'cached') detail = formatDuration(state.durationMs);
  else if (status === 'failed') detail = state.error ?? '';
  else if (status === 'running') {
    detail = state.items ? `${state.items.done}/${state.items.count}` : (state.message ?? '');
    const left = timeLeft(state);
    if (left) detail = `${detail ? `${detail} · ` : ''}${left}`;
  } else if (status === 'skipped') detail = state.message ?? '';
  const progress = status === 'running' ? state.progress : undefined;
  const style =
    status === 'running'
      ? ({ '--progress': progress === undefined ? undefined : `${Math.round(progress * 100)}%` } as CSSProperties)
      : undefined;
  // A running line always clips: its progress bar slides past the node's edge.
  const fits = status !== 'running' && fitsRow(ROW_WIDTH - LABEL_GAP, [STATUS_LABEL[status], 'smallBold'], [detail, 'small']);
  return (
    <div
      className={`node-run ${status}${status === 'running' && progress === undefined ? ' indeterminate' : ''}${longClass(fits)}`}
      data-status={STATUS_LABEL[status]}
      title={status === 'failed' ? state.error : state.message}
      style={style}
    >
      {detail}
    </div>
  );
}

function Port({ port, side, row, problem }: { port: PortSpec; side: 'in' | 'out'; row: number; problem?: Diagnostic }) {
  const color = portColor(port.type);
  const typeLabel = formatPortType(port);
  const fits = fitsRow(PORT_WIDTH - LABEL_GAP, [port.name, 'body'], [typeLabel, 'monoSmall']);
  return (
    <div
      className={`node-port ${side}${problem ? ' has-problem' : ''}${port.optional ? ' optional' : ''}${longClass(fits)}`}
      style={{ gridRow: row, '--port': color } as CSSProperties}
      data-type={typeLabel}
      title={problem?.message ?? port.description}
    >
      <Handle
        type={side === 'in' ? 'target' : 'source'}
        position={side === 'in' ? Position.Left : Position.Right}
        id={port.name}
        className={`port-handle${port.list ? ' is-list' : ''}`}
        aria-label={`${port.name}, ${side === 'in' ? 'input' : 'output'}, ${typeLabel}`}
      />
      {port.name}
    </div>
  );
}

const NO_PROBLEMS: Diagnostic[] = [];

/**
 * A node on the canvas. It reads its own slices of the stores by id, so a change to one node
 * re-renders that node only.
 */
export const GraphNodeView = memo(function GraphNodeView({ id, selected, data, height: drawnHeight }: NodeProps) {
  // Three subscriptions, one per store: with a thousand nodes mounting, each one counts.
  const editor = useEditor();
  // A node an assistant's proposal would add is not in the document yet: it comes in `data`.
  const proposed = (data as { proposed?: GraphNode }).proposed;
  const [node, edges] = useDoc(
    useShallow((s) => {
      const found = (s.graph.nodes[id] as GraphNode | undefined) ?? proposed;
      const catalog = editor.view.getState().catalog;
      // A placeholder needs the edges to know its ports; a known node never reads them.
      const isKnown = !!(found && catalog && findNodeType(catalog, found.type));
      return [found, isKnown ? null : s.graph.edges] as const;
    }),
  );
  const type = node?.type ?? '';
  const [info, problemList, isChanged] = useView(
    useShallow(
      (s) => [s.catalog ? findNodeType(s.catalog, type) : undefined, s.diagnosticsByNode[id], s.staleNodes[id] === true] as const,
    ),
  );
  const problems = problemList ?? NO_PROBLEMS;
  const run = useRun((s) => s.nodes[id]);
  const ports = useMemo<Ports>(() => {
    if (info) return { inputs: resolveInputs(info, node?.params), outputs: info.outputs };
    return portsFromEdges(id, edges ?? []);
  }, [info, node?.params, edges, id]);
  const portKey = `${ports.inputs.map((p) => p.name).join(',')}|${ports.outputs.map((p) => p.name).join(',')}`;
  const updateNodeInternals = useUpdateNodeInternals();
  const measuredPorts = useRef(portKey);
  useEffect(() => {
    // React Flow measures handles when a node mounts; it needs telling only when they change
    // afterwards (a {{placeholder}} typed into a template). Asking on mount too would make a
    // 1,000-node graph measure itself 1,000 times.
    if (measuredPorts.current === portKey) return;
    measuredPorts.current = portKey;
    updateNodeInternals(id);
  }, [id, portKey, updateNodeInternals]);

  if (!node) return null;
  // The canvas shows only once the catalog is in, so a type it lacks is a missing pack.
  const isPlaceholder = !info;
  const errors = problems.filter((d) => d.severity === 'error');
  const status = run?.status;
  const isOff = isBypassed(node);
  const classes = `graph-node${selected ? ' selected' : ''}${isOff ? ' bypassed' : ''}${isPlaceholder ? ' placeholder' : ''}${errors.length ? ' has-errors' : ''}${
    status ? ` run-${status}` : ''
  }`;
  const height = resultHeight(ports.outputs, info?.isGraphInput);
  const inputName = info?.isGraphInput && typeof node.params?.name === 'string' ? `--input ${node.params.name}` : '';
  // Until a run fills it (or says it made nothing), the results box is the node's ::after: no
  // element and no component a node.
  const hasResults = (!!run?.outputs && Object.keys(run.outputs).length > 0) || status === 'failed';
  const emptyBox = height && !hasResults;
  // The height it was measured at, which it keeps zoomed far out with its text not drawn.
  const style = {
    '--node-height': drawnHeight ? `${drawnHeight}px` : undefined,
    '--results-height': emptyBox ? `${height}px` : undefined,
  } as CSSProperties;
  const title = info?.title ?? 'Missing node type';
  // The problem badge floats at the title's right: about 40 px with its margin.
  const titleFits = fitsRow(ROW_WIDTH - (errors.length ? 40 : 0), [title, 'title']);
  const subtitle = isOff ? `${id} · bypassed` : id;
  const subtitleFits = fitsRow(ROW_WIDTH - LABEL_GAP, [subtitle, 'mono'], [type, 'mono']);
  return (
    <div className={`${classes}${emptyBox ? ' has-empty-results' : ''}`} style={style} data-node-id={id} data-node-type={type}>
      <div
        className={`node-title${longClass(titleFits)}`}
        data-problems={errors.length || undefined}
        title={errors.map((d) => d.message).join('\n') || undefined}
      >
        {title}
      </div>
      <div className={`node-subtitle${longClass(subtitleFits)}`} data-type={type}>
        {subtitle}
      </div>
      {isPlaceholder ? (
        <div className="node-placeholder-note">
          No installed node pack provides <code>{type}</code>. Its params and wires are kept as they are.
        </div>
      ) : null}
      {ports.inputs.length || ports.outputs.length ? (
        <div className="node-ports">
          {ports.inputs.map((port, i) => (
            <Port
              key={`in:${port.name}`}
              port={port}
              side="in"
              row={i + 1}
              problem={problems.find((d) => d.port === port.name && d.severity === 'error')}
            />
          ))}
          {ports.outputs.map((port, i) => (
            <Port key={`out:${port.name}`} port={port} side="out" row={i + 1} />
          ))}
        </div>
      ) : null}
      <ParamSummary params={node.params} info={info} />
      <RunLine state={run} idle={inputName} isChanged={isChanged} />
      {height && hasResults ? (
        <NodeResults nodeId={id} state={run} outputs={ports.outputs} height={height} isChanged={isChanged} />
      ) : null}
    </div>
  );
});
