import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GRAPH_FORMAT_VERSION, loadGraphObject, type Migration, MigrationError, migrateGraph, migrations } from '../src/index.ts';

const folder = join(import.meta.dirname, 'fixtures/migrations');
const readJson = (name: string) => JSON.parse(readFileSync(join(folder, name), 'utf8')) as Record<string, unknown>;

describe('migrateGraph', () => {
  it('refuses a file from a newer Adloom, naming both format versions', () => {
    expect(() => migrateGraph({ adloom: GRAPH_FORMAT_VERSION + 1, name: 'g', nodes: {}, edges: [] })).toThrow(MigrationError);
    expect(() => migrateGraph({ adloom: 7 }, {}, 3)).toThrow(
      'this graph was saved by a newer Adloom (format 7); this one reads up to format 3',
    );
  });

  it('says a file without a format version is not an Adloom graph', () => {
    expect(() => migrateGraph({ name: 'g' })).toThrow('this is not an Adloom graph: the "adloom" format version is missing');
  });

  it('says what the format version must be when it is not a whole number', () => {
    expect(() => migrateGraph({ adloom: '1' })).toThrow('the "adloom" format version must be a whole number like 1, not "1"');
    expect(() => migrateGraph({ adloom: 1.5 })).toThrow('not 1.5');
    expect(() => migrateGraph({ adloom: -1 })).toThrow('not -1');
  });

  it('leaves a current file as it is', () => {
    const file = { adloom: GRAPH_FORMAT_VERSION, name: 'g', nodes: {}, edges: [] };
    expect(migrateGraph(file)).toBe(file);
  });

  // A synthetic history: format 0 called edges "links" with `source`/`target`, format 1 lost
  // the `title` and format 2 is the current one.
  const registry: Record<number, Migration> = {
    0: (file) => {
      const { links, ...rest } = file as { links: { source: string; target: string }[] };
      return { ...rest, edges: links.map((link) => ({ from: link.source, to: link.target })) };
    },
    1: (file) => {
      const { title, ...rest } = file;
      return { ...rest, name: title };
    },
  };

  it('runs the chain from the file version up to the target, one step at a time', () => {
    const v0 = { adloom: 0, title: 'Old', nodes: {}, links: [{ source: 'a.text', target: 'b.brief' }] };
    expect(migrateGraph(v0, registry, 2)).toEqual({
      adloom: 2,
      name: 'Old',
      nodes: {},
      edges: [{ from: 'a.text', to: 'b.brief' }],
    });
    expect(migrateGraph({ adloom: 1, title: 'Mid', nodes: {}, edges: [] }, registry, 2)).toEqual({
      adloom: 2,
      name: 'Mid',
      nodes: {},
      edges: [],
    });
    // The step sets the version, so a migration need not remember to.
    expect(migrateGraph(v0, registry, 1).adloom).toBe(1);
  });

  it('does not change the object it was given, even when a migration edits its input', () => {
    const editing: Record<number, Migration> = {
      0: (file) => {
        (file.nodes as Record<string, unknown>).added = { type: 'x.y' };
        return file;
      },
    };
    const v0 = { adloom: 0, name: 'g', nodes: {}, edges: [] };
    expect(migrateGraph(v0, editing, 1).nodes).toEqual({ added: { type: 'x.y' } });
    expect(v0).toEqual({ adloom: 0, name: 'g', nodes: {}, edges: [] });
  });

  it('says which step is missing from the chain', () => {
    expect(() => migrateGraph({ adloom: 0, title: 'Old', links: [] }, { 1: registry[1] as Migration }, 2)).toThrow(
      'this graph uses format 0, which this Adloom cannot read: there is no migration from format 0 to 1',
    );
  });

  it('reports a failed migration as a load diagnostic on the "adloom" field', () => {
    const { graph, diagnostics } = loadGraphObject(
      { adloom: GRAPH_FORMAT_VERSION + 1, name: 'g', nodes: {}, edges: [] },
      'g.adloom.json',
    );
    expect(graph).toBeUndefined();
    expect(diagnostics).toEqual([
      expect.objectContaining({ file: 'g.adloom.json', path: 'adloom', message: expect.stringContaining('newer Adloom') }),
    ]);
  });
});

describe('the migrations registry', () => {
  const versions = Object.keys(migrations).map(Number);

  it('only upgrades formats older than the current one', () => {
    for (const version of versions) {
      expect(Number.isInteger(version) && version >= 0 && version < GRAPH_FORMAT_VERSION, `migration ${version}`).toBe(true);
    }
  });

  it('has a fixture pair for every migration, and no fixture without its migration', () => {
    const fixtures = readdirSync(folder).filter((name) => name.endsWith('.json'));
    const expected = versions.flatMap((n) => [`v${n}.adloom.json`, `v${n}.expected.json`]);
    for (const name of expected) expect(existsSync(join(folder, name)), `missing fixture ${name}`).toBe(true);
    expect(fixtures.sort()).toEqual(expected.sort());
  });

  it('turns each vN fixture into its vN.expected fixture, and the result loads at the current format', () => {
    for (const n of versions) {
      const input = readJson(`v${n}.adloom.json`);
      expect(input.adloom, `v${n}.adloom.json must be written in format ${n}`).toBe(n);
      expect(migrateGraph(input, migrations, n + 1), `migration ${n} -> ${n + 1}`).toEqual(readJson(`v${n}.expected.json`));
      const loaded = loadGraphObject(input, `v${n}.adloom.json`);
      expect(loaded.diagnostics, `v${n}.adloom.json through the whole chain`).toEqual([]);
    }
  });
});
