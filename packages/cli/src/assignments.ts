import { readFileSync } from 'node:fs';
import { type Catalog, type Diagnostic, type GraphFile, validateGraph } from '@adloom/graph';
import { UsageError } from './usage-error.ts';

/** `name=value` split at the first `=`. */
function splitAssignment(flag: string, text: string): [string, string] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UsageError(`${flag} "${text}" must look like ${flag === '--set' ? 'node.param=value' : 'name=value'}`);
  return [text.slice(0, eq), text.slice(eq + 1)];
}

/** A `--set` value: JSON when it parses as JSON (numbers, booleans, lists), else the text itself. */
export function parseSetValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Parses `--set node.param=value` flags into targets and values. */
export function parseSets(flags: readonly string[]): { target: string; value: unknown }[] {
  return flags.map((flag) => {
    const [target, value] = splitAssignment('--set', flag);
    return { target, value: parseSetValue(value) };
  });
}

/** A copy of the graph with the `--set` values in place (targets must have been validated). */
export function applySets(graph: GraphFile, sets: readonly { target: string; value: unknown }[]): GraphFile {
  if (sets.length === 0) return graph;
  const nodes = { ...graph.nodes };
  for (const { target, value } of sets) {
    const dot = target.indexOf('.');
    const id = target.slice(0, dot);
    const node = nodes[id];
    if (!node) continue;
    nodes[id] = { ...node, params: { ...node.params, [target.slice(dot + 1)]: value } };
  }
  return { ...graph, nodes };
}

/**
 * Parses `--input name=value` and `name=@file` flags. `@file` reads the file's text, except
 * for image inputs, which take the path itself.
 */
export function parseInputs(flags: readonly string[], graph: GraphFile, catalog: Catalog): Record<string, unknown> {
  const kinds = new Map<string, string>();
  for (const node of Object.values(graph.nodes)) {
    if (catalog.nodes[node.type]?.isGraphInput && typeof node.params?.name === 'string') kinds.set(node.params.name, node.type);
  }
  const inputs: Record<string, unknown> = {};
  for (const flag of flags) {
    const [name, raw] = splitAssignment('--input', flag);
    if (!raw.startsWith('@') || kinds.get(name) === 'input.image') {
      inputs[name] = kinds.get(name) === 'input.image' && raw.startsWith('@') ? raw.slice(1) : raw;
      continue;
    }
    try {
      inputs[name] = readFileSync(raw.slice(1), 'utf8');
    } catch (error) {
      throw new UsageError(
        `--input ${name}: cannot read ${raw.slice(1)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
  }
  return inputs;
}

/**
 * The graph a run gets from its file and the command line: `--set` applied and `--input`
 * parsed, with every problem of the graph, of `--set` targets and of `--only` names.
 */
export function prepareRun(
  fileGraph: GraphFile,
  catalog: Catalog,
  file: string,
  flags: { set: readonly string[]; input: readonly string[]; only: readonly string[] },
): {
  graph: GraphFile;
  inputs: Record<string, unknown>;
  sets: { target: string; value: unknown }[];
  diagnostics: Diagnostic[];
} {
  const sets = parseSets(flags.set);
  const inputs = parseInputs(flags.input, fileGraph, catalog);
  // Unknown --set targets are reported against the file as written, then values applied
  // (a second look at the whole graph only when there are --set flags to check).
  const targetProblems = sets.length
    ? validateGraph(fileGraph, catalog, { file, sets: sets.map((s) => s.target) }).filter((d) => d.path.startsWith('--set'))
    : [];
  const badTargets = new Set(targetProblems.map((d) => d.path.slice('--set '.length)));
  const graph = applySets(
    fileGraph,
    sets.filter((s) => !badTargets.has(s.target)),
  );
  const diagnostics = [...targetProblems, ...validateGraph(graph, catalog, { file, inputs: Object.keys(inputs) })];
  for (const only of flags.only) {
    if (!graph.nodes[only]) {
      diagnostics.push({
        severity: 'error',
        file,
        path: `--only ${only}`,
        message: `--only "${only}": there is no node "${only}"`,
      });
    }
  }
  return { graph, inputs, sets, diagnostics };
}
