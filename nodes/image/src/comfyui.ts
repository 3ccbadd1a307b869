import { randomUUID } from 'node:crypto';
import { NodeError, type RunContext, sleep } from '@adloom/sdk';
import { type ComfyWorkflow, findTargets, loadWorkflow, patchWorkflow } from './comfyui-workflow.ts';
import type { GenerateParams, ImageProvider } from './generate-params.ts';
import { nearestMultipleSize } from './image-sizes.ts';
import { baseUrlOf, providerEnv, readJson, requestProvider } from './provider-http.ts';

const PROVIDER = 'ComfyUI';

interface ComfyImageRef {
  filename: string;
  subfolder?: string;
  type?: string;
}

interface HistoryEntry {
  outputs?: Record<string, { images?: ComfyImageRef[] }>;
  status?: { status_str?: string; completed?: boolean; messages?: [string, Record<string, unknown>][] };
}

/** The outcome of one queued prompt as the websocket tells it. */
type Finish = { ok: true } | { ok: false; message: string };

/** Words for a failed node from ComfyUI's `execution_error` data. */
function describeExecutionError(data: Record<string, unknown>): string {
  const where = data.node_id ? ` in node ${data.node_id}${data.node_type ? ` (${data.node_type})` : ''}` : '';
  const what = [data.exception_type, data.exception_message].filter(Boolean).join(': ');
  return `ComfyUI failed${where}: ${what || 'no message'}`;
}

/** ComfyUI's answer to a prompt it refuses: the error and every node's complaint. */
function describePromptError(body: string): string | undefined {
  try {
    const json = JSON.parse(body) as {
      error?: { message?: string; details?: string };
      node_errors?: Record<string, { class_type?: string; errors?: { message?: string; details?: string }[] }>;
    };
    const parts = [[json.error?.message, json.error?.details].filter(Boolean).join(': ')];
    for (const [id, node] of Object.entries(json.node_errors ?? {})) {
      for (const e of node.errors ?? []) {
        parts.push(
          `node ${id}${node.class_type ? ` (${node.class_type})` : ''}: ${[e.message, e.details].filter(Boolean).join(': ')}`,
        );
      }
    }
    const words = parts.filter(Boolean).join('; ');
    return words || undefined;
  } catch {
    return undefined;
  }
}

/**
 * ComfyUI's `/ws` feed for one client id: progress and the end of each prompt. Messages can
 * arrive before `/prompt` has answered with the id, so finishes are kept until asked for.
 */
class ComfySocket {
  private readonly finished = new Map<string, Finish>();
  private readonly waiters = new Map<string, (finish: Finish | undefined) => void>();
  private closed = false;
  private readonly socket: WebSocket;
  onProgress: (promptId: string, fraction: number, message: string) => void = () => {};

  constructor(socket: WebSocket) {
    this.socket = socket;
    socket.addEventListener('message', (event) => {
      if (typeof event.data !== 'string') return; // binary frames are live previews
      let message: { type?: string; data?: Record<string, unknown> };
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      const data = message.data ?? {};
      const promptId = typeof data.prompt_id === 'string' ? data.prompt_id : undefined;
      if (!promptId) return;
      switch (message.type) {
        case 'progress':
          if (typeof data.value === 'number' && typeof data.max === 'number' && data.max > 0) {
            this.onProgress(promptId, data.value / data.max, `step ${data.value} of ${data.max}`);
          }
          break;
        case 'executing':
          if (data.node === null) this.finish(promptId, { ok: true });
          else this.onProgress(promptId, -1, `running node ${String(data.node)}`);
          break;
        case 'execution_success':
          this.finish(promptId, { ok: true });
          break;
        case 'execution_error':
          this.finish(promptId, { ok: false, message: describeExecutionError(data) });
          break;
        case 'execution_interrupted':
          this.finish(promptId, { ok: false, message: `ComfyUI interrupted the prompt in node ${String(data.node_id ?? '?')}` });
          break;
      }
    });
    const lost = () => {
      this.closed = true;
      for (const resolve of this.waiters.values()) resolve(undefined);
      this.waiters.clear();
    };
    socket.addEventListener('close', lost);
    socket.addEventListener('error', lost);
  }

  private finish(promptId: string, finish: Finish): void {
    if (this.finished.has(promptId)) return;
    this.finished.set(promptId, finish);
    this.waiters.get(promptId)?.(finish);
    this.waiters.delete(promptId);
  }

  /** How the prompt ended, or undefined when the connection dropped first. */
  wait(promptId: string, signal: AbortSignal): Promise<Finish | undefined> {
    const known = this.finished.get(promptId);
    if (known) return Promise.resolve(known);
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.waiters.delete(promptId);
        reject(signal.reason);
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.set(promptId, (finish) => {
        signal.removeEventListener('abort', onAbort);
        resolve(finish);
      });
    });
  }

  close(): void {
    this.socket.close();
  }
}

/** Opens `/ws?clientId=`; undefined when the server offers no websocket, so the caller polls instead. */
async function openSocket(
  base: URL,
  clientId: string,
  signal: AbortSignal,
  log: (m: string) => void,
): Promise<ComfySocket | undefined> {
  const url = new URL('ws', base);
  url.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('clientId', clientId);
  if (typeof globalThis.WebSocket !== 'function') {
    log('this Node.js has no built-in WebSocket (Node 22 and later do); following the prompt by polling /history');
    return undefined;
  }
  const socket = new WebSocket(url);
  const opened = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 5000);
    const done = (ok: boolean) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(ok);
    };
    const onAbort = () => done(false);
    signal.addEventListener('abort', onAbort, { once: true });
    socket.addEventListener('open', () => done(true), { once: true });
    socket.addEventListener('error', () => done(false), { once: true });
  });
  if (!opened) {
    socket.close();
    if (!signal.aborted) log(`ComfyUI's websocket at ${url.origin}/ws did not open; following the prompt by polling /history`);
    return undefined;
  }
  return new ComfySocket(socket);
}

/** Polls `/history/{id}` until ComfyUI lists the prompt as done. */
async function pollHistory(base: URL, promptId: string, context: RunContext<GenerateParams>): Promise<HistoryEntry> {
  let wait = 100;
  for (;;) {
    const entry = await fetchHistory(base, promptId, context);
    if (entry && (entry.status?.completed || entry.status?.status_str === 'error' || (!entry.status && entry.outputs)))
      return entry;
    await sleep(wait, context.signal);
    wait = Math.min(2000, wait * 1.5);
  }
}

async function fetchHistory(base: URL, promptId: string, context: RunContext<GenerateParams>): Promise<HistoryEntry | undefined> {
  const response = await requestProvider(
    new URL(`history/${encodeURIComponent(promptId)}`, base),
    {},
    { provider: PROVIDER, signal: context.signal, timeoutMs: context.params.requestTimeoutMs },
  );
  const history = await readJson<Record<string, HistoryEntry>>(response, PROVIDER, `/history/${promptId}`);
  return history[promptId];
}

/** Asks ComfyUI to drop or stop a prompt of ours after a cancel; best effort, never awaited by the run. */
function cancelPrompt(base: URL, promptId: string): void {
  const post = (path: string, body: unknown) =>
    fetch(new URL(path, base), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(2000),
    }).catch(() => undefined);
  void post('queue', { delete: [promptId] });
  void post('interrupt', { prompt_id: promptId });
}

/** Queues one patched workflow, follows it to the end and downloads its images. */
async function runPrompt(
  base: URL,
  workflow: ComfyWorkflow,
  context: RunContext<GenerateParams>,
  progress: (fraction: number, message: string) => void,
): Promise<Uint8Array[]> {
  const { params, signal } = context;
  const clientId = randomUUID();
  const socket = await openSocket(base, clientId, signal, context.log);
  let promptId: string | undefined;
  const onAbort = () => promptId && cancelPrompt(base, promptId);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const queued = await requestProvider(
      new URL('prompt', base),
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ prompt: workflow, client_id: clientId }),
      },
      // Not the run's signal: a cancel while ComfyUI is queueing the prompt would leave it running
      // there with an id never read. The request finishes (within its timeout), then the cancel drops it.
      {
        provider: PROVIDER,
        signal: new AbortController().signal,
        timeoutMs: params.requestTimeoutMs,
        describeError: describePromptError,
      },
    );
    const answer = await readJson<{ prompt_id?: string; node_errors?: Record<string, unknown> }>(queued, PROVIDER, '/prompt');
    if (typeof answer.prompt_id !== 'string') {
      throw new NodeError(
        `ComfyUI queued nothing: ${describePromptError(JSON.stringify(answer)) ?? JSON.stringify(answer).slice(0, 200)}`,
      );
    }
    promptId = answer.prompt_id;
    if (signal.aborted) {
      cancelPrompt(base, promptId);
      throw signal.reason;
    }
    const id = promptId;
    if (socket) socket.onProgress = (p, fraction, message) => p === id && progress(fraction, message);
    const finish = socket ? await socket.wait(id, signal) : undefined;
    if (finish && !finish.ok) throw new NodeError(finish.message);
    const entry = finish ? await fetchHistory(base, id, context) : await pollHistory(base, id, context);
    if (!entry) throw new NodeError(`ComfyUI finished prompt ${id} but /history has no record of it`);
    if (entry.status?.status_str === 'error') {
      const error = entry.status.messages?.find(([type]) => type === 'execution_error');
      throw new NodeError(error ? describeExecutionError(error[1]) : `ComfyUI reports prompt ${id} failed`);
    }
    const images = pickImages(entry, params.outputNode);
    if (images.length === 0) {
      throw new NodeError(
        `ComfyUI's workflow produced no images${params.outputNode ? ` in node ${params.outputNode}` : ''}; does it end in a SaveImage node?`,
        { param: params.outputNode ? 'outputNode' : 'workflow' },
      );
    }
    const out: Uint8Array[] = [];
    for (const image of images) {
      const url = new URL('view', base);
      url.searchParams.set('filename', image.filename);
      url.searchParams.set('subfolder', image.subfolder ?? '');
      url.searchParams.set('type', image.type ?? 'output');
      const response = await requestProvider(url, {}, { provider: PROVIDER, signal, timeoutMs: params.requestTimeoutMs });
      out.push(new Uint8Array(await response.arrayBuffer()));
    }
    return out;
  } finally {
    signal.removeEventListener('abort', onAbort);
    socket?.close();
  }
}

/** The images to take from a finished prompt: the named node's, else every saved image, else the previews. */
function pickImages(entry: HistoryEntry, outputNode: string | undefined): ComfyImageRef[] {
  const outputs = entry.outputs ?? {};
  if (outputNode) return outputs[outputNode]?.images ?? [];
  const all = Object.values(outputs).flatMap((o) => o.images ?? []);
  const saved = all.filter((image) => (image.type ?? 'output') === 'output');
  return saved.length ? saved : all;
}

/** Images from a ComfyUI server: a saved API-format workflow with prompt, seed and size patched in. */
export const generateWithComfyUI: ImageProvider = async (request, context) => {
  const { params } = context;
  const env = providerEnv(context.providers);
  const base = baseUrlOf(params.baseUrl ?? env.COMFYUI_URL ?? 'http://127.0.0.1:8188', 'baseUrl');
  const workflow = await loadWorkflow(params.workflow, context.readableFile);
  const targets = findTargets(workflow, params);
  if (request.negativePrompt && !targets.negativePrompt) {
    context.log('the workflow has no node for a negative prompt (set negativePromptNode); it was left out');
  }
  if (!targets.seed) context.log('the workflow has no seed to set (set seedNode); its own seed was used');
  const size = nearestMultipleSize(PROVIDER, request, 8, 16, 8192);
  if (!targets.size)
    context.log("the workflow has no empty latent to size (set sizeNode); images come at the workflow's own size");
  const batched = targets.size?.fields.includes('batch_size') ?? false;
  const runs = batched ? 1 : request.count;
  const images: { data: Uint8Array; seed?: number }[] = [];
  for (let run = 0; run < runs; run++) {
    const seed = request.seed + run;
    const { workflow: patched, changes } = patchWorkflow(workflow, targets, {
      prompt: request.prompt,
      negativePrompt: request.negativePrompt,
      seed,
      width: size.width,
      height: size.height,
      batch: batched ? request.count : 1,
      steps: params.steps,
      cfgScale: params.cfgScale,
    });
    if (run === 0) context.log(`patched the workflow: ${changes.join('; ')}`);
    const datas = await runPrompt(base, patched, context, (fraction, message) => {
      if (fraction >= 0) context.progress((run + fraction) / runs, message);
      else context.progress(run / runs, message);
    });
    for (const data of datas.slice(0, batched ? request.count : 1)) images.push({ data, seed: targets.seed ? seed : undefined });
  }
  return {
    images,
    size: targets.size ? size : { width: request.width, height: request.height },
    usage: { provider: 'comfyui', images: images.length },
  };
};
