import type { Socket } from 'node:net';
import sharp from 'sharp';
import { type SeenRequest, type StubServer, sendJson, startStubServer } from './http-stub.ts';
import { acceptWebSocket, type ServerSocket } from './websocket-server.ts';

type Workflow = Record<string, { class_type: string; inputs: Record<string, unknown> }>;

export interface ComfyStubOptions {
  /** Offer `/ws` (default) or refuse the upgrade so clients must poll `/history`. */
  websocket?: boolean;
  /** Fail the run in the sampler the way ComfyUI reports a node's exception. */
  executionError?: string;
  /** Refuse the prompt at `/prompt` with this node error. */
  rejectPrompt?: { nodeId: string; classType: string; message: string; details: string };
  /** How long a prompt "runs" before it is done, in ms. */
  runMs?: number;
}

export interface ComfyStub extends StubServer {
  /** Each `/prompt` body as received: the patched workflow and the client id. */
  prompts: { prompt: Workflow; client_id: string }[];
  /** Client ids that connected to `/ws`. */
  socketClients: string[];
  views: URLSearchParams[];
  historyRequests: number;
}

/**
 * A stand-in for ComfyUI's server: `/prompt` queues a workflow and "runs" it (an image per batch
 * item at the size of its EmptyLatentImage), `/ws?clientId=` reports progress with ComfyUI's
 * messages, `/history/{id}` lists outputs once done, and `/view` serves the files.
 */
export async function startComfyStub(options: ComfyStubOptions = {}): Promise<ComfyStub> {
  const sockets = new Map<string, ServerSocket>();
  const history = new Map<string, unknown>();
  const files = new Map<string, Buffer>();
  const prompts: ComfyStub['prompts'] = [];
  let stub: ComfyStub;

  const execute = async (promptId: string, body: { prompt: Workflow; client_id: string }) => {
    const socket = sockets.get(body.client_id);
    const send = (type: string, data: Record<string, unknown>) => socket?.sendText(JSON.stringify({ type, data }));
    send('execution_start', { prompt_id: promptId, timestamp: Date.now() });
    send('execution_cached', { nodes: ['4'], prompt_id: promptId, timestamp: Date.now() });
    send('executing', { node: '3', display_node: '3', prompt_id: promptId });
    for (let step = 1; step <= 3; step++) {
      await new Promise((resolve) => setTimeout(resolve, (options.runMs ?? 30) / 3));
      send('progress', { value: step, max: 3, prompt_id: promptId, node: '3' });
      // Live previews come as binary frames; clients must skip them.
      socket?.sendBinary(Buffer.from([0, 0, 0, 1, 0, 0, 0, 2, 0xff, 0xd8]));
    }
    if (options.executionError) {
      const error = {
        prompt_id: promptId,
        node_id: '3',
        node_type: 'KSampler',
        executed: ['4'],
        exception_message: options.executionError,
        exception_type: 'torch.OutOfMemoryError',
        traceback: ['Traceback (most recent call last):'],
      };
      history.set(promptId, {
        prompt: [],
        outputs: {},
        status: { status_str: 'error', completed: false, messages: [['execution_error', error]] },
      });
      send('execution_error', error);
      return;
    }
    const latent = Object.values(body.prompt).find((n) => n.class_type === 'EmptyLatentImage');
    const width = Number(latent?.inputs.width ?? 512);
    const height = Number(latent?.inputs.height ?? 512);
    const batch = Number(latent?.inputs.batch_size ?? 1);
    const images = [];
    for (let i = 0; i < batch; i++) {
      const filename = `ComfyUI_${promptId}_${String(i + 1).padStart(5, '0')}_.png`;
      files.set(
        filename,
        await sharp({ create: { width, height, channels: 3, background: { r: 40 * i, g: 120, b: 200 } } })
          .png()
          .toBuffer(),
      );
      images.push({ filename, subfolder: 'adloom', type: 'output' });
    }
    // A preview node's temp image, which a client should not take when saved images exist.
    files.set(
      'preview.png',
      await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
        .png()
        .toBuffer(),
    );
    const outputs = { '9': { images }, '10': { images: [{ filename: 'preview.png', subfolder: '', type: 'temp' }] } };
    history.set(promptId, {
      prompt: [1, promptId, body.prompt, {}, ['9']],
      outputs,
      status: { status_str: 'success', completed: true, messages: [['execution_success', { prompt_id: promptId }]] },
    });
    send('executed', { node: '9', display_node: '9', output: { images }, prompt_id: promptId });
    send('execution_success', { prompt_id: promptId, timestamp: Date.now() });
    send('executing', { node: null, prompt_id: promptId });
  };

  const handle = async (request: SeenRequest, response: import('node:http').ServerResponse) => {
    const url = new URL(request.path, 'http://stub');
    if (request.method === 'POST' && url.pathname === '/prompt') {
      const body = request.json as { prompt: Workflow; client_id: string };
      prompts.push(body);
      if (options.rejectPrompt) {
        const r = options.rejectPrompt;
        return sendJson(response, 400, {
          error: {
            type: 'prompt_outputs_failed_validation',
            message: 'Prompt outputs failed validation',
            details: '',
            extra_info: {},
          },
          node_errors: {
            [r.nodeId]: {
              errors: [{ type: 'value_not_in_list', message: r.message, details: r.details, extra_info: {} }],
              dependent_outputs: ['9'],
              class_type: r.classType,
            },
          },
        });
      }
      const promptId = `prompt-${prompts.length}`;
      sendJson(response, 200, { prompt_id: promptId, number: prompts.length, node_errors: {} });
      void execute(promptId, body);
      return;
    }
    if (request.method === 'GET' && url.pathname.startsWith('/history/')) {
      stub.historyRequests++;
      const id = decodeURIComponent(url.pathname.slice('/history/'.length));
      const entry = history.get(id);
      return sendJson(response, 200, entry ? { [id]: entry } : {});
    }
    if (request.method === 'GET' && url.pathname === '/view') {
      stub.views.push(url.searchParams);
      const file = files.get(url.searchParams.get('filename') ?? '');
      if (!file) return sendJson(response, 404, { error: 'not found' });
      response.writeHead(200, { 'content-type': 'image/png' }).end(file);
      return;
    }
    if (request.method === 'POST' && (url.pathname === '/queue' || url.pathname === '/interrupt')) {
      response.writeHead(200).end();
      return;
    }
    sendJson(response, 404, { error: `no route ${request.method} ${url.pathname}` });
  };

  stub = Object.assign(await startStubServer(handle), {
    prompts,
    socketClients: [] as string[],
    views: [] as URLSearchParams[],
    historyRequests: 0,
  });
  const rawSockets = new Set<Socket>();
  stub.server.on('upgrade', (request, socket: Socket) => {
    rawSockets.add(socket);
    const url = new URL(request.url ?? '/', 'http://stub');
    if (options.websocket === false || url.pathname !== '/ws') {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const clientId = url.searchParams.get('clientId') ?? 'anonymous';
    stub.socketClients.push(clientId);
    const ws = acceptWebSocket(request, socket);
    sockets.set(clientId, ws);
    ws.sendText(JSON.stringify({ type: 'status', data: { status: { exec_info: { queue_remaining: 0 } }, sid: clientId } }));
  });
  const close = stub.close;
  stub.close = async () => {
    for (const socket of rawSockets) socket.destroy();
    await close();
  };
  return stub;
}
