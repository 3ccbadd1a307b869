import type { RunResult } from '@adloom/engine';
import {
  applyGraphOps,
  type Catalog,
  diffGraphs,
  findNodeType,
  formatDiagnostic,
  formatGraphDiff,
  type GraphFile,
  type GraphOp,
  graphOpSchema,
  graphToText,
  nearestNames,
  nodeTypeToText,
  validateGraph,
} from '@adloom/graph';
import { z } from 'zod';
import type { ToolSpec } from './assistant-model.ts';
import { describeOutsideCalls, findOutsideCalls, judgeBudget, type OutsideCall } from './outside-calls.ts';
import { summarizeRun } from './run-summary.ts';

/** Runs a graph as the host would (all nodes, or only what some need). */
export type GraphRunner = (graph: GraphFile, options: { only?: readonly string[]; signal: AbortSignal }) => Promise<RunResult>;

/** Asks the person whether a run that calls outside providers may go ahead; `question` says which and what it costs. */
export type ConfirmOutsideCalls = (calls: readonly OutsideCall[], question: string) => Promise<boolean>;

/** The state one turn's tools share: the graph as the edits have left it, and what they did. */
export interface TurnState {
  graph: GraphFile;
  readonly catalog: Catalog;
  ops: GraphOp[];
  lastRun?: RunResult;
  /** Set when a tool ends the turn with a question to the person. */
  question?: string;
  /** Runs refused for the turn's cost budget, said again in the turn's message. */
  refusals: string[];
}

export interface ToolOutcome {
  /** What goes back to the model. */
  content: string;
  ok: boolean;
  /** One line for the person watching: `edit_graph: 11 changes proposed`. */
  summary: string;
}

interface Tool {
  spec: ToolSpec;
  run(args: unknown, state: TurnState, signal: AbortSignal): Promise<ToolOutcome>;
}

export interface ToolOptions {
  run?: GraphRunner;
  confirmOutsideCalls?: ConfirmOutsideCalls;
  /** US dollars a run may be estimated to cost; 0 asks about every outside call. */
  costBudgetUsd?: number;
  /** The person approved runs up to the budget in advance: those are not asked about. */
  preapproved?: boolean;
}

function spec(name: string, description: string, schema: z.ZodType): ToolSpec {
  const { $schema: _, ...parameters } = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;
  return { name, description, parameters };
}

const noArgs = z.object({});
const searchArgs = z.object({ query: z.string().describe('words to look for: "video", "landing page", "resize"') });
const describeArgs = z.object({ type: z.string().describe('a node type id, e.g. "image.fit"') });
const editArgs = z.object({ ops: z.array(graphOpSchema).min(1) });
const runArgs = z.object({ only: z.array(z.string()).optional().describe('run only these nodes and what they need') });
const resultsArgs = z.object({ node: z.string().optional().describe('one node id; all nodes when absent') });
const askArgs = z.object({ question: z.string().min(1) });

function problemsText(state: TurnState): { text: string; count: number } {
  const errors = validateGraph(state.graph, state.catalog).filter((d) => d.severity === 'error');
  if (!errors.length) return { text: 'the graph is valid', count: 0 };
  return { text: `the graph has ${errors.length} problem(s):\n${errors.map(formatDiagnostic).join('\n')}`, count: errors.length };
}

const searchCatalog: Tool = {
  spec: spec('search_catalog', 'Find node types in the live catalog by words; answers one line a type.', searchArgs),
  async run(args, state) {
    const { query } = searchArgs.parse(args);
    const words = query
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean);
    const scored = Object.values(state.catalog.nodes)
      .map((info) => {
        const haystack = `${info.type} ${info.title} ${info.category} ${info.description}`.toLowerCase();
        return { info, score: words.filter((w) => haystack.includes(w)).length };
      })
      .filter((entry) => entry.score > 0 || !words.length)
      .sort((a, b) => b.score - a.score)
      .slice(0, 10);
    const lines = scored.map(({ info }) => `${info.type} — ${info.title}: ${info.description.split(/(?<=\.)\s/)[0]}`);
    return {
      ok: true,
      content: lines.length
        ? lines.join('\n')
        : `no node type matches "${query}"; the types are: ${Object.keys(state.catalog.nodes).join(', ')}`,
      summary: `search_catalog "${query}": ${lines.length} found`,
    };
  },
};

const describeNodeType: Tool = {
  spec: spec(
    'describe_node_type',
    'Ports and params of one node type: kinds, ranges, defaults; required params end in *.',
    describeArgs,
  ),
  async run(args, state) {
    const { type } = describeArgs.parse(args);
    const info = findNodeType(state.catalog, type);
    if (!info) {
      const near = nearestNames(type, Object.keys(state.catalog.nodes));
      return {
        ok: false,
        content: `unknown node type "${type}"; nearest: ${near.join(', ')}`,
        summary: `describe_node_type ${type}: unknown`,
      };
    }
    return { ok: true, content: nodeTypeToText(info, { descriptions: true }), summary: `describe_node_type ${type}` };
  },
};

const readGraph: Tool = {
  spec: spec(
    'read_graph',
    'The graph as it stands now, one line a node: inputs and what feeds them, then the params set.',
    noArgs,
  ),
  async run(_args, state) {
    return { ok: true, content: graphToText(state.graph, state.catalog), summary: 'read_graph' };
  },
};

const editGraph: Tool = {
  spec: spec(
    'edit_graph',
    'Change the graph with a list of small ops, applied all or nothing. An op naming an unknown type, node, port or param is refused with the nearest names and nothing changes. The graph is validated after each edit.',
    editArgs,
  ),
  async run(args, state) {
    const ops = (args as { ops?: unknown }).ops;
    if (!Array.isArray(ops) || !ops.length) {
      return { ok: false, content: 'edit_graph needs "ops": a non-empty list of graph ops', summary: 'edit_graph: no ops' };
    }
    const result = applyGraphOps(state.graph, ops, state.catalog);
    if (!result.ok) {
      const { index, message } = result.refusal;
      return {
        ok: false,
        content: `refused op ${index} (${result.refusal.op}): ${message}. Nothing of this edit was applied; fix that op and send the list again.`,
        summary: `edit_graph: refused op ${index}: ${message}`,
      };
    }
    // Counted as the proposal's diff lists them, so the panel and the command line say one number:
    // a setInfo is a name and a description, a removed node takes its wires with it.
    const changes = formatGraphDiff(diffGraphs(state.graph, result.graph)).length;
    state.graph = result.graph;
    state.ops.push(...result.ops);
    const added = result.ops.filter((op) => op.op === 'addNode').map((op) => op.id);
    const problems = problemsText(state);
    return {
      ok: true,
      content: `applied ${result.ops.length} op(s)${added.length ? `; new nodes: ${added.join(', ')}` : ''}. Now ${problems.text}`,
      summary: `edit_graph: ${changes === 0 ? 'no change' : `${changes} change${changes === 1 ? '' : 's'} proposed`}${problems.count ? `, ${problems.count} problem(s) left` : ''}`,
    };
  },
};

const validate: Tool = {
  spec: spec('validate_graph', 'Every problem in the graph, each naming its node, port or param.', noArgs),
  async run(_args, state) {
    const problems = problemsText(state);
    return { ok: problems.count === 0, content: problems.text, summary: `validate_graph: ${problems.count} problem(s)` };
  },
};

function runGraphTool(options: ToolOptions): Tool {
  return {
    spec: spec(
      'run_graph',
      'Run the graph, or only some nodes and what they need. A run that would call a provider other than offline asks the person first.',
      runArgs,
    ),
    async run(args, state, signal) {
      const { only } = runArgs.parse(args);
      if (!options.run) return { ok: false, content: 'running is not available here', summary: 'run_graph: not available' };
      const problems = problemsText(state);
      if (problems.count) return { ok: false, content: `not run: ${problems.text}`, summary: 'run_graph: graph invalid' };
      const unknown = (only ?? []).filter((id) => !Object.hasOwn(state.graph.nodes, id));
      if (unknown.length) {
        const near = nearestNames(unknown[0] as string, Object.keys(state.graph.nodes));
        return {
          ok: false,
          content: `not run: there is no node "${unknown[0]}"; nearest: ${near.join(', ')}`,
          summary: 'run_graph: unknown node',
        };
      }
      const calls = findOutsideCalls(state.graph, state.catalog, only);
      const budget = options.costBudgetUsd ?? 0;
      const { refusal } = judgeBudget(calls, budget);
      if (refusal) {
        state.refusals.push(refusal);
        return { ok: false, content: `${refusal}:\n${describeOutsideCalls(calls)}`, summary: 'run_graph: over budget' };
      }
      const approvedInAdvance = budget > 0 && options.preapproved === true;
      if (calls.length && !approvedInAdvance) {
        const question = `This run would call outside providers, which may cost money:\n${describeOutsideCalls(calls)}\nRun it?`;
        const approved = options.confirmOutsideCalls ? await options.confirmOutsideCalls(calls, question) : false;
        if (!approved) {
          if (!options.confirmOutsideCalls) state.question = question;
          return {
            ok: false,
            content: 'not run: the person did not approve the outside calls',
            summary: 'run_graph: not approved',
          };
        }
      }
      const result = await options.run(state.graph, { ...(only ? { only } : {}), signal });
      state.lastRun = result;
      return {
        ok: result.status === 'succeeded',
        content: summarizeRun(result),
        summary: `run_graph: ${result.status}, ${result.outDir}`,
      };
    },
  };
}

const readResults: Tool = {
  spec: spec(
    'read_results',
    "The last run's outputs (texts, copies, image and video facts, preflight findings with rule, number and limit) and failures with their reasons.",
    resultsArgs,
  ),
  async run(args, state) {
    const { node } = resultsArgs.parse(args);
    if (!state.lastRun) return { ok: false, content: 'there is no run to read yet', summary: 'read_results: no run' };
    return {
      ok: true,
      content: summarizeRun(state.lastRun, node ? [node] : undefined),
      summary: `read_results${node ? ` ${node}` : ''}`,
    };
  },
};

const askUser: Tool = {
  spec: spec(
    'ask_user',
    'Ask the person a question and end the turn; use it when the request lacks something needed, such as the product.',
    askArgs,
  ),
  async run(args, state) {
    const { question } = askArgs.parse(args);
    state.question = question;
    return { ok: true, content: 'asked; the turn ends here', summary: `ask_user: ${question}` };
  },
};

/** The assistant's tools, made for the live catalog the turn state carries. */
export function assistantTools(options: ToolOptions = {}): Map<string, Tool> {
  const tools = [searchCatalog, describeNodeType, readGraph, editGraph, validate, runGraphTool(options), readResults, askUser];
  return new Map(tools.map((tool) => [tool.spec.name, tool]));
}

/**
 * Runs one tool call from a model: arguments that are not JSON, an unknown tool or arguments
 * of the wrong shape come back as a failed outcome the model can read and correct.
 */
export async function callTool(
  tools: Map<string, Tool>,
  name: string,
  rawArguments: string,
  state: TurnState,
  signal: AbortSignal,
): Promise<ToolOutcome> {
  const tool = tools.get(name);
  if (!tool) {
    const names = [...tools.keys()];
    return {
      ok: false,
      content: `there is no tool "${name}"; nearest: ${nearestNames(name, names).join(', ')}; the tools are: ${names.join(', ')}`,
      summary: `${name}: no such tool`,
    };
  }
  let args: unknown;
  try {
    args = rawArguments.trim() ? JSON.parse(rawArguments) : {};
  } catch (error) {
    return {
      ok: false,
      content: `the arguments of ${name} are not JSON (${(error as Error).message}); send them again as a JSON object`,
      summary: `${name}: arguments not JSON`,
    };
  }
  try {
    return await tool.run(args, state, signal);
  } catch (error) {
    if (error instanceof z.ZodError) {
      const issue = error.issues[0];
      const where = issue?.path.length ? ` at "${issue.path.join('.')}"` : '';
      return {
        ok: false,
        content: `the arguments of ${name} are wrong${where}: ${issue?.message}`,
        summary: `${name}: bad arguments`,
      };
    }
    throw error;
  }
}
