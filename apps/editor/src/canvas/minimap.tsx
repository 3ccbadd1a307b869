import { type ReactFlowState, useStore as useFlowStore, useReactFlow } from '@xyflow/react';
import { type PointerEvent, useEffect, useMemo, useRef } from 'react';
import { useStore } from 'zustand';
import { useEditor } from '../app/editor-context.tsx';
import { FRAME_NODE, NODE_WIDTH } from './flow-store.ts';

const WIDTH = 200;
const HEIGHT = 140;
const PADDING = 0.08;

interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

const viewportOf = (s: ReactFlowState) => ({
  x: s.transform[0],
  y: s.transform[1],
  zoom: s.transform[2],
  width: s.width,
  height: s.height,
});

/**
 * An overview of the graph: nodes drawn once onto a canvas when they change, and the view as
 * a box moved by CSS on top. React Flow's own minimap redraws its SVG of every node on every
 * pan frame, which on a machine drawing in software costs several ms a frame at 1,000 nodes.
 * Click or drag on it to move the view.
 */
export function Minimap() {
  const editor = useEditor();
  const nodes = useStore(editor.flow, (s) => s.nodes);
  const canvas = useRef<HTMLCanvasElement>(null);
  const rf = useReactFlow();
  const bounds = useMemo<Bounds | null>(() => {
    let minX = Number.POSITIVE_INFINITY;
    let minY = Number.POSITIVE_INFINITY;
    let maxX = Number.NEGATIVE_INFINITY;
    let maxY = Number.NEGATIVE_INFINITY;
    for (const node of nodes) {
      const w = node.measured?.width ?? node.width ?? NODE_WIDTH;
      const h = node.measured?.height ?? node.height ?? 120;
      minX = Math.min(minX, node.position.x);
      minY = Math.min(minY, node.position.y);
      maxX = Math.max(maxX, node.position.x + w);
      maxY = Math.max(maxY, node.position.y + h);
    }
    if (!Number.isFinite(minX)) return null;
    const padX = (maxX - minX) * PADDING + 40;
    const padY = (maxY - minY) * PADDING + 40;
    const box = { x: minX - padX, y: minY - padY, width: maxX - minX + padX * 2, height: maxY - minY + padY * 2 };
    // Keep the map's aspect ratio: widen the short side.
    const scale = Math.max(box.width / WIDTH, box.height / HEIGHT);
    const width = WIDTH * scale;
    const height = HEIGHT * scale;
    return { x: box.x - (width - box.width) / 2, y: box.y - (height - box.height) / 2, width, height };
  }, [nodes]);

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
  }, [nodes, bounds]);

  const viewport = useFlowStore(
    viewportOf,
    (a, b) => a.x === b.x && a.y === b.y && a.zoom === b.zoom && a.width === b.width && a.height === b.height,
  );
  let box: { left: number; top: number; width: number; height: number } | null = null;
  if (bounds) {
    const scale = WIDTH / bounds.width;
    box = {
      left: (-viewport.x / viewport.zoom - bounds.x) * scale,
      top: (-viewport.y / viewport.zoom - bounds.y) * scale,
      width: (viewport.width / viewport.zoom) * scale,
      height: (viewport.height / viewport.zoom) * scale,
    };
  }

  const moveTo = (event: PointerEvent<HTMLDivElement>) => {
    if (!bounds) return;
    const rect = event.currentTarget.getBoundingClientRect();
    const x = bounds.x + ((event.clientX - rect.left) / WIDTH) * bounds.width;
    const y = bounds.y + ((event.clientY - rect.top) / HEIGHT) * bounds.height;
    void rf.setCenter(x, y, { zoom: rf.getZoom() });
  };

  return (
    <div
      className="minimap nodrag nopan"
      style={{ width: WIDTH, height: HEIGHT }}
      role="slider"
      aria-label="Overview: drag to move the view"
      aria-valuenow={Math.round(viewport.zoom * 100)}
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
      {box ? (
        <div
          className="minimap-view"
          style={{ width: box.width, height: box.height, transform: `translate(${box.left}px, ${box.top}px)` }}
        />
      ) : null}
    </div>
  );
}
