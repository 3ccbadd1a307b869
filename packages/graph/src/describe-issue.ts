import type { z } from 'zod';

// zod's own messages ("Invalid input: expected string, received undefined") are written for
// programmers. Graph files are edited by designers, so issues are reworded here, once, for
// both the file's schema and every node's params.

const KINDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  bigint: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  record: 'an object',
  array: 'a list',
  null: 'null',
};

/** How a JSON value reads in a message: `"tiktok"`, `2.5`, `a list`, `an object`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  return String(value);
}

/** `at most 10`, `at least 2 characters long`, `less than 5`. */
function bound(word: 'most' | 'least', inclusive: boolean | undefined, limit: number | bigint, origin: string | undefined) {
  const comparison = inclusive === false ? (word === 'most' ? 'less than' : 'more than') : `at ${word}`;
  const s = Number(limit) === 1 ? '' : 's';
  if (origin === 'string') return `must be ${comparison} ${String(limit)} character${s} long`;
  if (origin === 'array' || origin === 'set') return `must have ${comparison} ${String(limit)} item${s}`;
  return `must be ${comparison} ${String(limit)}`;
}

/** What an issue asks for: `must be a string`, `must be one of "a", "b"`; `undefined` when zod's words must do. */
function requirement(issue: z.core.$ZodIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${KINDS[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${describeValue(issue.values[0])}`
        : `must be one of ${issue.values.map(describeValue).join(', ')}`;
    case 'invalid_union': {
      const kinds = issue.errors
        .flat()
        .flatMap((sub) => (sub.code === 'invalid_type' ? [KINDS[sub.expected] ?? sub.expected] : []));
      return kinds.length === issue.errors.length ? `must be ${kinds.join(' or ')}` : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The reason half of a message, to follow its subject: `must be at most 10, not 11`,
 * `is missing; it must be a string`. `value` is what the file holds at the issue's path.
 */
export function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  const wanted = requirement(issue);
  if (wanted) return value === undefined ? `is missing; it ${wanted}` : `${wanted}, not ${describeValue(value)}`;
  switch (issue.code) {
    case 'too_big':
    case 'too_small': {
      if (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1) return 'must not be empty';
      const text =
        issue.code === 'too_big'
          ? bound('most', issue.inclusive, issue.maximum, issue.origin)
          : bound('least', issue.inclusive, issue.minimum, issue.origin);
      return issue.origin === 'number' ? `${text}, not ${describeValue(value)}` : text;
    }
    case 'invalid_format':
      return issue.format === 'regex' && issue.pattern
        ? `does not match the pattern ${issue.pattern}`
        : `must be a valid ${issue.format}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'invalid_union':
      return value === undefined ? 'is missing' : `is not an accepted value (${describeValue(value)})`;
    default:
      return issue.message;
  }
}

/** The value at `path` inside `root`, reading own properties only. */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
