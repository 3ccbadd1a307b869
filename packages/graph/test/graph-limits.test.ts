import { describe, expect, it } from 'vitest';
import {
  formatDiagnostic,
  GRAPH_LIMITS,
  type GraphFile,
  loadGraphObject,
  loadGraphText,
  serializeGraph,
  validateGraph,
} from '../src/index.ts';
import { findLostKeys } from '../src/lost-keys.ts';
import { catalog } from './catalog.ts';

// Tens of megabytes and hundreds of thousands of nodes: slow on a busy machine, never a hang.
const BIG = { timeout: 60_000 };

const FILE = 'graph.adloom.json';

/** A one-node graph whose `default` param is `levels` lists inside one another: the file is `levels + 4` deep. */
function deepText(levels: number): string {
  const head = '{"adloom":1,"name":"deep","nodes":{"a":{"type":"input.text","params":{"name":"x","default":';
  return `${head}${'['.repeat(levels)}${']'.repeat(levels)}}}},"edges":[]}`;
}

/** The same graph as a parsed value, built without recursion, as an HTTP body would arrive. */
function deepObject(levels: number): Record<string, unknown> {
  let value: unknown[] = [];
  for (let i = 1; i < levels; i++) value = [value];
  return { adloom: 1, name: 'deep', nodes: { a: { type: 'input.text', params: { name: 'x', default: value } } }, edges: [] };
}

/** `count` unconnected text inputs. */
function manyNodes(count: number): GraphFile {
  const nodes: GraphFile['nodes'] = {};
  for (let i = 0; i < count; i++) nodes[`n${i}`] = { type: 'input.text', params: { name: `n${i}` } };
  return { adloom: 1, name: 'many', nodes, edges: [] };
}

describe('[graph.L1] nesting depth', BIG, () => {
  it('refuses a 200 KB file nested 100,000 levels deep, naming the file, the place, the depth and the limit', () => {
    const text = deepText(100_000);
    expect(text.length).toBeGreaterThan(200_000);
    const { graph, diagnostics } = loadGraphText(text, FILE);
    expect(graph).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    const [d] = diagnostics;
    // The first list too deep: level 513, the 509th "[" of the param's value.
    const column = text.indexOf('[') + 1 + (GRAPH_LIMITS.depth - 4);
    expect(text[column - 1]).toBe('[');
    expect(d).toMatchObject({ file: FILE, nodeId: 'a', param: 'default', path: 'nodes.a.params.default', line: 1, column });
    expect(formatDiagnostic(d as (typeof diagnostics)[0])).toBe(
      `${FILE}:1:${column}: error: nested 100,004 levels deep at nodes.a.params.default; the limit is 512 levels`,
    );
    expect(validateGraph(text, catalog, { file: FILE })).toEqual(diagnostics);
  });

  it('counts levels from the file itself: 512 levels load, 513 do not', () => {
    expect(GRAPH_LIMITS.depth).toBe(512);
    const atLimit = loadGraphText(deepText(508), FILE);
    expect(atLimit.diagnostics).toEqual([]);
    expect(atLimit.graph?.nodes.a?.params?.name).toBe('x');
    expect(loadGraphText(deepText(509), FILE).diagnostics.map((d) => d.message)).toEqual([
      'nested 513 levels deep at nodes.a.params.default; the limit is 512 levels',
    ]);
  });

  it('names the line of a deep value in a file written over many lines', () => {
    const text = serializeGraph({
      adloom: 1,
      name: 'deep',
      nodes: { copy: { type: 'text.template', params: { template: 'x' } } },
      edges: [],
    }).replace('"template": "x"', `"template": "x",\n        "extra": {"list": ${'['.repeat(600)}${']'.repeat(600)}}`);
    const [d] = loadGraphText(text, FILE).diagnostics;
    const line = text.slice(0, text.indexOf('"extra"')).split('\n').length;
    expect(d).toMatchObject({ nodeId: 'copy', path: 'nodes.copy.params.extra', line });
    expect(d?.message).toBe('nested 605 levels deep at nodes.copy.params.extra; the limit is 512 levels');
  });

  it('refuses a parsed value 100,000 levels deep, as an HTTP body would bring it', () => {
    const { graph, diagnostics } = loadGraphObject(deepObject(100_000), FILE);
    expect(graph).toBeUndefined();
    expect(diagnostics).toEqual([
      {
        severity: 'error',
        file: FILE,
        nodeId: 'a',
        param: 'default',
        path: 'nodes.a.params.default',
        message: 'nested more than 512 levels deep at nodes.a.params.default; the limit is 512 levels',
      },
    ]);
  });

  it('is checked by validateGraph on a graph built in memory, as a --set value or a graph op makes one', () => {
    const graph = deepObject(1) as GraphFile;
    (graph.nodes.a?.params as Record<string, unknown>).default = 'x';
    expect(validateGraph(graph, catalog)).toEqual([]);
    (graph.nodes.a?.params as Record<string, unknown>).default = [deepObject(100_000)];
    expect(validateGraph(graph, catalog, { file: FILE }).map(formatDiagnostic)).toEqual([
      `${FILE}:nodes.a.params.default: error: nested more than 512 levels deep at nodes.a.params.default; the limit is 512 levels`,
    ]);
  });

  it('loads a parsed value at the limit and refuses one level more', () => {
    expect(loadGraphObject(deepObject(508), FILE).diagnostics).toEqual([]);
    expect(loadGraphObject(deepObject(509), FILE).diagnostics).toHaveLength(1);
  });

  it('refuses a value that contains itself instead of walking it for ever', () => {
    const loop: unknown[] = [];
    loop.push(loop);
    const raw = {
      adloom: 1,
      name: 'loop',
      nodes: { a: { type: 'input.text', params: { name: 'x', default: loop } } },
      edges: [],
    };
    expect(loadGraphObject(raw, FILE).diagnostics.map((d) => d.path)).toEqual(['nodes.a.params.default']);
  });

  it('still finds a key written twice at the bottom of a 100,000-deep text, in one pass', () => {
    // Before, every level copied its parent's path: 100,000 levels made 5 billion entries.
    const levels = 100_000;
    const text = `${'{"a":'.repeat(levels)}{"x":1,"x":2}${'}'.repeat(levels)}`;
    const [d, ...rest] = findLostKeys(text, FILE);
    expect(rest).toEqual([]);
    expect(d?.path).toBe(`${'a.'.repeat(levels)}x`);
    expect(d?.message).toMatch(/^key "x" is written twice in a\.a\.a\./);
    expect(d?.column).toBe(levels * 5 + 8);
  });
});

describe('[graph.L2] file size', BIG, () => {
  it('refuses 70 MB of text before parsing it', () => {
    const text = `{"adloom":1,"name":"big","description":"${'x'.repeat(70 * 1024 * 1024)}","nodes":{},"edges":[]}`;
    const { graph, diagnostics } = loadGraphText(text, FILE);
    expect(graph).toBeUndefined();
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      `${FILE}: error: the file is 70.0 MiB (${(text.length).toLocaleString('en-US')} bytes); the limit is 64 MiB`,
    ]);
  });

  it('counts UTF-8 bytes, not characters: 35 million "é" are 70 MB', () => {
    const text = `{"adloom":1,"name":"${'é'.repeat(35 * 1024 * 1024)}","nodes":{},"edges":[]}`;
    expect(text.length).toBeLessThan(GRAPH_LIMITS.bytes);
    const [d] = loadGraphText(text, FILE).diagnostics;
    expect(d?.message).toMatch(/^the file is 70\.0 MiB \(73,400,3\d\d bytes\); the limit is 64 MiB$/);
  });

  it('loads a file just under the limit', () => {
    const text = `{"adloom":1,"name":"big","description":"${'x'.repeat(GRAPH_LIMITS.bytes - 100)}","nodes":{},"edges":[]}`;
    const { graph, diagnostics } = loadGraphText(text, FILE);
    expect(diagnostics).toEqual([]);
    expect(graph?.description).toHaveLength(GRAPH_LIMITS.bytes - 100);
  });
});

describe('[graph.L3] node and edge counts', BIG, () => {
  it('refuses 250,000 nodes, from text and from a parsed value', () => {
    const graph = manyNodes(250_000);
    const text = serializeGraph(graph);
    const message = 'the graph has 250,000 nodes; the limit is 200,000';
    // From text, the place of the first node too many.
    const line = text.slice(0, text.indexOf('"n200000"')).split('\n').length;
    expect(loadGraphText(text, FILE).diagnostics).toEqual([
      { severity: 'error', file: FILE, path: 'nodes', line, column: 5, message },
    ]);
    expect(loadGraphObject(graph, FILE).diagnostics).toEqual([{ severity: 'error', file: FILE, path: 'nodes', message }]);
  });

  it('loads 200,000 nodes', () => {
    const { graph, diagnostics } = loadGraphText(serializeGraph(manyNodes(GRAPH_LIMITS.nodes)), FILE);
    expect(diagnostics).toEqual([]);
    expect(Object.keys(graph?.nodes ?? {})).toHaveLength(200_000);
  });

  it('refuses more edges than the limit', () => {
    const edges = Array.from({ length: GRAPH_LIMITS.edges + 1 }, () => ({ from: 'a.text', to: 'b.x' }));
    const raw = { adloom: 1, name: 'edges', nodes: {}, edges };
    expect(loadGraphObject(raw, FILE).diagnostics.map((d) => `${d.path}: ${d.message}`)).toEqual([
      'edges: the graph has 400,001 edges; the limit is 400,000',
    ]);
    expect(loadGraphText(JSON.stringify(raw), FILE).diagnostics.map((d) => d.path)).toEqual(['edges']);
  });
});

describe('[graph.L4] keys', BIG, () => {
  it('refuses 10 million keys in one object before parsing it, naming the object and the limit', () => {
    const text = `{"adloom":1,"name":"keys","nodes":{},"edges":[],"ui":{${'"a":1,'.repeat(10_000_000)}"a":1}}`;
    const column = text.indexOf('"a"') + 1 + 6 * GRAPH_LIMITS.keys;
    expect(loadGraphText(text, FILE).diagnostics).toEqual([
      {
        severity: 'error',
        file: FILE,
        path: 'ui',
        line: 1,
        column,
        message: 'the object at ui has 10,000,001 keys; the limit is 200,000 keys in one object',
      },
    ]);
  });

  it('refuses a parsed param with more keys than the limit, and loads one at the limit', () => {
    const params: Record<string, unknown> = { template: 'x' };
    for (let i = 1; i < GRAPH_LIMITS.keys; i++) params[`k${i}`] = i;
    const raw = { adloom: 1, name: 'keys', nodes: { t: { type: 'text.template', params } }, edges: [] };
    expect(loadGraphObject(raw, FILE).diagnostics).toEqual([]);
    params.one_more = 1;
    expect(loadGraphObject(raw, FILE).diagnostics.map(formatDiagnostic)).toEqual([
      `${FILE}:nodes.t.params: error: the object at nodes.t.params has 200,001 keys; the limit is 200,000 keys in one object`,
    ]);
  });

  it('lists the first 100 keys written twice and counts the rest, for a million of them', () => {
    const pairs = 1_000_000;
    const text = `{"adloom":1,"name":"dup","nodes":{},"edges":[],"ui":{"list":[${Array(pairs).fill('{"a":1,"a":2}').join(',')}]}}`;
    const diagnostics = loadGraphText(text, FILE).diagnostics;
    expect(diagnostics).toHaveLength(101);
    expect(diagnostics[0]?.message).toBe(
      'key "a" is written twice in ui.list[0] (lines 1 and 1); only the last would be kept, so give each its own key or remove one',
    );
    expect(diagnostics[100]?.message).toBe(
      `and ${(pairs - 100).toLocaleString('en-US')} more keys written twice or named "__proto__"; only the first 100 are listed`,
    );
  });
});
