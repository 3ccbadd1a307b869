import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Diagnostic, formatDiagnostic, validateGraph } from '../src/index.ts';
import { catalog } from './catalog.ts';
import { cases, type Expected } from './fixtures/invalid/expected.ts';

const folder = join(import.meta.dirname, 'fixtures/invalid');
const files = readdirSync(folder)
  .filter((name) => name.endsWith('.adloom.json'))
  .sort();

/** Whether a diagnostic says all the expected words and points where it should. */
function matches(d: Diagnostic, want: Expected): boolean {
  if (!want.words.every((word) => d.message.includes(word))) return false;
  if (d.severity !== (want.severity ?? 'error')) return false;
  const places = ['nodeId', 'port', 'param', 'path', 'line', 'column'] as const;
  return places.every((key) => want[key] === undefined || d[key] === want[key]);
}

describe('the corpus of broken graph files', () => {
  it('has at least 40 files, each with a case in expected.ts and no case without a file', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
    expect(files.map((name) => name.replace(/\.adloom\.json$/, '')).sort()).toEqual(Object.keys(cases).sort());
  });

  it('holds files that are not valid JSON', () => {
    const unparsable = files.filter((name) => {
      try {
        JSON.parse(readFileSync(join(folder, name), 'utf8'));
        return false;
      } catch {
        return true;
      }
    });
    expect(unparsable.length).toBeGreaterThanOrEqual(6);
  });

  it.each(files)('%s: the messages say what is wrong, where, and in which file', (name) => {
    const file = join(folder, name);
    const spec = cases[name.replace(/\.adloom\.json$/, '')];
    if (!spec) throw new Error(`no case for ${name} in expected.ts`);
    const diagnostics = validateGraph(readFileSync(file, 'utf8'), catalog, { file, inputs: spec.inputs, sets: spec.sets });
    const report = diagnostics.map(formatDiagnostic).join('\n');
    for (const want of spec.expect) {
      expect(
        diagnostics.some((d) => matches(d, want)),
        `expected a diagnostic with ${JSON.stringify(want)}; got:\n${report}`,
      ).toBe(true);
    }
    if (!spec.others) expect(diagnostics, report).toHaveLength(spec.expect.length);
    for (const d of diagnostics) {
      expect(d.file).toBe(file);
      expect(formatDiagnostic(d).startsWith(`${file}:`), formatDiagnostic(d)).toBe(true);
    }
  });
});

describe('validateGraph', () => {
  it('reports every problem of a file at once, not only the first', () => {
    const file = join(folder, 'many-problems.adloom.json');
    const diagnostics = validateGraph(readFileSync(file, 'utf8'), catalog, {
      file,
      inputs: ['brand'],
      sets: ['copy.tone', 'hero.seeed'],
    });
    const messages = diagnostics.map((d) => d.message);
    // Params, types, edges, ports, single inputs, cycles and the command line, all in one report.
    expect(messages).toEqual([
      expect.stringContaining('param "platform"'),
      expect.stringContaining('param "count"'),
      expect.stringContaining('unknown type "image.fitt"'),
      expect.stringContaining('no output "txt"'),
      expect.stringContaining('"copy.copies" (copy[])'),
      expect.stringContaining('"hero.prompt" takes one value'),
      expect.stringContaining('node "loop" feeds its own input'),
      expect.stringContaining('unknown input "brand"'),
      expect.stringContaining('no param "seeed" (did you mean "seed"?)'),
    ]);
    expect(diagnostics.every((d) => d.severity === 'error' && d.file === file)).toBe(true);
  });

  it('reports every schema problem at once, each with its path', () => {
    const text = JSON.stringify({
      adloom: 1,
      nodes: { a: { params: [] } },
      edges: [{ from: 'a.x' }],
      ui: { viewport: { x: 0, y: 0, zoom: -1 } },
    });
    const paths = validateGraph(text, catalog, { file: 'g.adloom.json' }).map((d) => d.path);
    expect(paths.sort()).toEqual(['edges[0].to', 'name', 'nodes.a.params', 'nodes.a.type', 'ui.viewport.zoom']);
  });

  it('finds nothing wrong in a graph that is right, and accepts set inputs and params', () => {
    const file = join(import.meta.dirname, 'fixtures/valid/spring-launch.adloom.json');
    expect(
      validateGraph(readFileSync(file, 'utf8'), catalog, { file, inputs: ['product'], sets: ['copy.count', 'hero.seed'] }),
    ).toEqual([]);
  });

  it('warns, without failing, when a node was saved by a newer version of its type', () => {
    const graph = { adloom: 1 as const, name: 'g', nodes: { fit: { type: 'image.fit', version: 4 } }, edges: [] };
    const [warning, ...rest] = validateGraph(graph, catalog, { file: 'g.adloom.json' });
    expect(warning).toMatchObject({ severity: 'warning', nodeId: 'fit', path: 'nodes.fit.version' });
    expect(warning?.message).toContain('version 4, newer than the installed version 1');
    expect(rest.map((d) => d.message)).toEqual([expect.stringContaining('needs its input "image"')]);
  });

  it('takes a loaded graph as well as file text', () => {
    const graph = { adloom: 1 as const, name: 'g', nodes: { copy: { type: 'llm.adCopy', params: { count: 20 } } }, edges: [] };
    const messages = validateGraph(graph, catalog).map((d) => d.message);
    expect(messages).toEqual([
      expect.stringContaining('param "count" must be at most 10, not 20'),
      expect.stringContaining('needs its input "brief"'),
    ]);
  });

  it('reads a file saved with a byte order mark', () => {
    const text = readFileSync(join(import.meta.dirname, 'fixtures/valid/minimal.adloom.json'), 'utf8');
    expect(validateGraph(`\uFEFF${text}`, catalog)).toEqual([]);
  });

  it('does not mistake Object.prototype names for node types or node ids', () => {
    const graph = {
      adloom: 1 as const,
      name: 'g',
      nodes: { a: { type: 'toString' }, b: { type: 'constructor' } },
      edges: [{ from: 'a.x', to: 'b.y' }],
    };
    const messages = validateGraph(graph, catalog).map((d) => d.message);
    expect(messages).toEqual([
      expect.stringContaining('unknown type "toString"'),
      expect.stringContaining('unknown type "constructor"'),
    ]);
  });
});
