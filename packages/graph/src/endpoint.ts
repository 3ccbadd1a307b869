import { NODE_ID_PATTERN } from './schema.ts';

/** One end of an edge: `nodeId.port`. */
export interface Endpoint {
  nodeId: string;
  port: string;
}

/** Splits `copy.brief` into node and port; `undefined` when it is not of that shape. */
export function parseEndpoint(text: string): Endpoint | undefined {
  const dot = text.indexOf('.');
  if (dot <= 0 || dot === text.length - 1) return undefined;
  const nodeId = text.slice(0, dot);
  const port = text.slice(dot + 1);
  if (!NODE_ID_PATTERN.test(nodeId)) return undefined;
  return { nodeId, port };
}

export function formatEndpoint(endpoint: Endpoint): string {
  return `${endpoint.nodeId}.${endpoint.port}`;
}
