// The worker side of run-check.ts: parses and validates a run request away from the thread
// that answers HTTP requests.
import { parentPort, workerData } from 'node:worker_threads';
import { type Catalog, hasErrors, loadGraphObject, validateGraph } from '@adloom/graph';
import { startRunBody } from './api.ts';
import type { RunCheckAnswer } from './run-check.ts';

const catalog = (workerData as { catalog: Catalog }).catalog;

function check(text: string): RunCheckAnswer {
  let raw: unknown;
  try {
    raw = JSON.parse(text || 'null');
  } catch {
    return { ok: false, status: 400, error: 'the request body is not valid JSON' };
  }
  const parsed = startRunBody.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    const words = issues.map((i) => `${i.path || 'body'}: ${i.message}`).join('; ');
    return { ok: false, status: 400, error: `invalid request: ${words}`, issues };
  }
  const body = parsed.data;
  const loaded = loadGraphObject(body.graph, body.path);
  const diagnostics = loaded.graph
    ? validateGraph(loaded.graph, catalog, { file: body.path, inputs: Object.keys(body.inputs ?? {}) })
    : loaded.diagnostics;
  if (!loaded.graph || hasErrors(diagnostics)) {
    return { ok: false, status: 400, error: 'the graph is not valid', issues: diagnostics };
  }
  return { ok: true, body: { ...body, graph: loaded.graph } };
}

parentPort?.on('message', ({ id, text }: { id: number; text: string }) => {
  let answer: RunCheckAnswer;
  try {
    answer = check(text);
  } catch (error) {
    // A graph nested deeper than the stack allows, and the like.
    answer = { ok: false, status: 400, error: `the graph cannot be checked: ${(error as Error).message}` };
  }
  parentPort?.postMessage({ id, answer });
});
