import { z } from 'zod';
import type { NodeTypeInfo } from './catalog.ts';
import { describeIssue, valueAt } from './describe-issue.ts';
import { editDistance } from './nearest-names.ts';

const compiled = new WeakMap<NodeTypeInfo, z.ZodType>();

/** The zod schema of a node type's params, rebuilt from the catalog's JSON Schema once per type. */
export function paramSchemaOf(info: NodeTypeInfo): z.ZodType {
  let schema = compiled.get(info);
  if (!schema) {
    schema = z.fromJSONSchema(info.params as Parameters<typeof z.fromJSONSchema>[0]);
    compiled.set(info, schema);
  }
  return schema;
}

/** The names of the params a node type declares. */
export function paramNamesOf(info: NodeTypeInfo): string[] {
  const properties = info.params.properties;
  return properties && typeof properties === 'object' ? Object.keys(properties) : [];
}

export interface ParamProblem {
  /** The top-level param at fault; absent when the params object as a whole is. */
  param?: string;
  /** Reads after the node's name: `param "count" must be at most 10, not 11`. */
  message: string;
  /** A broken node type schema is the node pack's fault: the graph may still run. */
  severity: 'error' | 'warning';
}

/** Problems with a node's params, each naming the param and the reason. */
export function checkParams(info: NodeTypeInfo, params: Record<string, unknown> | undefined): ParamProblem[] {
  const problems: ParamProblem[] = [];
  const names = paramNamesOf(info);
  const known = new Set(names);
  for (const name of Object.keys(params ?? {})) {
    if (!known.has(name)) {
      problems.push({
        param: name,
        severity: 'error',
        message: `param "${name}" is unknown${suggest(name, names)}; its params are: ${names.join(', ') || 'none'}`,
      });
    }
  }
  let schema: z.ZodType;
  try {
    schema = paramSchemaOf(info);
  } catch (error) {
    // The catalog came from a node pack; one unreadable schema must not stop the whole check.
    const reason = error instanceof Error ? error.message : String(error);
    return [
      ...problems,
      {
        severity: 'warning',
        message: `its params cannot be checked: the ${info.type} node type's schema is unreadable (${reason})`,
      },
    ];
  }
  const result = schema.safeParse(params ?? {});
  if (result.success) return problems;
  for (const issue of result.error.issues) {
    // Unknown params are reported above, with a did-you-mean; `additionalProperties: false` repeats them.
    if (issue.code === 'unrecognized_keys') continue;
    const param = typeof issue.path[0] === 'string' ? issue.path[0] : undefined;
    if (param && !known.has(param)) continue;
    const subject = param ? `param "${issue.path.map(String).join('.')}"` : 'its params';
    problems.push({ param, severity: 'error', message: `${subject} ${describeIssue(issue, valueAt(params ?? {}, issue.path))}` });
  }
  return problems;
}

/** ` (did you mean "count"?)` when a close name exists, else empty. */
export function suggest(name: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = editDistance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best ? ` (did you mean "${best}"?)` : '';
}
