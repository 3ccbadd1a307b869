import { type Catalog, hasErrors, loadGraphObject, validateGraph } from '@adloom/graph';
import { requestIssues, startRunBody } from '../requests.ts';
import type { RunCheckAnswer } from './run-check.ts';

/**
 * [host.R1] A run request, checked as both hosts check it: the body's schema (400 with the
 * fields), then the graph loaded and validated against the catalog (400 with the diagnostics,
 * each naming its node, port or param). `request` is the body as sent: JSON text, or a value.
 */
export function checkRunRequest(request: unknown, catalog: Catalog): RunCheckAnswer {
  let raw = request;
  if (typeof request === 'string') {
    try {
      raw = JSON.parse(request || 'null');
    } catch {
      return { ok: false, status: 400, error: 'the request body is not valid JSON' };
    }
  }
  try {
    const parsed = startRunBody.safeParse(raw);
    if (!parsed.success) {
      const { message, issues } = requestIssues(parsed.error);
      return { ok: false, status: 400, error: message, issues };
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
  } catch (error) {
    // A graph nested deeper than the stack allows, and the like.
    return { ok: false, status: 400, error: `the graph cannot be checked: ${(error as Error).message}` };
  }
}
