import '@xyflow/react/dist/style.css';
import {
  type Edge,
  Handle,
  type Node,
  type NodeProps,
  Position,
  ReactFlow,
  type ReactFlowInstance,
  useEdgesState,
  useNodesState,
} from '@xyflow/react';
import { memo } from 'react';
import { createRoot } from 'react-dom/client';
import { benchGraph } from '../bench-graph.ts';

declare global {
  interface Window {
    rf?: ReactFlowInstance;
  }
}

interface WorkflowData extends Record<string, unknown> {
  title: string;
  inputs: string[];
  outputs: string[];
  body: string;
}

/** A workflow-style node as BENCHMARKS.md describes it, with nothing of the editor's. */
const WorkflowNode = memo(function WorkflowNode({ data }: NodeProps<Node<WorkflowData>>) {
  return (
    <div
      style={{
        width: 260,
        background: '#1b1e26',
        color: '#ddd',
        border: '1px solid #444',
        borderRadius: 8,
        font: '12px sans-serif',
      }}
    >
      <div style={{ padding: '6px 12px', borderBottom: '1px solid #333', fontWeight: 600 }}>{data.title}</div>
      {data.inputs.map((name) => (
        <div key={`i${name}`} style={{ position: 'relative', height: 22, paddingLeft: 12 }}>
          <Handle type="target" position={Position.Left} id={name} />
          {name}
        </div>
      ))}
      {data.outputs.map((name) => (
        <div key={`o${name}`} style={{ position: 'relative', height: 22, paddingRight: 12, textAlign: 'right' }}>
          {name}
          <Handle type="source" position={Position.Right} id={name} />
        </div>
      ))}
      <div style={{ padding: '4px 12px', whiteSpace: 'pre', color: '#999' }}>{data.body}</div>
    </div>
  );
});

const nodeTypes = { workflow: WorkflowNode };
const count = Number(new URLSearchParams(location.search).get('n') ?? 1000);
const graph = benchGraph(count);
const initialNodes: Node<WorkflowData>[] = Object.entries(graph.nodes).map(([id, n]) => ({
  id,
  type: 'workflow',
  position: { x: n.ui?.x ?? 0, y: n.ui?.y ?? 0 },
  data: {
    title: n.type,
    inputs: n.type === 'input.text' ? [] : ['a', 'b'],
    outputs: ['text'],
    body: String(n.params?.template ?? n.params?.default ?? ''),
  },
}));
const initialEdges: Edge[] = graph.edges.map((e) => {
  const [source, sourceHandle] = e.from.split('.') as [string, string];
  const [target, targetHandle] = e.to.split('.') as [string, string];
  return { id: `${e.from}->${e.to}`, source, sourceHandle, target, targetHandle };
});

function Bare() {
  // The way React Flow's docs set up a flow.
  const [nodes, , onNodesChange] = useNodesState(initialNodes);
  const [edges, , onEdgesChange] = useEdgesState(initialEdges);
  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      nodeTypes={nodeTypes}
      onlyRenderVisibleElements
      minZoom={0.02}
      fitView
      colorMode="dark"
      onInit={(instance) => {
        window.rf = instance as unknown as ReactFlowInstance;
      }}
    />
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(<Bare />);
