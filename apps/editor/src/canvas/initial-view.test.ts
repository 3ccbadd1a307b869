import { describe, expect, it } from 'vitest';
import { showsEveryNode, viewportFitting } from './initial-view.ts';

const node = (x: number, y: number) => ({ position: { x, y } });
const screen = { width: 1000, height: 800 };

describe('showsEveryNode', () => {
  it('keeps a saved view that shows a node, even partly', () => {
    expect(showsEveryNode([node(100, 100)], { x: 0, y: 0, zoom: 1 }, screen)).toBe(true);
    // The node's right edge (x 260 at width 260) pokes in at the left of a view starting at 200.
    expect(showsEveryNode([node(0, 0)], { x: -200, y: 0, zoom: 1 }, screen)).toBe(true);
  });

  it('refuses a view that leaves a node out', () => {
    expect(showsEveryNode([node(100, 100), node(3000, 100)], { x: 0, y: 0, zoom: 1 }, screen)).toBe(false);
    expect(showsEveryNode([node(100, 100), node(3000, 100)], { x: 0, y: 0, zoom: 0.25 }, screen)).toBe(true);
  });

  it('refuses a view of empty space', () => {
    expect(showsEveryNode([node(5000, 5000)], { x: 0, y: 0, zoom: 1 }, screen)).toBe(false);
    expect(showsEveryNode([node(0, 0)], { x: 2000, y: 0, zoom: 1 }, screen)).toBe(false);
  });

  it('scales the view with the zoom', () => {
    // At zoom 0.1 the screen covers 10,000 × 8,000 flow units.
    expect(showsEveryNode([node(5000, 5000)], { x: 0, y: 0, zoom: 0.1 }, screen)).toBe(true);
  });

  it('uses measured sizes when React Flow has them', () => {
    const tall = { position: { x: 0, y: -1000 }, measured: { width: 260, height: 1100 } };
    expect(showsEveryNode([tall], { x: 0, y: 0, zoom: 1 }, screen)).toBe(true);
    expect(showsEveryNode([node(0, -1000)], { x: 0, y: 0, zoom: 1 }, screen)).toBe(false);
  });

  it('refuses a zoom of zero', () => {
    expect(showsEveryNode([node(0, 0)], { x: 0, y: 0, zoom: 0 }, screen)).toBe(false);
  });
});

describe('viewportFitting', () => {
  it('centres the whole graph with room around it, never zooming in past 100 %', () => {
    const wide = [node(0, 0), node(3740, 0)]; // 4,000 flow units wide with the node width
    const view = viewportFitting(wide, screen);
    expect(view?.zoom).toBeCloseTo(1000 / (4000 * 1.3), 5);
    // Left and right margins are equal.
    const zoom = view?.zoom ?? 0;
    expect(view?.x).toBeCloseTo((1000 - 4000 * zoom) / 2, 5);
    expect(viewportFitting([node(0, 0)], screen)?.zoom).toBe(1);
    expect(showsEveryNode(wide, view ?? { x: 0, y: 0, zoom: 0 }, screen)).toBe(true);
  });

  it('has nothing to fit on an empty graph or canvas', () => {
    expect(viewportFitting([], screen)).toBeNull();
    expect(viewportFitting([node(0, 0)], { width: 0, height: 0 })).toBeNull();
  });
});
