import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the stub server saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  json: unknown;
  at: number;
}

export type Handler = (request: SeenRequest, response: ServerResponse) => void | Promise<void>;

export interface StubServer {
  server: Server;
  /** `http://127.0.0.1:PORT` */
  origin: string;
  requests: SeenRequest[];
  /** Most requests that were being answered at the same time. */
  maxInFlight: number;
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 and a free port that records every request and lets `handle` answer. */
export async function startStubServer(handle: Handler): Promise<StubServer> {
  const requests: SeenRequest[] = [];
  let inFlight = 0;
  const stub = { requests, maxInFlight: 0 } as StubServer;
  const server = createServer(async (req, res) => {
    inFlight++;
    stub.maxInFlight = Math.max(stub.maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    let json: unknown;
    try {
      json = body ? JSON.parse(body) : undefined;
    } catch {
      json = undefined;
    }
    const seen: SeenRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: req.headers,
      body,
      json,
      at: Date.now(),
    };
    requests.push(seen);
    try {
      await handle(seen, res);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  stub.server = server;
  stub.origin = `http://127.0.0.1:${port}`;
  stub.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return stub;
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}
