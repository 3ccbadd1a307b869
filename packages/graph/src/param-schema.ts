import { z } from 'zod';
import type { NodeTypeInfo } from './catalog.ts';

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
  param?: string;
  message: string;
}

/** Problems with a node's params, each naming the param and the reason. */
export function checkParams(info: NodeTypeInfo, params: Record<string, unknown> | undefined): ParamProblem[] {
  const problems: ParamProblem[] = [];
  const known = new Set(paramNamesOf(info));
  for (const name of Object.keys(params ?? {})) {
    if (!known.has(name)) {
      problems.push({ param: name, message: `has no param "${name}"${suggest(name, [...known])}` });
    }
  }
  const result = paramSchemaOf(info).safeParse(params ?? {});
  if (!result.success) {
    for (const issue of result.error.issues) {
      const param = typeof issue.path[0] === 'string' ? issue.path[0] : undefined;
      if (param && !known.has(param)) continue;
      const missing = issue.code === 'invalid_type' && params?.[param ?? ''] === undefined;
      problems.push({
        param,
        message: param
          ? missing
            ? `param "${param}" is required`
            : `param "${param}": ${describeIssue(issue)}`
          : describeIssue(issue),
      });
    }
  }
  return problems;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_big':
      return `must be at most ${String(issue.maximum)}`;
    case 'too_small':
      return `must be at least ${String(issue.minimum)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_type':
      return `must be ${issue.expected === 'int' ? 'a whole number' : `a ${issue.expected}`}`;
    default:
      return issue.message;
  }
}

/** Edit distance, for "did you mean" hints. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] as number;
      row[j] = Math.min(current + 1, (row[j - 1] as number) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] as number;
}

/** ` (did you mean "count"?)` when a close name exists, else empty. */
export function suggest(name: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = distance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best ? ` (did you mean "${best}"?)` : '';
}
