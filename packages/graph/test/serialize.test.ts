import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type GraphFile, loadGraphObject, loadGraphText, serializeGraph, validateGraph } from '../src/index.ts';
import { catalog } from './catalog.ts';

const folder = join(import.meta.dirname, 'fixtures/valid');
const files = readdirSync(folder).filter((name) => name.endsWith('.adloom.json'));
const read = (name: string) => readFileSync(join(folder, name), 'utf8');

function load(text: string): GraphFile {
  const { graph, diagnostics } = loadGraphText(text);
  expect(diagnostics).toEqual([]);
  return graph as GraphFile;
}

describe('serializeGraph', () => {
  it('has valid fixtures to work on', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
  });

  it.each(files)('%s: load then save gives the same bytes', (name) => {
    const text = read(name);
    expect(serializeGraph(load(text))).toBe(text);
  });

  it.each(files.filter((name) => !name.startsWith('unknown-')))('%s: is a valid graph', (name) => {
    expect(validateGraph(read(name), catalog, { file: name })).toEqual([]);
  });

  it('writes two-space indent and a trailing newline', () => {
    const text = serializeGraph({ adloom: 1, name: 'g', nodes: { a: { type: 'input.text', params: { name: 'a' } } }, edges: [] });
    expect(text).toBe(
      '{\n  "adloom": 1,\n  "name": "g",\n  "nodes": {\n    "a": {\n      "type": "input.text",\n      "params": {\n        "name": "a"\n      }\n    }\n  },\n  "edges": []\n}\n',
    );
  });

  it('keeps a node of an unknown type, its params, and keys it does not know, intact', () => {
    const graph = load(read('unknown-node.adloom.json'));
    expect(graph.nodes.video).toEqual({
      type: 'video.assemble',
      version: 3,
      params: { fps: 30, tracks: [{ clip: 'fit.image', seconds: 1.5 }], codec: null },
      ui: { x: 1280, y: 240, collapsed: true },
      'x-pack': '@adloom/video',
    });
    expect(graph.edges.at(-1)).toEqual({ from: 'fit.image', to: 'video.clips', 'x-label': 'frames' });
    expect((graph as Record<string, unknown>)['x-reviewed-by']).toBe('sam');
    // It is an error to run, but the file still loads and saves whole.
    expect(validateGraph(graph, catalog).map((d) => d.message)).toEqual([
      expect.stringContaining('unknown type "video.assemble"'),
    ]);
  });

  it('writes known keys in a fixed order whatever order the object had', () => {
    const shuffled = {
      ui: { viewport: { x: 0, y: 0, zoom: 1 } },
      'x-extra': true,
      edges: [{ to: 'b.items', from: 'a.text' }],
      nodes: {
        b: { ui: { x: 1, y: 2 }, params: { separator: ',' }, version: 1, type: 'text.join' },
        a: { params: { name: 'a' }, type: 'input.text' },
      },
      description: 'd',
      name: 'n',
      adloom: 1,
    };
    const text = serializeGraph(shuffled as unknown as GraphFile);
    const keys = (object: object) => Object.keys(object);
    const written = JSON.parse(text);
    expect(keys(written)).toEqual(['adloom', 'name', 'description', 'nodes', 'edges', 'ui', 'x-extra']);
    expect(keys(written.nodes.b)).toEqual(['type', 'version', 'params', 'ui']);
    expect(keys(written.edges[0])).toEqual(['from', 'to']);
    // Nodes stay in the order they were written: the author's order, not sorted.
    expect(keys(written.nodes)).toEqual(['b', 'a']);
    // And the same text after going through the loader.
    const loaded = loadGraphObject(shuffled);
    expect(serializeGraph(loaded.graph as GraphFile)).toBe(text);
  });

  it('keeps unknown keys even when they are named like Object.prototype members', () => {
    const graph = {
      adloom: 1,
      name: 'g',
      nodes: { a: { type: 'x.y', constructor: 'kept', toString: 1 } },
      edges: [],
    } as unknown as GraphFile;
    const written = JSON.parse(serializeGraph(graph));
    expect(written.nodes.a).toEqual({ type: 'x.y', constructor: 'kept', toString: 1 });
  });

  it('leaves out keys whose value is undefined, as JSON would', () => {
    const graph: GraphFile = {
      adloom: 1,
      name: 'g',
      description: undefined,
      nodes: { a: { type: 'x.y', params: undefined } },
      edges: [],
    };
    expect(JSON.parse(serializeGraph(graph))).toEqual({ adloom: 1, name: 'g', nodes: { a: { type: 'x.y' } }, edges: [] });
  });
});
