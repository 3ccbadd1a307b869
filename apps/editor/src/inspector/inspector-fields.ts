import { checkParams, type NodeTypeInfo, type ParamHint } from '@adloom/graph';

export type FieldKind =
  | 'text'
  | 'multiline'
  | 'number'
  | 'integer'
  | 'enum'
  | 'boolean'
  | 'color'
  | 'file'
  | 'provider'
  | 'model'
  | 'font'
  | 'preset'
  | 'list'
  | 'json';

export interface FieldOption {
  value: string | number | boolean;
  label: string;
}

/** One row of the inspector: what to draw for a param, and what it holds now. */
export interface InspectorField {
  name: string;
  label: string;
  kind: FieldKind;
  description?: string;
  required: boolean;
  /** The param's value in the graph, `undefined` when unset. */
  value: unknown;
  isSet: boolean;
  /** What the node uses when the param is unset. */
  defaultValue?: unknown;
  placeholder?: string;
  min?: number;
  max?: number;
  step?: number;
  /** Lower/upper bound excluded (`> 0` rather than `≥ 0`). */
  isMinExclusive?: boolean;
  isMaxExclusive?: boolean;
  minLength?: number;
  maxLength?: number;
  options?: FieldOption[];
  /** A list param whose items are picked from `options` (formats for image.fit). */
  isMultiple?: boolean;
  fileFilters?: string[];
  /** Multi-line text where `{{name}}` placeholders are highlighted. */
  hasPlaceholders?: boolean;
  /** A param the node type does not declare (kept, shown so it can be removed). */
  isUnknown?: boolean;
  /** Why the current value is refused, in the words validateGraph uses. */
  error?: string;
  /** The providers this param is for, when its description names them (`comfyui: node id…`); all when absent. */
  providers?: string[];
}

type Schema = Record<string, unknown>;

/** JSON Schema integers from zod come with ±(2^53 − 1) bounds, which say nothing to a person. */
const isMeaningfulBound = (n: unknown): n is number =>
  typeof n === 'number' && Number.isFinite(n) && Math.abs(n) < Number.MAX_SAFE_INTEGER;

function resolveRef(schema: Schema, root: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return schema;
  let target: unknown = root;
  for (const part of ref.slice(2).split('/'))
    target = (target as Schema | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return typeof target === 'object' && target !== null ? { ...(target as Schema), ...omit(schema, '$ref') } : schema;
}

function omit(schema: Schema, key: string): Schema {
  const { [key]: _, ...rest } = schema;
  return rest;
}

/** The schema without `null` branches and `$ref`s, and the literal values a union of constants allows. */
function unwrap(schema: Schema, root: Schema): { schema: Schema; literals?: (string | number | boolean)[] } {
  let current = resolveRef(schema, root);
  for (let depth = 0; depth < 4; depth++) {
    const union = (current.anyOf ?? current.oneOf) as Schema[] | undefined;
    if (!Array.isArray(union)) break;
    const branches = union.map((branch) => resolveRef(branch, root)).filter((branch) => branch.type !== 'null');
    const literals = branches.map((branch) => branch.const);
    if (branches.length > 1 && literals.every((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')) {
      return {
        schema: { ...omit(omit(current, 'anyOf'), 'oneOf'), type: typeof literals[0] },
        literals: literals as (string | number | boolean)[],
      };
    }
    if (branches.length !== 1) break;
    current = { ...omit(omit(current, 'anyOf'), 'oneOf'), ...(branches[0] as Schema) };
  }
  if (current.const !== undefined && ['string', 'number', 'boolean'].includes(typeof current.const)) {
    return { schema: current, literals: [current.const as string | number | boolean] };
  }
  return { schema: current };
}

/** `timeoutSec` → `Timeout sec`, `primary_text` → `Primary text`. */
export function labelForParam(name: string): string {
  const words = name
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .trim()
    .toLowerCase();
  const label = words
    .replace(/\burl\b/g, 'URL')
    .replace(/\bid\b/g, 'ID')
    .replace(/\bcta\b/g, 'CTA');
  return label.charAt(0).toUpperCase() + label.slice(1);
}

function typeOf(schema: Schema): string | undefined {
  const type = schema.type;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.find((t) => t !== 'null') as string | undefined;
  return undefined;
}

function enumOptions(values: readonly unknown[], hint: ParamHint | undefined): FieldOption[] {
  return values
    .filter((v): v is string | number | boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    .map((value) => ({ value, label: hint?.enumLabels?.[String(value)] ?? String(value) }));
}

const isColorPattern = (pattern: unknown) =>
  typeof pattern === 'string' && /#/.test(pattern) && /0-9a-f|a-f0-9|A-F|0-9A-F/i.test(pattern);

function kindOf(schema: Schema, hint: ParamHint | undefined, literals: unknown[] | undefined): FieldKind {
  const type = typeOf(schema);
  const enumValues = (schema.enum as unknown[] | undefined) ?? literals;
  if (hint?.picker === 'provider') return 'provider';
  if (hint?.picker === 'model') return 'model';
  if (hint?.picker === 'font') return enumValues ? 'enum' : 'font';
  if (hint?.picker === 'preset') return 'preset';
  if (hint?.fileFilters) return 'file';
  if (hint?.color || schema.format === 'color' || (type === 'string' && isColorPattern(schema.pattern))) return 'color';
  if (Array.isArray(enumValues) && enumValues.length > 0) return 'enum';
  if (type === 'boolean') return 'boolean';
  if (type === 'integer') return 'integer';
  if (type === 'number') return 'number';
  if (type === 'string') return hint?.multiline ? 'multiline' : 'text';
  if (type === 'array') {
    const items = schema.items as Schema | undefined;
    return items && typeOf(items) === 'string' && !items.enum ? 'list' : 'json';
  }
  return 'json';
}

/**
 * The providers a param's description says it is for. Packs write them as a prefix of the
 * description or of its `;`-separated parts: `openai only`, `comfyui: node id…`,
 * `comfyui and automatic1111: sampling steps`. A description that does not start so is for all.
 */
export function providersOf(description: string | undefined, known: readonly string[]): string[] | undefined {
  if (!description || !known.length) return undefined;
  const names = new Set(known.map((k) => k.toLowerCase()));
  const found = new Set<string>();
  const parts = description.split(';');
  for (const [index, part] of parts.entries()) {
    const match = /^\s*([A-Za-z0-9_-]+(?:\s*(?:,|and|or)\s*[A-Za-z0-9_-]+)*)(?:\s*:|\s+only\b)/.exec(part);
    const listed = match ? (match[1] as string).split(/\s*(?:,|\band\b|\bor\b)\s*/).filter(Boolean) : [];
    const isProviders = listed.length > 0 && listed.every((name) => names.has(name.toLowerCase()));
    if (index === 0 && !isProviders) return undefined;
    if (isProviders) for (const name of listed) found.add(name.toLowerCase());
  }
  return found.size ? known.filter((k) => found.has(k.toLowerCase())) : undefined;
}

/** Whether a field shows for the node's chosen provider: a param that is set always shows, so it can be seen and reset. */
export function isFieldShown(field: InspectorField, provider: unknown): boolean {
  if (!field.providers || field.isSet || typeof provider !== 'string') return true;
  return field.providers.includes(provider);
}

/**
 * The inspector's form for a node: one field per param of its type's JSON Schema, in schema
 * order, shaped by the catalog's hints, each with its value and the problem checkParams finds
 * with it. Params the type does not know come last, so they can be seen and removed.
 */
export function inspectorFields(info: NodeTypeInfo, params: Record<string, unknown> | undefined): InspectorField[] {
  const root = info.params;
  const properties = (root.properties ?? {}) as Record<string, Schema>;
  const required = new Set(Array.isArray(root.required) ? (root.required as string[]) : []);
  const errors = new Map<string, string>();
  for (const problem of checkParams(info, params)) {
    if (problem.param && problem.severity === 'error' && !errors.has(problem.param)) errors.set(problem.param, problem.message);
  }
  const fields: InspectorField[] = [];
  const providerParam = Object.entries(info.paramHints).find(([, hint]) => hint.picker === 'provider')?.[0];
  const providerValues = providerParam
    ? (unwrap(properties[providerParam] ?? {}, root).schema.enum as unknown[] | undefined)
    : undefined;
  const providerLiterals = providerParam ? unwrap(properties[providerParam] ?? {}, root).literals : undefined;
  const known = (providerValues ?? providerLiterals ?? []).filter((v): v is string => typeof v === 'string');
  for (const [name, raw] of Object.entries(properties)) {
    const hint = info.paramHints[name];
    const { schema, literals } = unwrap(raw, root);
    const kind = kindOf(schema, hint, literals);
    const isSet = params !== undefined && Object.hasOwn(params, name) && params[name] !== undefined;
    const field: InspectorField = {
      name,
      label: labelForParam(name),
      kind,
      required: required.has(name),
      value: isSet ? params?.[name] : undefined,
      isSet,
    };
    const description = (raw.description ?? schema.description) as string | undefined;
    if (description) field.description = description;
    const providers = name === providerParam ? undefined : providersOf(description, known);
    if (providers) field.providers = providers;
    const fallback = raw.default ?? schema.default;
    if (fallback !== undefined) field.defaultValue = fallback;
    if (hint?.placeholder) field.placeholder = hint.placeholder;
    else if (fallback !== undefined && typeof fallback !== 'object') field.placeholder = String(fallback);
    if (kind === 'number' || kind === 'integer') {
      const min = isMeaningfulBound(schema.minimum)
        ? schema.minimum
        : isMeaningfulBound(schema.exclusiveMinimum)
          ? schema.exclusiveMinimum
          : undefined;
      const max = isMeaningfulBound(schema.maximum)
        ? schema.maximum
        : isMeaningfulBound(schema.exclusiveMaximum)
          ? schema.exclusiveMaximum
          : undefined;
      if (min !== undefined) field.min = min;
      if (max !== undefined) field.max = max;
      if (!isMeaningfulBound(schema.minimum) && isMeaningfulBound(schema.exclusiveMinimum)) field.isMinExclusive = true;
      if (!isMeaningfulBound(schema.maximum) && isMeaningfulBound(schema.exclusiveMaximum)) field.isMaxExclusive = true;
      field.step = hint?.step ?? (kind === 'integer' ? 1 : typeof schema.multipleOf === 'number' ? schema.multipleOf : undefined);
    }
    if (typeOf(schema) === 'string') {
      if (typeof schema.minLength === 'number') field.minLength = schema.minLength;
      if (typeof schema.maxLength === 'number') field.maxLength = schema.maxLength;
    }
    const enumValues = (schema.enum as unknown[] | undefined) ?? literals;
    if (Array.isArray(enumValues) && enumValues.length) field.options = enumOptions(enumValues, hint);
    else if (kind === 'preset' && hint?.enumLabels) {
      // Preset ids are open (a node may add its own), so the catalog names the built-in ones by label.
      field.options = enumOptions(Object.keys(hint.enumLabels), hint);
    }
    if (kind === 'preset' && typeOf(schema) === 'array') field.isMultiple = true;
    if (hint?.fileFilters) field.fileFilters = hint.fileFilters;
    if (kind === 'multiline') field.hasPlaceholders = true;
    const error = errors.get(name);
    if (error) field.error = error;
    fields.push(field);
  }
  for (const [name, value] of Object.entries(params ?? {})) {
    if (Object.hasOwn(properties, name)) continue;
    fields.push({
      name,
      label: name,
      kind: 'json',
      required: false,
      value,
      isSet: true,
      isUnknown: true,
      error: errors.get(name) ?? `"${name}" is not a param of ${info.type}`,
    });
  }
  return fields;
}
