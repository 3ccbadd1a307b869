import { type Catalog, findNodeType, type GraphFile, parseEndpoint } from '@adloom/graph';
import { costOf, DEFAULT_MODEL } from '@adloom/nodes-text';

/** A node that would send a request to a provider other than the offline one when run. */
export interface OutsideCall {
  nodeId: string;
  type: string;
  provider: string;
  model?: string;
  /** Requests per run of the node (its `count`), before any mapping over a list. */
  requests: number;
  /** US dollars, estimated; absent when the price is unknown. */
  estimatedUsd?: number;
}

// A rough size of one ad-copy or text request, for an estimate shown before a run, never billed.
const ESTIMATE_TOKENS = { input: 1_000, output: 500 };

/** The nodes a run would reach: all of them, or the targets and what they need. */
function reachedNodes(graph: GraphFile, only: readonly string[] | undefined): Set<string> {
  if (!only?.length) return new Set(Object.keys(graph.nodes));
  const reached = new Set<string>();
  const stack = [...only];
  while (stack.length) {
    const id = stack.pop() as string;
    if (reached.has(id)) continue;
    reached.add(id);
    for (const edge of graph.edges) {
      if (parseEndpoint(edge.to)?.nodeId === id) {
        const from = parseEndpoint(edge.from)?.nodeId;
        if (from) stack.push(from);
      }
    }
  }
  return reached;
}

/**
 * Every node a run would reach whose provider is not `offline` (its param, else the type's
 * default): these may spend money, so the assistant asks before running them.
 */
export function findOutsideCalls(graph: GraphFile, catalog: Catalog, only?: readonly string[]): OutsideCall[] {
  const calls: OutsideCall[] = [];
  for (const id of reachedNodes(graph, only)) {
    const node = Object.hasOwn(graph.nodes, id) ? graph.nodes[id] : undefined;
    const info = node ? findNodeType(catalog, node.type) : undefined;
    if (!node || !info) continue;
    const schema = (info.params.properties as Record<string, { default?: unknown }> | undefined)?.provider;
    if (!schema) continue;
    const provider = node.params?.provider ?? schema.default;
    if (typeof provider !== 'string' || provider === 'offline') continue;
    const model = typeof node.params?.model === 'string' ? node.params.model : undefined;
    const count = typeof node.params?.count === 'number' ? node.params.count : 1;
    const isText = info.type.startsWith('llm.');
    const perRequest =
      provider === 'openai' && isText ? costOf(model ?? DEFAULT_MODEL, ESTIMATE_TOKENS.input, ESTIMATE_TOKENS.output) : undefined;
    calls.push({
      nodeId: id,
      type: info.type,
      provider,
      ...(model ? { model } : isText ? { model: DEFAULT_MODEL } : {}),
      requests: count,
      ...(perRequest !== undefined ? { estimatedUsd: perRequest * count } : {}),
    });
  }
  return calls;
}

const PROVIDER_NAMES: Record<string, string> = { openai: 'OpenAI' };

/**
 * The question a person answers: a line a node (`• node "copy" (llm.adCopy): OpenAI gpt-4o-mini,
 * 3 requests each time it runs, about $0.0013;`), then `In all: …`. Each line ends in a separator,
 * so it reads the same where line breaks are lost.
 */
export function describeOutsideCalls(calls: readonly OutsideCall[]): string {
  const lines = calls.map((call, i) => {
    const provider = PROVIDER_NAMES[call.provider] ?? call.provider;
    const requests = `${call.requests} ${call.requests === 1 ? 'request' : 'requests'} each time it runs`;
    const cost = call.estimatedUsd !== undefined ? `about $${call.estimatedUsd.toFixed(4)}` : 'cost not known in advance';
    const end = i === calls.length - 1 ? '.' : ';';
    return `• node "${call.nodeId}" (${call.type}): ${provider}${call.model ? ` ${call.model}` : ''}, ${requests}, ${cost}${end}`;
  });
  const known = calls.filter((c) => c.estimatedUsd !== undefined);
  const total = known.reduce((sum, c) => sum + (c.estimatedUsd ?? 0), 0);
  const totalText =
    known.length === calls.length ? `about $${total.toFixed(4)} if each runs once, estimated` : 'not known in advance';
  return `${lines.join('\n')}\nIn all: ${totalText}; the provider bills what it counts.`;
}

/** Whether a run's outside calls fit a turn's cost budget, and the words of a refusal when they do not. */
export interface BudgetVerdict {
  /** The estimated total when every price is known. */
  totalUsd?: number;
  /** Why the run is refused; absent when it fits the budget (or the budget is 0: ask for everything). */
  refusal?: string;
}

/**
 * A budget of 0 refuses nothing (every outside call is asked about); above 0, a run whose
 * estimate is over it is refused, and so is one with a price that is not known in advance.
 */
export function judgeBudget(calls: readonly OutsideCall[], budgetUsd: number): BudgetVerdict {
  const unknown = calls.filter((call) => call.estimatedUsd === undefined);
  const totalUsd = unknown.length ? undefined : calls.reduce((sum, call) => sum + (call.estimatedUsd ?? 0), 0);
  const verdict: BudgetVerdict = totalUsd !== undefined ? { totalUsd } : {};
  if (!(budgetUsd > 0) || !calls.length) return verdict;
  const budget = `$${budgetUsd.toFixed(4)}`;
  if (unknown.length) {
    const names = unknown.map((call) => `"${call.nodeId}" (${call.provider})`).join(', ');
    return {
      ...verdict,
      refusal: `not run: the cost of ${names} is not known in advance, so it counts as over this turn's budget of ${budget}`,
    };
  }
  if ((totalUsd ?? 0) > budgetUsd) {
    return {
      ...verdict,
      refusal: `not run: the estimated cost, about $${(totalUsd ?? 0).toFixed(4)}, is over this turn's budget of ${budget}`,
    };
  }
  return verdict;
}
