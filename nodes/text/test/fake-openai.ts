import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the fake server saw it. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON bodies
  body: any;
  at: number;
  /** Resolves when the client hangs up before an answer (a cancel or a timeout). */
  closed: Promise<void>;
}

export type Reply = (request: ReceivedRequest, res: ServerResponse) => void | Promise<void>;

/** A local server that speaks the OpenAI wire format, answering with scripted replies in order. */
export interface FakeOpenAI {
  /** The API address to give the client: `http://127.0.0.1:PORT/v1`. */
  baseUrl: string;
  requests: ReceivedRequest[];
  reply(...replies: Reply[]): void;
  close(): Promise<void>;
}

export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const queue: Reply[] = [];
  const requests: ReceivedRequest[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let closeSeen: () => void = () => {};
    const closed = new Promise<void>((resolve) => (closeSeen = resolve));
    res.on('close', () => {
      if (!res.writableFinished) closeSeen();
    });
    const request: ReceivedRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      body: text ? JSON.parse(text) : undefined,
      at: performance.now(),
      closed,
    };
    requests.push(request);
    const next = queue.shift() ?? json({ error: { message: 'the test scripted no reply for this request' } }, 400);
    await next(request, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    reply: (...replies) => queue.push(...replies),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Reply {
  return (_, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
}

/** An error body as OpenAI sends it. */
export function apiError(status: number, message: string, headers: Record<string, string> = {}, code?: string): Reply {
  return json({ error: { message, type: 'invalid_request_error', param: null, code: code ?? null } }, status, headers);
}

export const usage = { prompt_tokens: 120, completion_tokens: 80, total_tokens: 200 };

/** A non-streamed chat completion whose message is `content`. */
export function completion(content: string, model = 'gpt-4o-mini-2024-07-18'): Reply {
  return json({
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1_700_000_000,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop', logprobs: null }],
    usage,
  });
}

/** Structured output: the JSON a model returns for the ad-copy schema. */
export function copiesAnswer(
  copies: { headline: string; primaryText: string; description: string; callToAction: string }[],
): Reply {
  return completion(JSON.stringify({ copies }));
}

/** A streamed answer: one SSE `data:` event per delta, a usage chunk, then `data: [DONE]`. */
export function streamed(deltas: string[], delayMs = 0, model = 'gpt-4o-mini-2024-07-18'): Reply {
  return async (_, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const base = { id: 'chatcmpl-stream', object: 'chat.completion.chunk', created: 1_700_000_000, model };
    const send = (chunk: unknown) => res.write(`data: ${JSON.stringify(chunk)}\n\n`);
    send({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
    for (const delta of deltas) {
      if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
      send({ ...base, choices: [{ index: 0, delta: { content: delta }, finish_reason: null }] });
    }
    send({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
    send({ ...base, choices: [], usage });
    res.end('data: [DONE]\n\n');
  };
}

/** Never answers: the client must time out or cancel. */
export function hang(): Reply {
  return () => {};
}

export function raw(status: number, contentType: string, text: string): Reply {
  return (_, res) => {
    res.writeHead(status, { 'content-type': contentType });
    res.end(text);
  };
}
