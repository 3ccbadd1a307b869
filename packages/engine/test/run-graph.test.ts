import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineNode, GraphInvalidError, NodeRegistry, type RunEvent, runGraph } from '../src/index.ts';
import { graphOf, makeTestKit, makeWorkDir } from './test-kit.ts';

async function invalidRun(run: Promise<unknown>): Promise<GraphInvalidError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GraphInvalidError);
  return error as GraphInvalidError;
}

describe('validation before running', () => {
  it('refuses a graph with an unknown node type, naming the node and the file', async () => {
    const kit = makeTestKit();
    const workDir = await makeWorkDir();
    const graph = graphOf({ a: ['test.counter'], b: ['test.countr'] });
    const error = await invalidRun(runGraph(graph, { registry: kit.registry, workDir, graphPath: 'spring.adloom.json' }));
    expect(error.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        nodeId: 'b',
        path: 'nodes.b.type',
        file: 'spring.adloom.json',
        message: expect.stringContaining('unknown type "test.countr" (did you mean "test.counter"?)'),
      }),
    ]);
    expect(kit.calls).toEqual([]);
    await expect(access(join(workDir, 'runs'))).rejects.toThrow();
  });

  it('refuses an edge into an input the node does not have', async () => {
    const kit = makeTestKit();
    const graph = graphOf({ a: ['test.counter'], b: ['test.counter'] }, ['a.out -> b.inn']);
    const error = await invalidRun(runGraph(graph, { registry: kit.registry, workDir: await makeWorkDir() }));
    expect(error.diagnostics).toEqual([
      expect.objectContaining({
        nodeId: 'b',
        port: 'inn',
        path: 'edges[0].to',
        message: expect.stringContaining('has no input "inn" (did you mean "in"?)'),
      }),
    ]);
    expect(error.message).toContain('has no input "inn"');
  });

  it('refuses an `only` target that is not in the graph', async () => {
    const kit = makeTestKit();
    const graph = graphOf({ a: ['test.counter'] });
    const error = await invalidRun(runGraph(graph, { registry: kit.registry, workDir: await makeWorkDir(), only: ['nope'] }));
    expect(error.diagnostics[0]).toMatchObject({ path: '--only', message: expect.stringContaining('no node "nope"') });
  });

  it('names the param when a rule only the node knows rejects it', async () => {
    // A refinement has no JSON Schema form, so only the node's own zod schema catches it.
    const sized = defineNode({
      type: 'test.sized',
      version: 1,
      title: 'Sized',
      category: 'Test',
      description: 'Takes an even size.',
      outputs: [{ name: 'out', type: 'json' }],
      params: z.object({ size: z.number().refine((n) => n % 2 === 0, 'must be even') }),
      run: ({ params }) => ({ out: params.size }),
    });
    const registry = new NodeRegistry([{ name: 'sized', nodes: [sized] }]);
    const run = runGraph(graphOf({ s: ['test.sized', { size: 3 }] }), { registry, workDir: await makeWorkDir() });
    const error = await invalidRun(run);
    expect(error.diagnostics).toEqual([
      expect.objectContaining({
        nodeId: 's',
        param: 'size',
        path: 'nodes.s.params.size',
        message: expect.stringContaining('must be even'),
      }),
    ]);
  });

  it('refuses an input name the graph does not take', async () => {
    const kit = makeTestKit();
    const graph = graphOf({ a: ['test.counter'] });
    const error = await invalidRun(
      runGraph(graph, { registry: kit.registry, workDir: await makeWorkDir(), inputs: { product: 'shoes' } }),
    );
    expect(error.diagnostics[0]).toMatchObject({ path: '--input product', message: expect.stringContaining('unknown input') });
  });
});

describe('events', () => {
  it('start with run.started, end with run.finished, and follow each node from queued to finished', async () => {
    const kit = makeTestKit();
    const graph = graphOf(
      { a: ['test.value', { value: 1 }], b: ['test.counter'], c: ['test.delay', { ms: 5 }], d: ['test.fail'] },
      ['a.out -> b.in', 'c.out -> d.in'],
    );
    const result = await kit.run(graph, await makeWorkDir());
    const { events } = result;
    expect(events[0]).toEqual({
      type: 'run.started',
      runId: result.runId,
      graph: 'test graph',
      nodes: ['a', 'b', 'c', 'd'],
      outDir: result.outDir,
    });
    expect(events.at(-1)).toMatchObject({ type: 'run.finished', runId: result.runId, status: 'failed', outDir: result.outDir });
    expect(events.filter((e) => e.type === 'run.started' || e.type === 'run.finished')).toHaveLength(2);
    expect(events.every((e) => e.runId === result.runId)).toBe(true);
    const story = (nodeId: string) => events.filter((e) => 'nodeId' in e && e.nodeId === nodeId).map((e) => e.type);
    expect(story('a')).toEqual(['node.queued', 'node.started', 'node.finished']);
    expect(story('b')).toEqual(['node.queued', 'node.started', 'node.finished']);
    expect(story('d')).toEqual(['node.queued', 'node.started', 'node.failed']);
    // A node starts only after what it needs has finished.
    const at = (type: RunEvent['type'], nodeId: string) =>
      events.findIndex((e) => e.type === type && 'nodeId' in e && e.nodeId === nodeId);
    expect(at('node.finished', 'a')).toBeLessThan(at('node.started', 'b'));
    expect(at('node.finished', 'c')).toBeLessThan(at('node.started', 'd'));
  });

  it('carries node progress and log lines', async () => {
    const chatty = defineNode({
      type: 'test.chatty',
      version: 1,
      title: 'Chatty',
      category: 'Test',
      description: 'Reports progress.',
      outputs: [{ name: 'out', type: 'json' }],
      params: z.object({}),
      run({ progress, log }) {
        progress(0.5, 'half way');
        progress(7);
        log('drew 3 frames');
        return { out: 1 };
      },
    });
    const registry = new NodeRegistry([{ name: 'chatty', nodes: [chatty] }]);
    const events: RunEvent[] = [];
    await runGraph(graphOf({ c: ['test.chatty'] }), { registry, workDir: await makeWorkDir(), onEvent: (e) => events.push(e) });
    expect(events.filter((e) => e.type === 'node.progress' || e.type === 'node.log')).toEqual([
      expect.objectContaining({ type: 'node.progress', nodeId: 'c', progress: 0.5, message: 'half way' }),
      expect.objectContaining({ type: 'node.progress', nodeId: 'c', progress: 1 }),
      expect.objectContaining({ type: 'node.log', nodeId: 'c', message: 'drew 3 frames' }),
    ]);
  });
});
