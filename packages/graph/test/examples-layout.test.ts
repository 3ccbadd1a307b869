import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadGraphText } from '../src/load.ts';
import { areTouching, heightOf } from '../src/node-boxes.ts';

const examplesDir = resolve(import.meta.dirname, '../../../examples');
const examples = readdirSync(examplesDir).filter((name) => name.endsWith('.adloom.json'));

describe('[graph.NB1] the examples keep every node a node gap clear of the others, each as tall as its type is drawn', () => {
  it('are all here', () => {
    expect(examples.length).toBeGreaterThanOrEqual(4);
  });

  it.each(examples)('%s', (name) => {
    const { graph } = loadGraphText(readFileSync(join(examplesDir, name), 'utf8'));
    if (!graph) throw new Error(`${name} does not load`);
    const boxes = Object.entries(graph.nodes).flatMap(([id, node]) =>
      node.ui ? [{ id, x: node.ui.x, y: node.ui.y, height: heightOf(node.type) }] : [],
    );
    expect(boxes).toHaveLength(Object.keys(graph.nodes).length);
    const touching = boxes.flatMap((a, i) =>
      boxes.slice(i + 1).flatMap((b) => (areTouching(a, b) ? [`${a.id} (${a.x}, ${a.y}) and ${b.id} (${b.x}, ${b.y})`] : [])),
    );
    expect(touching).toEqual([]);
  });
});
