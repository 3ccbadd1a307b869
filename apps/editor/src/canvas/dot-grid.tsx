import { type ReactFlowState, useStoreApi } from '@xyflow/react';
import { useEffect, useRef } from 'react';

const GAP = 24;
/** Dot diameter at zoom 1, as React Flow's `<Background size>`. */
const SIZE = 1.2;
const COLOR = '#2c3240';

/**
 * The dot grid behind the canvas: one CSS gradient tiled on one element, moved by writing its
 * style straight from React Flow's store. React Flow's `<Background>` re-renders an SVG pattern
 * (eight attributes) through React on every pan frame; this costs no render and one small
 * style change a frame.
 */
export function DotGrid() {
  const store = useStoreApi();
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let last: ReactFlowState['transform'] | null = null;
    const draw = ({ transform }: ReactFlowState) => {
      const div = element.current;
      if (!div || transform === last) return;
      const zoomChanged = !last || last[2] !== transform[2];
      last = transform;
      const [x, y, zoom] = transform;
      const gap = GAP * zoom;
      if (zoomChanged) {
        const radius = (SIZE * zoom) / 2;
        div.style.backgroundImage = `radial-gradient(circle at center, ${COLOR} ${radius}px, transparent ${radius + 0.6}px)`;
        div.style.backgroundSize = `${gap}px ${gap}px`;
      }
      // The gradient's dot sits in the middle of its tile; React Flow's sits on the tile corner.
      div.style.backgroundPosition = `${(x % gap) - gap / 2}px ${(y % gap) - gap / 2}px`;
    };
    draw(store.getState());
    return store.subscribe(draw);
  }, [store]);
  return <div ref={element} className="dot-grid" />;
}
