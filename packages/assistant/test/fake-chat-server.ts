import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the server saw it. */
export interface ChatRequest {
  path: string;
  headers: IncomingHttpHeaders;
  // biome-ignore lint/suspicious/noExplicitAny: tests read the request JSON as the client wrote it
  body: any;
}

export type Reply = (request: ChatRequest, res: ServerResponse) => void;

/** A local server that plays a chat-completions model with scripted replies, in order; the last one repeats when `forever`. */
export interface FakeChatServer {
  baseUrl: string;
  requests: ChatRequest[];
  reply(...replies: Reply[]): void;
  /** Answers every further request with this reply. */
  forever(reply: Reply): void;
  close(): Promise<void>;
}

export async function startFakeChatServer(): Promise<FakeChatServer> {
  const queue: Reply[] = [];
  let always: Reply | undefined;
  const requests: ChatRequest[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const request = { path: req.url ?? '', headers: req.headers, body: text ? JSON.parse(text) : undefined };
    requests.push(request);
    const next = queue.shift() ?? always ?? status(400, 'the test scripted no reply for this request');
    next(request, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    reply: (...replies) => queue.push(...replies),
    forever: (reply) => (always = reply),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An error body as OpenAI sends it. */
export function status(code: number, message: string, headers: Record<string, string> = {}): Reply {
  return (_, res) => {
    res.writeHead(code, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify({ error: { message, type: 'server_error', param: null, code: null } }));
  };
}

export interface ScriptedCall {
  name: string;
  /** An object is sent as JSON; a string as it is (to send arguments that are not JSON). */
  arguments: unknown;
}

/**
 * A streamed answer as chat-completions servers send it: text in deltas, then each tool call
 * with its id and name first and its arguments split over several chunks.
 */
export function streamed(text: string, calls: ScriptedCall[] = []): Reply {
  return (_, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const base = { id: 'chatcmpl-test', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'test-model' };
    const send = (delta: unknown, finish: string | null = null) =>
      res.write(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`);
    send({ role: 'assistant', content: '' });
    for (const piece of text.match(/.{1,12}/gs) ?? []) send({ content: piece });
    calls.forEach((call, index) => {
      const args = typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
      send({
        tool_calls: [
          {
            index,
            id: `call_${index}_${Math.random().toString(36).slice(2, 8)}`,
            type: 'function',
            function: { name: call.name, arguments: '' },
          },
        ],
      });
      for (const piece of args.match(/.{1,40}/gs) ?? []) send({ tool_calls: [{ index, function: { arguments: piece } }] });
    });
    send({}, calls.length ? 'tool_calls' : 'stop');
    res.end('data: [DONE]\n\n');
  };
}

/** Never answers: only a cancel or a time limit ends the wait. */
export const hang: Reply = () => {};

/** A graph whose copy node calls the server at `baseUrl`, named in the graph itself: a run of it reaches a paid provider. */
export function graphCallingServer(baseUrl: string) {
  return {
    adloom: 1 as const,
    name: 'Paid',
    nodes: {
      brief: { type: 'input.text', params: { name: 'brief', default: 'Foldable kayak' } },
      copy: { type: 'llm.adCopy', params: { provider: 'compatible', baseUrl, model: 'm', count: 1 } },
    },
    edges: [{ from: 'brief.text', to: 'copy.brief' }],
  };
}
