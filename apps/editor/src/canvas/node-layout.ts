import { type GraphNode, NODE_WIDTH, type NodeTypeInfo, type PortSpec, resolveInputs } from '@adloom/graph';
import { type Node, type NodeHandle, Position } from '@xyflow/react';
import { resultHeight } from './node-results.tsx';

/*
 * Where a node's rows fall, in px at zoom 1, as editor.css sizes the rows graph-node.tsx draws:
 * every row has a fixed height, so a node's size and its ports' places follow from its type
 * and params alone. The e2e suite compares them with what React Flow measures.
 */
const BORDER = 1;
/** Title (18) and subtitle (16) lines, 6 + 4 px padding and the line under them. */
const HEADER = 45;
/** The ports' grid: 4 px above and below, a 22 px row each. */
const PORTS_PADDING = 4;
const PORT_ROW = 22;
/** One param row, or a first and a last one (editor.css `.node-param.first` and `.last`). */
const PARAMS_HEIGHT = [0, 29, 47] as const;
const RUN_LINE = 22;
const HANDLE = 10;
const LIST_HANDLE = 11;

/** The params a node shows on the canvas, by name: a graph input's name is already its run line. */
export function summaryEntries(params: GraphNode['params'], info: NodeTypeInfo | undefined): [string, unknown][] {
  const entries = Object.entries(params ?? {}).filter(([name]) => !(info?.isGraphInput && name === 'name'));
  return entries.slice(0, PARAMS_HEIGHT.length - 1);
}

function handlesOf(ports: readonly PortSpec[], type: 'source' | 'target'): NodeHandle[] {
  return ports.map((port, row) => {
    const size = port.list ? LIST_HANDLE : HANDLE;
    return {
      id: port.name,
      type,
      position: type === 'target' ? Position.Left : Position.Right,
      // React Flow centres a handle on the node's edge and on its row.
      x: (type === 'target' ? BORDER : NODE_WIDTH - BORDER) - size / 2,
      y: BORDER + HEADER + PORTS_PADDING + row * PORT_ROW + (PORT_ROW - size) / 2,
      width: size,
      height: size,
    };
  });
}

/**
 * A node as it stands before any run, sized as React Flow would measure it, with its ports'
 * handles, or nothing for a type the catalog lacks (its note wraps). Given to React Flow as
 * measured, a graph's nodes and wires are drawn in the first frame, and the measuring pass
 * after it changes nothing instead of drawing every node again.
 */
export function predictedLayout(node: GraphNode, info: NodeTypeInfo | undefined): Pick<Node, 'measured' | 'handles'> | undefined {
  if (!info) return undefined;
  const inputs = resolveInputs(info, node.params);
  const rows = Math.max(inputs.length, info.outputs.length);
  const height =
    2 * BORDER +
    HEADER +
    (rows ? 2 * PORTS_PADDING + rows * PORT_ROW : 0) +
    PARAMS_HEIGHT[summaryEntries(node.params, info).length as 0 | 1 | 2] +
    RUN_LINE +
    resultHeight(info.outputs, info.isGraphInput);
  return {
    measured: { width: NODE_WIDTH, height },
    handles: [...handlesOf(inputs, 'target'), ...handlesOf(info.outputs, 'source')],
  };
}
