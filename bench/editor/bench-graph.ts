import type { GraphFile } from '@adloom/graph';

/**
 * A workflow-shaped graph of `count` nodes and about 1.5 edges per node, as in BENCHMARKS.md:
 * text templates with two placeholders (so 2 inputs, 1 output, a 2-line body), each fed by
 * the one before and every other one by the one two back, on a grid.
 */
export function benchGraph(count: number): GraphFile {
  const columns = Math.ceil(Math.sqrt(count * 1.6));
  const nodes: GraphFile['nodes'] = {};
  const edges: GraphFile['edges'] = [];
  for (let i = 0; i < count; i++) {
    const id = `n${i}`;
    const ui = { x: (i % columns) * 340, y: Math.floor(i / columns) * 260 };
    if (i < 2) {
      nodes[id] = { type: 'input.text', params: { name: id, default: `text ${i}` }, ui };
      continue;
    }
    nodes[id] = { type: 'text.template', params: { template: 'Line {{a}}\nand {{b}}' }, ui };
    edges.push({ from: `n${i - 1}.text`, to: `${id}.a` });
    if (i % 2 === 0) edges.push({ from: `n${i - 2}.text`, to: `${id}.b` });
    else edges.push({ from: `n${i % 2}.text`, to: `${id}.b` });
  }
  return { adloom: 1, name: `Bench ${count}`, nodes, edges };
}
