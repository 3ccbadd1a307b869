import { readFile } from 'node:fs/promises';
import { NodeError } from '@adloom/sdk';

/** One node of a workflow in ComfyUI's API format: `{ "3": { "class_type": "KSampler", "inputs": {…} } }`. */
export interface ComfyNode {
  class_type: string;
  inputs: Record<string, unknown>;
  _meta?: { title?: string };
}

export type ComfyWorkflow = Record<string, ComfyNode>;

/** Where a value goes: a node and the input fields on it. */
export interface PatchTarget {
  nodeId: string;
  fields: string[];
}

export interface WorkflowTargets {
  prompt: PatchTarget;
  negativePrompt?: PatchTarget;
  seed?: PatchTarget;
  /** The empty latent: width, height and, where it has one, batch_size. */
  size?: PatchTarget;
  sampler?: string;
}

/** Reads a workflow saved with ComfyUI's "Export (API)"; the editor's own format is refused with directions. */
export async function loadWorkflow(
  path: string | undefined,
  readableFile: (path: string, place: { param: string }) => Promise<string>,
): Promise<ComfyWorkflow> {
  if (!path) {
    throw new NodeError(
      'the comfyui provider needs a workflow: in ComfyUI, use Workflow → Export (API) and set the workflow param to that file',
      {
        param: 'workflow',
      },
    );
  }
  const file = await readableFile(path, { param: 'workflow' });
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new NodeError(`there is no workflow file at ${file}`, { param: 'workflow' });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new NodeError(`workflow ${file} is not valid JSON: ${(error as Error).message}`, { param: 'workflow' });
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw new NodeError(`workflow ${file} is not a ComfyUI workflow`, { param: 'workflow' });
  }
  const record = json as Record<string, unknown>;
  if (Array.isArray(record.nodes) && Array.isArray(record.links)) {
    throw new NodeError(
      `workflow ${file} is in ComfyUI's editor format; this node needs the API format: in ComfyUI, use Workflow → Export (API)`,
      { param: 'workflow' },
    );
  }
  const isNode = (v: unknown) =>
    !!v &&
    typeof v === 'object' &&
    typeof (v as ComfyNode).class_type === 'string' &&
    typeof (v as ComfyNode).inputs === 'object';
  const entries = Object.entries(record);
  if (entries.length === 0 || !entries.every(([, v]) => isNode(v))) {
    throw new NodeError(`workflow ${file} is not in ComfyUI's API format (every entry needs class_type and inputs)`, {
      param: 'workflow',
    });
  }
  return record as ComfyWorkflow;
}

/** A link in API format: `["4", 1]`, the source node id and its output index. */
function linkedNode(value: unknown): string | undefined {
  return Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'number'
    ? value[0]
    : undefined;
}

const TEXT_FIELDS = ['text', 'text_g', 'text_l', 'prompt'];
const SEED_FIELDS = ['seed', 'noise_seed'];

function textFields(node: ComfyNode): string[] {
  return TEXT_FIELDS.filter((f) => typeof node.inputs[f] === 'string');
}

/** The nearest node upstream of `start` (itself included) that `matches`, breadth first. */
function findUpstream(
  workflow: ComfyWorkflow,
  start: string | undefined,
  matches: (node: ComfyNode) => boolean,
): string | undefined {
  const queue = start ? [start] : [];
  const seen = new Set<string>();
  while (queue.length) {
    const id = queue.shift() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    const node = workflow[id];
    if (!node) continue;
    if (matches(node)) return id;
    for (const value of Object.values(node.inputs)) {
      const next = linkedNode(value);
      if (next) queue.push(next);
    }
  }
  return undefined;
}

/** `"6"` or `"6.text"` as a target; fields found on the node when not named. */
function explicitTarget(
  workflow: ComfyWorkflow,
  spec: string,
  param: string,
  defaults: (node: ComfyNode) => string[],
): PatchTarget {
  const dot = spec.indexOf('.');
  const nodeId = dot === -1 ? spec : spec.slice(0, dot);
  const node = workflow[nodeId];
  if (!node) {
    throw new NodeError(`the workflow has no node "${nodeId}"; its nodes are: ${describeNodes(workflow)}`, { param });
  }
  const fields = dot === -1 ? defaults(node) : [spec.slice(dot + 1)];
  if (fields.length === 0) {
    throw new NodeError(`node "${nodeId}" (${node.class_type}) has no field to set; name one as "${nodeId}.field"`, { param });
  }
  for (const field of fields) {
    if (!(field in node.inputs)) {
      throw new NodeError(
        `node "${nodeId}" (${node.class_type}) has no input "${field}"; it has: ${Object.keys(node.inputs).join(', ')}`,
        { param },
      );
    }
  }
  return { nodeId, fields };
}

function describeNodes(workflow: ComfyWorkflow): string {
  return Object.entries(workflow)
    .map(([id, n]) => `${id} (${n.class_type})`)
    .join(', ');
}

function titleOf(node: ComfyNode): string {
  return node._meta?.title ?? '';
}

export interface TargetParams {
  promptNode?: string;
  negativePromptNode?: string;
  seedNode?: string;
  sizeNode?: string;
}

/**
 * Where prompt, negative prompt, seed and size go: the nodes the params name, else found from the
 * sampler (KSampler and kin): the text encoders feeding its positive and negative inputs, its
 * seed, and the empty latent feeding it.
 */
export function findTargets(workflow: ComfyWorkflow, params: TargetParams): WorkflowTargets {
  const ids = Object.keys(workflow);
  const sampler =
    ids.find((id) => /^KSampler(Advanced)?$/.test(workflow[id]?.class_type ?? '')) ??
    ids.find((id) => {
      const inputs = workflow[id]?.inputs ?? {};
      return linkedNode(inputs.positive) !== undefined || linkedNode(inputs.guider) !== undefined;
    });
  const samplerNode = sampler ? workflow[sampler] : undefined;
  const guider = samplerNode ? linkedNode(samplerNode.inputs.guider) : undefined;
  const conditioningSource = (name: 'positive' | 'negative') => {
    const fromSampler = samplerNode ? linkedNode(samplerNode.inputs[name]) : undefined;
    if (fromSampler) return fromSampler;
    const guiderNode = guider ? workflow[guider] : undefined;
    if (!guiderNode) return undefined;
    return linkedNode(guiderNode.inputs[name]) ?? (name === 'positive' ? linkedNode(guiderNode.inputs.conditioning) : undefined);
  };
  const isEncoder = (node: ComfyNode) => textFields(node).length > 0;
  const encoders = ids.filter((id) => isEncoder(workflow[id] as ComfyNode));

  let prompt: PatchTarget | undefined;
  if (params.promptNode) {
    prompt = explicitTarget(workflow, params.promptNode, 'promptNode', textFields);
  } else {
    const id =
      findUpstream(workflow, conditioningSource('positive'), isEncoder) ??
      encoders.find((e) => /positive|prompt/i.test(titleOf(workflow[e] as ComfyNode))) ??
      (encoders.length === 1 ? encoders[0] : undefined);
    if (id) prompt = { nodeId: id, fields: textFields(workflow[id] as ComfyNode) };
  }
  if (!prompt) {
    throw new NodeError(
      `could not tell which node of the workflow takes the prompt (no sampler fed by a text encoder); set promptNode to its id. Nodes: ${describeNodes(workflow)}`,
      { param: 'promptNode' },
    );
  }

  let negativePrompt: PatchTarget | undefined;
  if (params.negativePromptNode) {
    negativePrompt = explicitTarget(workflow, params.negativePromptNode, 'negativePromptNode', textFields);
  } else {
    const id =
      findUpstream(workflow, conditioningSource('negative'), isEncoder) ??
      encoders.find((e) => e !== prompt.nodeId && /negative/i.test(titleOf(workflow[e] as ComfyNode)));
    if (id && id !== prompt.nodeId) negativePrompt = { nodeId: id, fields: textFields(workflow[id] as ComfyNode) };
  }

  let seed: PatchTarget | undefined;
  const seedFields = (node: ComfyNode) => SEED_FIELDS.filter((f) => typeof node.inputs[f] === 'number');
  if (params.seedNode) {
    seed = explicitTarget(workflow, params.seedNode, 'seedNode', seedFields);
  } else if (samplerNode && sampler) {
    // A seed wired in from a primitive node: `"seed": ["12", 0]`.
    const wired = linkedNode(samplerNode.inputs.seed) ?? linkedNode(samplerNode.inputs.noise_seed);
    const wiredNode = wired ? workflow[wired] : undefined;
    const wiredField = wiredNode
      ? ['seed', 'noise_seed', 'value'].find((f) => typeof wiredNode.inputs[f] === 'number')
      : undefined;
    if (wired && wiredField) {
      seed = { nodeId: wired, fields: [wiredField] };
    } else {
      const id = findUpstream(workflow, linkedNode(samplerNode.inputs.noise) ?? sampler, (n) => seedFields(n).length > 0);
      if (id) seed = { nodeId: id, fields: seedFields(workflow[id] as ComfyNode) };
    }
  }

  let size: PatchTarget | undefined;
  const sizeFields = (node: ComfyNode) => ['width', 'height', 'batch_size'].filter((f) => typeof node.inputs[f] === 'number');
  const hasSize = (node: ComfyNode) => typeof node.inputs.width === 'number' && typeof node.inputs.height === 'number';
  if (params.sizeNode) {
    size = explicitTarget(workflow, params.sizeNode, 'sizeNode', sizeFields);
  } else {
    const id =
      findUpstream(workflow, samplerNode ? linkedNode(samplerNode.inputs.latent_image) : undefined, hasSize) ??
      ids.find((i) => /^Empty.*Latent/.test(workflow[i]?.class_type ?? '') && hasSize(workflow[i] as ComfyNode));
    if (id) size = { nodeId: id, fields: sizeFields(workflow[id] as ComfyNode) };
  }

  return { prompt, negativePrompt, seed, size, sampler };
}

export interface PatchValues {
  prompt: string;
  negativePrompt: string;
  seed: number;
  width: number;
  height: number;
  batch: number;
  steps?: number;
  cfgScale?: number;
}

/** A copy of the workflow with the values set in the target nodes, and a line per change for the log. */
export function patchWorkflow(
  workflow: ComfyWorkflow,
  targets: WorkflowTargets,
  values: PatchValues,
): { workflow: ComfyWorkflow; changes: string[] } {
  const copy = structuredClone(workflow);
  const changes: string[] = [];
  const set = (target: PatchTarget | undefined, field: string, value: unknown, what: string) => {
    const node = target ? copy[target.nodeId] : undefined;
    if (!target || !node) return;
    node.inputs[field] = value;
    changes.push(`${what} → node ${target.nodeId} (${node.class_type}).${field}`);
  };
  for (const field of targets.prompt.fields) set(targets.prompt, field, values.prompt, 'prompt');
  if (values.negativePrompt && targets.negativePrompt) {
    for (const field of targets.negativePrompt.fields)
      set(targets.negativePrompt, field, values.negativePrompt, 'negative prompt');
  }
  for (const field of targets.seed?.fields ?? []) set(targets.seed, field, values.seed, 'seed');
  if (targets.size) {
    if (targets.size.fields.includes('width')) set(targets.size, 'width', values.width, 'width');
    if (targets.size.fields.includes('height')) set(targets.size, 'height', values.height, 'height');
    if (targets.size.fields.includes('batch_size')) set(targets.size, 'batch_size', values.batch, 'count');
  }
  const sampler = targets.sampler ? { nodeId: targets.sampler, fields: [] } : undefined;
  const samplerNode = targets.sampler ? copy[targets.sampler] : undefined;
  if (values.steps !== undefined && samplerNode && 'steps' in samplerNode.inputs) set(sampler, 'steps', values.steps, 'steps');
  if (values.cfgScale !== undefined && samplerNode && 'cfg' in samplerNode.inputs) set(sampler, 'cfg', values.cfgScale, 'cfg');
  return { workflow: copy, changes };
}
