import { describe, expect, it } from 'vitest';
import { showsAnyNode } from './initial-view.ts';

const node = (x: number, y: number) => ({ position: { x, y } });
const screen = { width: 1000, height: 800 };

describe('showsAnyNode', () => {
  it('keeps a saved view that shows a node, even partly', () => {
    expect(showsAnyNode([node(100, 100)], { x: 0, y: 0, zoom: 1 }, screen)).toBe(true);
    // The node's right edge (x 260 at width 260) pokes in at the left of a view starting at 200.
    expect(showsAnyNode([node(0, 0)], { x: -200, y: 0, zoom: 1 }, screen)).toBe(true);
  });

  it('refuses a view of empty space', () => {
    expect(showsAnyNode([node(5000, 5000)], { x: 0, y: 0, zoom: 1 }, screen)).toBe(false);
    expect(showsAnyNode([node(0, 0)], { x: 2000, y: 0, zoom: 1 }, screen)).toBe(false);
  });

  it('scales the view with the zoom', () => {
    // At zoom 0.1 the screen covers 10,000 × 8,000 flow units.
    expect(showsAnyNode([node(5000, 5000)], { x: 0, y: 0, zoom: 0.1 }, screen)).toBe(true);
  });

  it('uses measured sizes when React Flow has them', () => {
    const tall = { position: { x: 0, y: -1000 }, measured: { width: 260, height: 1100 } };
    expect(showsAnyNode([tall], { x: 0, y: 0, zoom: 1 }, screen)).toBe(true);
    expect(showsAnyNode([node(0, -1000)], { x: 0, y: 0, zoom: 1 }, screen)).toBe(false);
  });

  it('refuses a zoom of zero', () => {
    expect(showsAnyNode([node(0, 0)], { x: 0, y: 0, zoom: 0 }, screen)).toBe(false);
  });
});
