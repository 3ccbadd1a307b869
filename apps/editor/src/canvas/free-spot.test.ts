import { NODE_GAP, type NodeBox } from '@adloom/graph';
import { describe, expect, it } from 'vitest';
import { freeSpot } from './free-spot.ts';

type Box = Required<NodeBox>;

const size = { width: 260, height: 160 };
const clear = (spot: { x: number; y: number }, boxes: Box[]) =>
  boxes.every(
    (b) => spot.x >= b.x + b.width || b.x >= spot.x + size.width || spot.y >= b.y + b.height || b.y >= spot.y + size.height,
  );

describe('placing a new node', () => {
  it('keeps the wanted place when it is free', () => {
    expect(freeSpot({ x: 10, y: 20 }, size, [{ x: 600, y: 0, width: 260, height: 160 }])).toEqual({ x: 10, y: 20 });
  });

  it('moves off a node that is there, to the nearest free place', () => {
    const boxes = [{ x: 0, y: 0, width: 260, height: 160 }];
    const spot = freeSpot({ x: 10, y: 10 }, size, boxes);
    expect(clear(spot, boxes)).toBe(true);
    expect(Math.hypot(spot.x - 10, spot.y - 10)).toBeLessThan(400);
  });

  it('finds room in a crowded grid, touching none of them', () => {
    const boxes: Box[] = [];
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) boxes.push({ x: i * 280, y: j * 180, width: 260, height: 160 });
    const spot = freeSpot({ x: 560, y: 360 }, size, boxes);
    expect(clear(spot, boxes)).toBe(true);
  });

  it('keeps the gap node-boxes asks for, from a wide frame and a tall node alike', () => {
    const boxes = [
      { x: 0, y: 0, width: 900, height: 100 },
      { x: 0, y: 140, width: 260, height: 376 },
    ];
    const spot = freeSpot({ x: 0, y: 120 }, size, boxes);
    const apart = boxes.every(
      (b) =>
        spot.x >= b.x + b.width + NODE_GAP ||
        b.x >= spot.x + size.width + NODE_GAP ||
        spot.y >= b.y + b.height + NODE_GAP ||
        b.y >= spot.y + size.height + NODE_GAP,
    );
    expect(apart).toBe(true);
  });
});
