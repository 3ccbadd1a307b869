import { canConnect, findNodeType, resolveInputs } from '@adloom/graph';
import {
  type Connection,
  Controls,
  type Edge,
  type EdgeChange,
  type FinalConnectionState,
  type IsValidConnection,
  type NodeChange,
  Panel,
  ReactFlow,
  type ReactFlowInstance,
  SelectionMode,
  useConnection,
  useStore as useFlowStore,
  useStoreApi,
} from '@xyflow/react';
import { type DragEvent, type MouseEvent, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { isMac } from '../app/commands.ts';
import { useEditor, useView } from '../app/editor-context.tsx';
import { PROPOSED_NODE } from '../assistant/proposal-markers.ts';
import type { XY } from '../document/document-store.ts';
import { DotGrid } from './dot-grid.tsx';
import { FRAME_NODE, FRAME_PREFIX, GRAPH_NODE } from './flow-store.ts';
import { FrameNodeView } from './frame-node.tsx';
import { GraphNodeView } from './graph-node.tsx';
import type { Viewport } from './initial-view.ts';
import { Minimap } from './minimap.tsx';

// Props React Flow compares by identity: made once, so the canvas never hands it new ones.
const NODE_TYPES = { [GRAPH_NODE]: GraphNodeView, [FRAME_NODE]: FrameNodeView, [PROPOSED_NODE]: GraphNodeView };
const DEFAULT_EDGE_OPTIONS = { interactionWidth: 16 };
const PRO_OPTIONS = { hideAttribution: true };
const MULTI_SELECTION_KEYS = ['Shift', isMac ? 'Meta' : 'Control'];

/** The MIME type the node library puts on a drag. */
export const NODE_TYPE_DRAG = 'application/x-adloom-node-type';

/** `from`/`to` endpoints of a connection being made, whichever end the drag started from. */
function endpointsOf(connection: Connection | Edge): { from: string; to: string } {
  return { from: `${connection.source}.${connection.sourceHandle}`, to: `${connection.target}.${connection.targetHandle}` };
}

/** While a wire is dragged over a port that refuses it, says why, beside the pointer. */
function ConnectionHint() {
  const editor = useEditor();
  const connection = useConnection();
  if (!connection.inProgress || !connection.toHandle) return null;
  const { fromHandle, toHandle } = connection;
  const source = fromHandle.type === 'source' ? fromHandle : toHandle;
  const target = fromHandle.type === 'source' ? toHandle : fromHandle;
  if (source.type === target.type) {
    return (
      <div className="connection-hint refused" style={{ left: connection.pointer.x + 16, top: connection.pointer.y + 16 }}>
        {fromHandle.type === 'source' ? 'an output connects to an input' : 'an input connects to an output'}
      </div>
    );
  }
  const catalog = editor.view.getState().catalog;
  if (!catalog) return null;
  const result = canConnect(
    editor.doc.getState().graph,
    `${source.nodeId}.${source.id}`,
    `${target.nodeId}.${target.id}`,
    catalog,
  );
  if (result.ok && !result.replaces) return null;
  return (
    <div
      className={`connection-hint ${result.ok ? 'replaces' : 'refused'}`}
      style={{ left: connection.pointer.x + 16, top: connection.pointer.y + 16 }}
      data-testid="connection-hint"
    >
      {result.ok ? `replaces the wire from ${result.replaces?.from}` : result.reason}
    </div>
  );
}

/** Below this zoom node text is too small to read (12 px at 0.4 is under 5 px). */
const FAR_ZOOM = 0.4;
/** Small graphs keep their text at any zoom: it tells nodes apart and costs little. */
const FAR_DETAIL_NODES = 150;
/** Below this zoom a graph of up to FAR_DETAIL_NODES nodes shows the overview: large titles, no details. */
export const OVERVIEW_ZOOM = 0.6;
/** The title's size on screen in the overview, in CSS pixels. */
const OVERVIEW_TITLE_PX = 12;

/**
 * The zoom in steps: the overview's title size follows it, and every change of it lays out
 * every title again, so it changes a few times over a zoom gesture, not on every frame.
 */
function overviewStep(zoom: number): number {
  const steps = [0.5, 0.4, 0.32, 0.25, 0.2, 0.16, 0.12, 0.09, 0.07];
  return steps.find((step) => zoom >= step) ?? 0.05;
}

/**
 * Level of detail. Zoomed out on a graph a person can take in (up to 150 nodes), nodes show
 * their titles large enough to read and hide their details, as an overview (Figma's and
 * ComfyUI's low-detail view). On a larger graph far out, node text is not drawn and the dot
 * grid (denser as the view zooms out) is dropped: both cost paint on every frame and show
 * nothing a person can read at that size. Re-renders only when the zoom crosses a step.
 */
function ZoomDetail() {
  const editor = useEditor();
  const isLarge = useStore(editor.flow, (s) => s.nodes.length > FAR_DETAIL_NODES);
  const isFar = useFlowStore((s) => s.transform[2] < FAR_ZOOM) && isLarge;
  const step = useFlowStore((s) => (s.transform[2] < OVERVIEW_ZOOM ? overviewStep(s.transform[2]) : 0));
  const isOverview = !isLarge && step > 0;
  const domNode = useFlowStore((s) => s.domNode);
  useEffect(() => {
    domNode?.classList.toggle('is-far', isFar);
  }, [domNode, isFar]);
  useEffect(() => {
    if (!domNode) return;
    domNode.classList.toggle('is-overview', isOverview);
    if (isOverview) domNode.style.setProperty('--overview-title', `${Math.round(OVERVIEW_TITLE_PX / step)}px`);
  }, [domNode, isOverview, step]);
  return isFar ? null : <DotGrid />;
}

export function Canvas() {
  const editor = useEditor();
  const flowNodes = useStore(editor.flow, (s) => s.nodes);
  const flowEdges = useStore(editor.flow, (s) => s.edges);
  // An assistant's proposal is drawn over the document until it is applied or discarded.
  const proposal = useStore(editor.assistant.store, (s) => s.pending?.view);
  const nodes = useMemo(() => (proposal ? proposal.nodes(flowNodes) : flowNodes), [proposal, flowNodes]);
  const edges = useMemo(() => (proposal ? proposal.edges(flowEdges) : flowEdges), [proposal, flowEdges]);
  const hasNodes = useStore(editor.doc, (s) => Object.keys(s.graph.nodes).length > 0);
  // React Flow mounts with the first document's nodes rather than empty before them: nodes put
  // into a list already on the page cost React a walk of the list each (1,000 nodes and 1,500
  // edges: about 150 ms before the graph shows), while a new list takes them all at once.
  const hasDocument = useStore(editor.doc, (s) => s.revision > 0);
  // It mounts at the view the document opens at, worked out from the canvas's size before: mounted
  // at the default view, it drew every node, dropped all but the dozen that view shows, then drew
  // them all again for the fitted view (1,000 nodes: about twice the node work of the bare page).
  const canvasRef = useRef<HTMLDivElement>(null);
  const [openingView, setOpeningView] = useState<Viewport | null | undefined>(undefined);
  useLayoutEffect(() => {
    if (!hasDocument || openingView !== undefined) return;
    const box = canvasRef.current;
    setOpeningView(editor.mountViewport(box ? { width: box.clientWidth, height: box.clientHeight } : undefined));
  }, [editor, hasDocument, openingView]);
  const isReady = useView((s) => s.catalog !== null);
  const showMinimap = useView((s) => s.showMinimap);

  const onNodesChange = useCallback(
    (changes: NodeChange[]) => {
      const positions: Record<string, XY> = {};
      const frameMoves: { id: string; position: XY }[] = [];
      for (const change of changes) {
        if (change.type !== 'position' || !change.position) continue;
        if (change.id.startsWith(FRAME_PREFIX)) frameMoves.push({ id: change.id, position: change.position });
        else positions[change.id] = change.position;
      }
      const moved = new Set(Object.keys(positions));
      if (moved.size) editor.doc.getState().moveNodes(positions);
      for (const frame of frameMoves) {
        const current = editor.flow.getState().nodes.find((n) => n.id === frame.id);
        if (!current) continue;
        const delta = { x: frame.position.x - current.position.x, y: frame.position.y - current.position.y };
        editor.moveGroup(frame.id.slice(FRAME_PREFIX.length), delta, moved);
      }
      editor.flow.getState().applyNodeChanges(changes);
      if (changes.some((change) => change.type === 'dimensions')) editor.checkView();
    },
    [editor],
  );

  const onEdgesChange = useCallback((changes: EdgeChange[]) => editor.flow.getState().applyEdgeChanges(changes), [editor]);

  const isValidConnection = useCallback<IsValidConnection>(
    (connection) => {
      const catalog = editor.view.getState().catalog;
      if (!catalog) return false;
      const { from, to } = endpointsOf(connection);
      return canConnect(editor.doc.getState().graph, from, to, catalog).ok;
    },
    [editor],
  );

  const onConnect = useCallback(
    (connection: Connection) => {
      const catalog = editor.view.getState().catalog;
      if (!catalog) return;
      const { from, to } = endpointsOf(connection);
      const result = canConnect(editor.doc.getState().graph, from, to, catalog);
      if (result.ok) editor.doc.getState().connect(from, to, result.replaces);
      else editor.toast(`Not connected: ${result.reason}`, 'error');
    },
    [editor],
  );

  // A wire let go over empty canvas opens the palette there, offering nodes it can connect to.
  const onConnectEnd = useCallback(
    (event: globalThis.MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.isValid || state.toHandle || !state.fromHandle?.id) return;
      const target = event.target as HTMLElement | null;
      if (!target?.classList.contains('react-flow__pane')) return;
      const rf = editor.reactFlow;
      const catalog = editor.view.getState().catalog;
      const from = state.fromHandle;
      const node = editor.doc.getState().graph.nodes[from.nodeId];
      const info = node && catalog ? findNodeType(catalog, node.type) : undefined;
      if (!rf || !info || !from.id) return;
      const ports = from.type === 'source' ? info.outputs : resolveInputs(info, node?.params);
      const port = ports.find((p) => p.name === from.id);
      if (!port) return;
      const point = 'changedTouches' in event ? event.changedTouches[0] : event;
      if (!point) return;
      const screen = { x: point.clientX, y: point.clientY };
      editor.view.getState().openDialog({
        kind: 'palette',
        flow: rf.screenToFlowPosition(screen),
        screen,
        wire: { nodeId: from.nodeId, port: from.id, side: from.type, type: port.type },
      });
    },
    [editor],
  );

  const beginDrag = useCallback(() => editor.undoHistory.getState().squash(), [editor]);
  const endDrag = useCallback(() => editor.undoHistory.getState().mark(), [editor]);

  const flowStore = useStoreApi();
  const onInit = useCallback(
    (instance: ReactFlowInstance) => {
      editor.setFlowInstance(instance, () => {
        const { width, height } = flowStore.getState();
        return { width, height };
      });
      // Mounted without a view (its size was not known), it needs one now; else once nodes are measured.
      if (openingView === null) editor.showDocument();
      else editor.checkView();
    },
    [editor, flowStore, openingView],
  );

  const onPointerMove = useCallback(
    (event: MouseEvent) => {
      const rf = editor.reactFlow;
      if (rf) editor.view.setState({ pointer: rf.screenToFlowPosition({ x: event.clientX, y: event.clientY }) });
    },
    [editor],
  );

  const onPointerLeave = useCallback(() => editor.view.setState({ pointer: null }), [editor]);

  const onDoubleClick = useCallback(
    (event: MouseEvent) => {
      const target = event.target as HTMLElement;
      if (!target.classList.contains('react-flow__pane')) return;
      const rf = editor.reactFlow;
      if (!rf) return;
      const flow = rf.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      editor.view.getState().openDialog({ kind: 'palette', flow, screen: { x: event.clientX, y: event.clientY } });
    },
    [editor],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (event.dataTransfer.types.includes(NODE_TYPE_DRAG)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    }
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(NODE_TYPE_DRAG);
      const rf = editor.reactFlow;
      if (!type || !rf) return;
      event.preventDefault();
      editor.addNode(type, rf.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
    },
    [editor],
  );

  return (
    <div
      ref={canvasRef}
      className="canvas"
      role="application"
      aria-label="Graph canvas"
      onMouseMove={onPointerMove}
      onMouseLeave={onPointerLeave}
      onDoubleClick={onDoubleClick}
    >
      {hasDocument && openingView !== undefined ? (
        <ReactFlow
          nodes={nodes}
          defaultViewport={openingView ?? undefined}
          edges={edges}
          nodeTypes={NODE_TYPES}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onConnect={onConnect}
          onConnectEnd={onConnectEnd}
          isValidConnection={isValidConnection}
          onNodeDragStart={beginDrag}
          onNodeDragStop={endDrag}
          onSelectionDragStart={beginDrag}
          onSelectionDragStop={endDrag}
          onInit={onInit}
          onDragOver={onDragOver}
          onDrop={onDrop}
          colorMode="dark"
          minZoom={0.02}
          maxZoom={2.5}
          onlyRenderVisibleElements
          deleteKeyCode={null}
          selectionKeyCode="Shift"
          multiSelectionKeyCode={MULTI_SELECTION_KEYS}
          selectionMode={SelectionMode.Partial}
          zoomOnDoubleClick={false}
          connectionRadius={24}
          elevateNodesOnSelect={false}
          proOptions={PRO_OPTIONS}
          defaultEdgeOptions={DEFAULT_EDGE_OPTIONS}
        >
          <ZoomDetail />
          <Panel position="bottom-right">
            {showMinimap ? (
              <div className="minimap-frame">
                <Minimap />
                <button
                  type="button"
                  className="minimap-hide"
                  aria-label="Hide the minimap"
                  title="Hide the minimap (Alt+M)"
                  onClick={() => editor.toggleMinimap()}
                >
                  ×
                </button>
              </div>
            ) : (
              <button
                type="button"
                className="button minimap-show"
                title="Show the minimap (Alt+M)"
                onClick={() => editor.toggleMinimap()}
              >
                Minimap
              </button>
            )}
          </Panel>
          <Controls showInteractive={false} />
          <ConnectionHint />
        </ReactFlow>
      ) : null}
      {isReady && !hasNodes && !proposal ? (
        <div className="canvas-empty">
          <div className="canvas-empty-title">An empty graph</div>
          <div>
            Press <kbd>Tab</kbd> or double-click the canvas to add a node, drag one from the library, open an example, or describe
            the pipeline to the assistant.
          </div>
          <div className="button-row canvas-empty-actions">
            <button type="button" className="button" onClick={() => editor.view.getState().openDialog({ kind: 'examples' })}>
              Browse examples
            </button>
            <button type="button" className="button" onClick={() => editor.assistant.toggle(true)}>
              ✦ Ask the assistant
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
