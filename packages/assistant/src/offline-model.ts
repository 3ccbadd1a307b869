import { findNodeType, type GraphFile } from '@adloom/graph';
import type { AssistantMessage, AssistantModel, ModelStep, ModelStepRequest } from './assistant-model.ts';
import { type BriefSlots, describeSlots, readBriefSlots } from './brief-slots.ts';
import { planEdits } from './edit-recipe.ts';
import { type PipelinePlan, placeBelow, planPipeline } from './pipeline-recipe.ts';

export const OFFLINE_CAPABILITIES = `I can:
- build a pipeline from a brief: product, audience, platforms (TikTok, Reels, Stories, YouTube Shorts, Meta feed, Google display), the number of variants, video length, tone, a landing page per variant, a link; on an open graph, below its nodes;
- change an open graph: counts, video length, tone, audience, product, product facts, the brief ("set the brief to: …"), link, UTM campaign, platforms, provider (offline or openai) and model, add or remove video, landing pages and a preflight check;
- run it ("… and run it"), say what a node does ("what does image.fit do") and why the last run failed.`;

const HEADER = 'Offline assistant (recipes and patterns, not a language model).';

interface Notes {
  understood: string[];
  assumed: string[];
  done: string[];
  skipped: string[];
  notUnderstood: string[];
}

const quoteList = (items: readonly string[]) => items.map((item) => `"${item}"`).join(', ');

function answer(notes: Notes, extra: string[] = []): string {
  const lines = [HEADER];
  if (notes.understood.length) lines.push(`Understood: ${notes.understood.join(', ')}.`);
  if (notes.assumed.length) lines.push(`Assumed: ${notes.assumed.join('; ')}.`);
  if (notes.notUnderstood.length) lines.push(`Did not understand, so left out: ${quoteList(notes.notUnderstood)}.`);
  if (notes.done.length) lines.push(`Did: ${notes.done.join('; ')}.`);
  if (notes.skipped.length) lines.push(`Could not do: ${notes.skipped.join('; ')}.`);
  return [...lines, ...extra].join('\n');
}

function isPipelineRequest(slots: BriefSlots): boolean {
  return (
    slots.platforms.length > 0 ||
    slots.count !== undefined ||
    slots.product !== undefined ||
    slots.landingPages === true ||
    slots.video === true ||
    slots.brief !== undefined
  );
}

/**
 * A brief that names a whole pipeline: what it is for, where it runs and what comes out. On a
 * graph with nodes it is built beside them, as n8n's and Rivet's users add a flow to a canvas,
 * rather than read as changes to the nodes there.
 */
function isWholeBrief(slots: BriefSlots): boolean {
  const hasOutputs =
    slots.count !== undefined || slots.durationSec !== undefined || slots.video === true || slots.landingPages === true;
  return slots.product !== undefined && slots.platforms.length > 0 && hasOutputs && !slots.addsPlatforms;
}

/** The slots without a guessed product, its words counted as not understood. */
function guessDropped(slots: BriefSlots, request: string): BriefSlots {
  const { product, productGuessed: _, ...rest } = slots;
  const at = product ? request.toLowerCase().indexOf(product.toLowerCase()) : -1;
  const words = at >= 0 ? request.slice(Math.max(0, request.lastIndexOf(' for ', at)), at + (product ?? '').length).trim() : '';
  return { ...rest, notUnderstood: words ? [...slots.notUnderstood, words] : slots.notUnderstood };
}

/** What a question names: a node of the graph (by id or its type's title), a type id, or a type's title. */
function nodeAsked(name: string, request: ModelStepRequest): { type: string; nodeId?: string } | undefined {
  const { graph, catalog } = request.context;
  const lower = name.toLowerCase();
  const ids = Object.keys(graph.nodes);
  const id = Object.hasOwn(graph.nodes, name) ? name : ids.find((each) => each.toLowerCase() === lower);
  if (id) return { type: graph.nodes[id]?.type as string, nodeId: id };
  if (findNodeType(catalog, name)) return { type: name };
  const type = Object.values(catalog.nodes).find((info) => info.title.toLowerCase() === lower)?.type;
  if (!type) return undefined;
  // "The Ad copy node" on a graph with one such node means that node.
  const ofType = ids.filter((each) => graph.nodes[each]?.type === type);
  return ofType.length === 1 ? { type, nodeId: ofType[0] } : { type };
}

/**
 * The assistant that needs no model, no key and no network: it reads a request by patterns
 * into slots (product, audience, platforms, counts, durations, tone, pages, video), builds or
 * edits the graph from recipes through the same tools a model calls, and says what it
 * understood and what it did not. The default on a fresh machine.
 */
export function offlineModel(): AssistantModel {
  const pending = new Map<string, Notes>();
  // The line an answer about a node of the graph starts with, by tool call.
  const intros = new Map<string, string>();
  let calls = 0;
  const call = (name: string, args: unknown, text = ''): ModelStep => ({
    text,
    toolCalls: [{ id: `offline-${++calls}`, name, arguments: JSON.stringify(args) }],
  });

  function buildPipeline(plan: PipelinePlan, notes: Notes, where = ''): ModelStep {
    notes.assumed = plan.assumed;
    const nodes = plan.ops.flatMap((op) => (op.op === 'addNode' ? [op.id] : []));
    notes.done.push(`built a pipeline of ${nodes.length} nodes${where}: ${nodes.join(', ')}`);
    const step = call('edit_graph', { ops: plan.ops });
    pending.set(step.toolCalls[0]?.id as string, notes);
    return step;
  }

  function firstMove(request: string, read: BriefSlots, context: ModelStepRequest): ModelStep {
    const graph: GraphFile = context.context.graph;
    // On an open graph a bare "for X" is rarely the product ("use gpt-4.1-mini for the copy"):
    // an edit changes the product only when told so ("the product is …").
    const isEmpty = Object.keys(graph.nodes).length === 0;
    const slots = !isEmpty && read.productGuessed ? guessDropped(read, request) : read;
    const notes: Notes = {
      understood: describeSlots(slots),
      assumed: [],
      done: [],
      skipped: [],
      notUnderstood: slots.notUnderstood,
    };
    if (slots.question?.about === 'lastRun') return call('read_results', {});
    if (slots.question?.about === 'node') {
      // "What does this node do?" from the editor carries the selection after the question.
      const selected = /^(?:this|that|it)(?: one)?$/i.test(slots.question.name)
        ? /\(Selected in the editor: ([A-Za-z][\w-]*)/.exec(request)?.[1]
        : undefined;
      const asked = nodeAsked(selected ?? slots.question.name, context);
      if (!asked) return call('search_catalog', { query: slots.question.name });
      const step = call('describe_node_type', { type: asked.type });
      if (asked.nodeId)
        intros.set(step.toolCalls[0]?.id as string, `"${asked.nodeId}" is a node of type ${asked.type} in this graph.`);
      return step;
    }
    if (!isEmpty && isWholeBrief(read)) {
      const plan = planPipeline(read, placeBelow(graph));
      plan.assumed.unshift(
        'a new pipeline, as the request names a whole one (to change the nodes already there instead, say only what to change: "make it 3 variants")',
      );
      const whole = { ...notes, understood: describeSlots(read), notUnderstood: read.notUnderstood };
      return buildPipeline(plan, whole, ' below the nodes already there');
    }
    if (isEmpty) {
      if (!isPipelineRequest(slots)) {
        return { text: `${HEADER}\nI did not understand "${request.trim()}".\n${OFFLINE_CAPABILITIES}`, toolCalls: [] };
      }
      if (!slots.product) {
        return call('ask_user', {
          question: `Which product is this for, and who is it for? (${notes.understood.join(', ') || 'nothing else'} understood so far)`,
        });
      }
      return buildPipeline(planPipeline(slots), notes);
    }
    const plan = planEdits(graph, slots, context.context.catalog);
    notes.done = plan.done;
    notes.skipped = plan.skipped;
    if (!plan.ops.length) {
      if (slots.run) {
        const step = call('run_graph', {});
        pending.set(step.toolCalls[0]?.id as string, notes);
        return step;
      }
      // The list of what it can do helps only when nothing was understood.
      const extra = notes.understood.length
        ? ['Nothing in the graph needed changing for that.']
        : [`I did not understand "${request.trim()}".`, OFFLINE_CAPABILITIES];
      return { text: answer(notes, extra), toolCalls: [] };
    }
    const step = call('edit_graph', { ops: plan.ops });
    pending.set(step.toolCalls[0]?.id as string, notes);
    return step;
  }

  return {
    name: 'the offline assistant',
    async step(request): Promise<ModelStep> {
      const { messages } = request;
      const userAt = messages.findLastIndex((m) => m.role === 'user');
      const text = (messages[userAt] as { content: string } | undefined)?.content ?? '';
      const slots = readBriefSlots(text);
      const results = messages
        .slice(userAt + 1)
        .filter((m): m is Extract<AssistantMessage, { role: 'tool' }> => m.role === 'tool');
      const last = results.at(-1);
      if (!last) return firstMove(text, slots, request);
      const notes = pending.get(last.toolCallId) ?? {
        understood: describeSlots(slots),
        assumed: [],
        done: [],
        skipped: [],
        notUnderstood: slots.notUnderstood,
      };
      switch (last.name) {
        case 'edit_graph': {
          if (last.content.startsWith('refused'))
            return { text: answer({ ...notes, done: [] }, [`The edit was refused: ${last.content}`]), toolCalls: [] };
          if (slots.run) {
            const step = call('run_graph', {});
            pending.set(step.toolCalls[0]?.id as string, notes);
            return step;
          }
          return { text: answer(notes, [`Check: ${last.content.replace(/^applied [^.]*\. Now /, '')}.`]), toolCalls: [] };
        }
        case 'run_graph':
          return { text: answer(notes, [`Run: ${last.content}`]), toolCalls: [] };
        case 'describe_node_type':
        case 'search_catalog': {
          const intro = intros.get(last.toolCallId);
          return { text: [HEADER, ...(intro ? [intro] : []), last.content].join('\n'), toolCalls: [] };
        }
        case 'read_results': {
          const lines = last.content.split('\n');
          const failures = lines.filter((line) => /: (?:failed|cancelled)/.test(line));
          // A preflight that reports instead of failing leaves the run succeeded: its failures are the answer.
          const flagged = lines.filter((line) => /^\s+fail /.test(line));
          const summary = last.content.startsWith('there is no run')
            ? 'There is no run in this conversation to explain yet: run the graph first.'
            : failures.length
              ? `The last run failed here:\n${failures.join('\n')}`
              : flagged.length
                ? `The last run succeeded, but its preflight found what a platform would refuse:\n${flagged.map((line) => line.trim()).join('\n')}`
                : `The last run had no failures:\n${last.content}`;
          return { text: `${HEADER}\n${summary}`, toolCalls: [] };
        }
        default:
          return { text: answer(notes), toolCalls: [] };
      }
    },
  };
}
