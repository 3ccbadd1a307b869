import { heightOf, NODE_WIDTH } from '@adloom/graph';
import { type ReactFlowState, useReactFlow, useStoreApi } from '@xyflow/react';
import { type PointerEvent, useEffect, useMemo, useRef } from 'react';
import { useStore } from 'zustand';
import { useEditor } from '../app/editor-context.tsx';
import { FRAME_NODE } from './flow-store.ts';

const WIDTH = 200;
const HEIGHT = 140;
const PADDING = 0.08;
const NO_GHOSTS: Bounds[] = [];

interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * An overview of the graph: nodes drawn once onto a canvas when they change, and the view as
 * a box moved by CSS on top. React Flow's own minimap redraws its SVG of every node on every
 * pan frame, which on a machine drawing in software costs several ms a frame at 1,000 nodes.
 * The view box follows the viewport by style writes from React Flow's store, not by renders.
 * Click or drag on it to move the view.
 */
export function Minimap() {
  const editor = useEditor();
  const nodes = useStore(editor.flow, (s) => s.nodes);
  // The nodes a proposal would add, drawn in its colour until it is applied or discarded, each as
  // tall as a node of its type is on the canvas (they are not on it yet to be measured).
  const proposal = useStore(editor.assistant.store, (s) => s.pending?.view);
  const ghosts = useMemo<Bounds[]>(() => {
    if (!proposal) return NO_GHOSTS;
    const present = new Set(nodes.map((node) => node.id));
    return Object.entries(proposal.markers.added)
      .filter(([id]) => !present.has(id))
      .map(([, node]) => ({ x: node.ui?.x ?? 0, y: node.ui?.y ?? 0, width: NODE_WIDTH, height: heightOf(node.type) }));
  }, [proposal, nodes]);
  const canvas = useRef<HTMLCanvasElement>(null);
  const rf = useReactFlow();
  const bounds = useMemo<Bounds | null>(() => {
    let minX = Number.POSITIVE_INFINITY;
    let minY = Number.POSITIVE_INFINITY;
    let maxX = Number.NEGATIVE_INFINITY;
    let maxY = Number.NEGATIVE_INFINITY;
    const extend = (x: number, y: number, width: number, height: number) => {
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x + width);
      maxY = Math.max(maxY, y + height);
    };
    for (const node of nodes) {
      extend(
        node.position.x,
        node.position.y,
        node.measured?.width ?? node.width ?? NODE_WIDTH,
        node.measured?.height ?? node.height ?? 120,
      );
    }
    for (const ghost of ghosts) extend(ghost.x, ghost.y, ghost.width, ghost.height);
    if (!Number.isFinite(minX)) return null;
    const padX = (maxX - minX) * PADDING + 40;
    const padY = (maxY - minY) * PADDING + 40;
    const box = { x: minX - padX, y: minY - padY, width: maxX - minX + padX * 2, height: maxY - minY + padY * 2 };
    // Keep the map's aspect ratio: widen the short side.
    const scale = Math.max(box.width / WIDTH, box.height / HEIGHT);
    const width = WIDTH * scale;
    const height = HEIGHT * scale;
    return { x: box.x - (width - box.width) / 2, y: box.y - (height - box.height) / 2, width, height };
  }, [nodes, ghosts]);

  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context || !canvas.current) return;
    const ratio = window.devicePixelRatio || 1;
    canvas.current.width = WIDTH * ratio;
    canvas.current.height = HEIGHT * ratio;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, WIDTH, HEIGHT);
    if (!bounds) return;
    const scale = WIDTH / bounds.width;
    for (const node of nodes) {
      const w = (node.measured?.width ?? node.width ?? NODE_WIDTH) * scale;
      const h = (node.measured?.height ?? node.height ?? 120) * scale;
      const x = (node.position.x - bounds.x) * scale;
      const y = (node.position.y - bounds.y) * scale;
      if (node.type === FRAME_NODE) {
        context.strokeStyle = 'rgba(140, 155, 200, 0.5)';
        context.strokeRect(x, y, w, h);
      } else {
        context.fillStyle = node.selected ? '#6ea8fe' : '#56607a';
        context.fillRect(x, y, Math.max(1, w), Math.max(1, h));
      }
    }
    if (!ghosts.length) return;
    context.fillStyle = getComputedStyle(canvas.current).getPropertyValue('--ok').trim() || '#5fcf8a';
    for (const ghost of ghosts) {
      const x = (ghost.x - bounds.x) * scale;
      const y = (ghost.y - bounds.y) * scale;
      context.fillRect(x, y, Math.max(1, ghost.width * scale), Math.max(1, ghost.height * scale));
    }
  }, [nodes, ghosts, bounds]);

  const flowStore = useStoreApi();
  const map = useRef<HTMLDivElement>(null);
  const viewBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let last: ReactFlowState | null = null;
    let percent = -1;
    const place = (state: ReactFlowState) => {
      const box = viewBox.current;
      if (!box || !bounds) return;
      if (last && last.transform === state.transform && last.width === state.width && last.height === state.height) return;
      last = state;
      const [x, y, zoom] = state.transform;
      const scale = WIDTH / bounds.width;
      box.style.width = `${(state.width / zoom) * scale}px`;
      box.style.height = `${(state.height / zoom) * scale}px`;
      box.style.transform = `translate(${(-x / zoom - bounds.x) * scale}px, ${(-y / zoom - bounds.y) * scale}px)`;
      const next = Math.round(zoom * 100);
      if (next !== percent) map.current?.setAttribute('aria-valuenow', String((percent = next)));
    };
    place(flowStore.getState());
    return flowStore.subscribe(place);
  }, [flowStore, bounds]);

  const moveTo = (event: PointerEvent<HTMLDivElement>) => {
    if (!bounds) return;
    const rect = event.currentTarget.getBoundingClientRect();
    const x = bounds.x + ((event.clientX - rect.left) / WIDTH) * bounds.width;
    const y = bounds.y + ((event.clientY - rect.top) / HEIGHT) * bounds.height;
    void rf.setCenter(x, y, { zoom: rf.getZoom() });
  };

  return (
    <div
      ref={map}
      className="minimap nodrag nopan"
      style={{ width: WIDTH, height: HEIGHT }}
      role="slider"
      aria-label="Overview: drag to move the view"
      // Current when rendered; kept current between renders by the store subscription above.
      aria-valuenow={Math.round(flowStore.getState().transform[2] * 100)}
      tabIndex={-1}
      onPointerDown={(event) => {
        event.currentTarget.setPointerCapture(event.pointerId);
        moveTo(event);
      }}
      onPointerMove={(event) => {
        if (event.currentTarget.hasPointerCapture(event.pointerId)) moveTo(event);
      }}
    >
      <canvas ref={canvas} style={{ width: WIDTH, height: HEIGHT }} />
      {bounds ? <div ref={viewBox} className="minimap-view" /> : null}
    </div>
  );
}
