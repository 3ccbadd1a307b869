import {
  type Diagnostic,
  findNodeType,
  formatPortType,
  type GraphNode,
  type NodeTypeInfo,
  type PortSpec,
  parseEndpoint,
  resolveInputs,
} from '@adloom/graph';
import { Handle, type NodeProps, Position, useUpdateNodeInternals } from '@xyflow/react';
import { memo, useEffect, useMemo, useRef } from 'react';
import { useDoc, useRun, useView } from '../app/editor-context.tsx';
import type { NodeRunState } from '../run/run-state.ts';
import { NodeResults, resultHeight } from './node-results.tsx';
import { portColor } from './port-colors.ts';

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

const MAX_SUMMARY = 2;

function ParamSummary({ params, info }: { params: Record<string, unknown> | undefined; info: NodeTypeInfo | undefined }) {
  const entries = Object.entries(params ?? {}).filter(([name]) => !(info?.isGraphInput && name === 'name'));
  if (!entries.length) return null;
  return (
    <div className="node-params">
      {entries.slice(0, MAX_SUMMARY).map(([name, value]) => (
        <div className="node-param" key={name}>
          <span className="node-param-name">{name}</span>
          <span className="node-param-value">{summarize(value)}</span>
        </div>
      ))}
      {entries.length > MAX_SUMMARY ? <div className="node-param more">+{entries.length - MAX_SUMMARY} more</div> : null}
    </div>
  );
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

/** The run line: always the same height, so nothing below it moves while a run updates. */
function RunLine({ state }: { state: NodeRunState | undefined }) {
  if (!state) return <div className="node-run idle" />;
  const { status } = state;
  let detail = '';
  if (status === 'done' || status === 'cached') detail = formatDuration(state.durationMs);
  else if (status === 'failed') detail = state.error ?? '';
  else if (status === 'running') detail = state.items ? `${state.items.done}/${state.items.count}` : (state.message ?? '');
  else if (status === 'skipped') detail = state.message ?? '';
  const progress = status === 'running' ? state.progress : undefined;
  return (
    <div className={`node-run ${status}`} title={status === 'failed' ? state.error : state.message}>
      <span className="node-run-status">{STATUS_LABEL[status]}</span>
      <span className="node-run-detail">{detail}</span>
      {status === 'running' ? (
        <div className={`node-progress${progress === undefined ? ' indeterminate' : ''}`}>
          <div
            className="node-progress-bar"
            style={{ width: progress === undefined ? undefined : `${Math.round(progress * 100)}%` }}
          />
        </div>
      ) : null}
    </div>
  );
}

function PortRow({
  input,
  output,
  problems,
}: {
  input?: PortSpec;
  output?: PortSpec;
  problems: readonly Diagnostic[] | undefined;
}) {
  const inputProblem = input && problems?.find((d) => d.port === input.name && d.severity === 'error');
  return (
    <div className="node-port-row">
      {input ? (
        <div className={`node-port in${inputProblem ? ' has-problem' : ''}`} title={inputProblem?.message ?? input.description}>
          <Handle
            type="target"
            position={Position.Left}
            id={input.name}
            className={`port-handle${input.list ? ' is-list' : ''}`}
            style={{ background: portColor(input.type), borderColor: portColor(input.type) }}
          />
          <span className="node-port-name">
            {input.name}
            {input.optional ? <span className="node-port-optional">?</span> : null}
          </span>
          <span className="node-port-type" style={{ color: portColor(input.type) }}>
            {formatPortType(input)}
          </span>
        </div>
      ) : (
        <div className="node-port in empty" />
      )}
      {output ? (
        <div className="node-port out" title={output.description}>
          <span className="node-port-type" style={{ color: portColor(output.type) }}>
            {formatPortType(output)}
          </span>
          <span className="node-port-name">{output.name}</span>
          <Handle
            type="source"
            position={Position.Right}
            id={output.name}
            className={`port-handle${output.list ? ' is-list' : ''}`}
            style={{ background: portColor(output.type), borderColor: portColor(output.type) }}
          />
        </div>
      ) : (
        <div className="node-port out empty" />
      )}
    </div>
  );
}

const NO_PROBLEMS: Diagnostic[] = [];

/**
 * A node on the canvas. It reads its own slices of the stores by id, so a change to one node
 * re-renders that node only.
 */
export const GraphNodeView = memo(function GraphNodeView({ id, selected }: NodeProps) {
  const node = useDoc((s) => s.graph.nodes[id]) as GraphNode | undefined;
  const type = node?.type ?? '';
  const info = useView((s) => (s.catalog ? findNodeType(s.catalog, type) : undefined));
  const problems = useView((s) => s.diagnosticsByNode[id]) ?? NO_PROBLEMS;
  const run = useRun((s) => s.nodes[id]);
  // A placeholder needs the edges to know its ports; a known node never reads them.
  const edges = useDoc((s) => (info ? null : s.graph.edges));
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
  const rows = Math.max(ports.inputs.length, ports.outputs.length);
  const status = run?.status;
  const classes = [
    'graph-node',
    selected ? 'selected' : '',
    isPlaceholder ? 'placeholder' : '',
    errors.length ? 'has-errors' : '',
    status ? `run-${status}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const height = resultHeight(ports.outputs, info?.isGraphInput);
  return (
    <div className={classes} data-node-id={id} data-node-type={type}>
      <div className="node-header">
        <div className="node-title-line">
          <span className="node-title">{info?.title ?? (isPlaceholder ? 'Missing node type' : type)}</span>
          {errors.length ? (
            <span className="node-problem-badge" title={errors.map((d) => d.message).join('\n')}>
              {errors.length}
            </span>
          ) : null}
        </div>
        <div className="node-subtitle">
          <span className="node-id">{id}</span>
          <span className="node-type">{type}</span>
        </div>
      </div>
      {isPlaceholder ? (
        <div className="node-placeholder-note">
          No installed node pack provides <code>{type}</code>. Its params and wires are kept as they are.
        </div>
      ) : null}
      {rows ? (
        <div className="node-ports">
          {Array.from({ length: rows }, (_, i) => (
            <PortRow
              key={`${ports.inputs[i]?.name ?? '-'}|${ports.outputs[i]?.name ?? '-'}`}
              input={ports.inputs[i]}
              output={ports.outputs[i]}
              problems={problems}
            />
          ))}
        </div>
      ) : null}
      <ParamSummary params={node.params} info={info} />
      <RunLine state={run} />
      {height ? <NodeResults nodeId={id} state={run} outputs={ports.outputs} height={height} /> : null}
    </div>
  );
});
