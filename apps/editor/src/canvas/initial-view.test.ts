import { describe, expect, it } from 'vitest';
import { showsEveryNode, viewportFitting } from './initial-view.ts';

const node = (x: number, y: number) => ({ position: { x, y } });
const screen = { width: 1000, height: 800 };

describe('showsEveryNode', () => {
  it('keeps a saved view that shows every node whole, and not one that cuts a node at its edge', () => {
    expect(showsEveryNode([node(100, 100)], { x: 0, y: 0, zoom: 1 }, screen)).toBe(true);
    // The node's right edge (x 260 at width 260) pokes in at the left of a view starting at 200.
    expect(showsEveryNode([node(0, 0)], { x: -200, y: 0, zoom: 1 }, screen)).toBe(false);
    // hello-brief's saved view on a canvas 860 px wide: its last node (x 640) ends under the inspector.
    expect(showsEveryNode([node(0, 0), node(640, 120)], { x: 0, y: 0, zoom: 1 }, { width: 860, height: 700 })).toBe(false);
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
    expect(showsEveryNode([tall], { x: 0, y: 1000, zoom: 0.5 }, screen)).toBe(false);
    expect(showsEveryNode([tall], { x: 0, y: 520, zoom: 0.5 }, screen)).toBe(true);
    expect(showsEveryNode([node(0, -1000)], { x: 0, y: 0, zoom: 1 }, screen)).toBe(false);
  });

  it('refuses a zoom of zero', () => {
    expect(showsEveryNode([node(0, 0)], { x: 0, y: 0, zoom: 0 }, screen)).toBe(false);
  });
});

describe('viewportFitting', () => {
  it('centres the whole graph with room around it, never zooming in past 100 %', () => {
    const wide = [node(0, 0), node(2740, 0)]; // 3,000 flow units wide with the node width
    const view = viewportFitting(wide, screen);
    expect(view?.zoom).toBeCloseTo(1000 / (3000 * 1.3), 5);
    // Left and right margins are equal.
    const zoom = view?.zoom ?? 0;
    expect(view?.x).toBeCloseTo((1000 - 3000 * zoom) / 2, 5);
    expect(viewportFitting([node(0, 0)], screen)?.zoom).toBe(1);
    expect(showsEveryNode(wide, view ?? { x: 0, y: 0, zoom: 0 }, screen)).toBe(true);
  });

  it('has nothing to fit on an empty graph or canvas', () => {
    expect(viewportFitting([], screen)).toBeNull();
    expect(viewportFitting([node(0, 0)], { width: 0, height: 0 })).toBeNull();
  });

  it('never opens a graph of up to 150 nodes below 20 %: one that fits only further out opens at its top-left corner', () => {
    const nodes = Array.from({ length: 100 }, (_, i) => node((i % 10) * 900, Math.floor(i / 10) * 700));
    const view = viewportFitting(nodes, screen);
    expect(view).toEqual({ x: 40, y: 40, zoom: 0.2 });
    // A large graph still opens whole: it has no overview to read at any zoom.
    const many = Array.from({ length: 1000 }, (_, i) => node((i % 40) * 300, Math.floor(i / 40) * 200));
    expect(viewportFitting(many, screen)?.zoom).toBeLessThan(0.2);
  });
});
