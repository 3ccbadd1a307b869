import { NodeError } from './node-error.ts';

export interface KeyedEndpointRequest {
  nodeId: string;
  /** The provider as messages name it: `OpenAI`. */
  provider: string;
  /** The environment variable that holds the key: `OPENAI_API_KEY`. */
  keyName: string;
  key: string | undefined;
  /** The provider's own address; the key may always go there. None for self-hosted servers. */
  officialUrl?: string;
  /** The variable through which this machine's user names a server of their own: `OPENAI_BASE_URL`. */
  userUrlName: string;
  /** Its value (environment or settings): the key may go there too. */
  userUrl?: string;
  /** An address from the graph (a param, an input, a `--set`): data, never trusted with the key. */
  graphUrl?: string;
  /** The param that holds `graphUrl`, named in errors. */
  param: string;
  /** Without a key the request is pointless (OpenAI): refuse early instead of sending it keyless. */
  requiresKey: boolean;
}

export interface KeyedEndpoint {
  /** Where to send the request. */
  url: string;
  /** Scheme, host and port of `url`: what messages may say about the server. */
  origin: string;
  /** The key, only when `url` is a server the user trusted with it. */
  key?: string;
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * [sdk.K1] Where a provider request goes and whether the user's key goes with it. A key goes only
 * to the provider's own address or to the one this machine's user set (environment or
 * settings), never to an address that came from a graph file, which anyone may have written.
 * Every pack asks this one function, so a new provider cannot forget the rule.
 */
export function keyedEndpoint(request: KeyedEndpointRequest): KeyedEndpoint {
  const { nodeId, provider, keyName, param } = request;
  const key = request.key?.trim() || undefined;
  const userUrl = request.userUrl?.trim() || undefined;
  const url = request.graphUrl?.trim() || userUrl || request.officialUrl;
  if (!url) {
    throw new NodeError(
      `node "${nodeId}" names no ${provider} server: set its ${param} param or the ${request.userUrlName} environment variable`,
      { param },
    );
  }
  const origin = originOf(url);
  if (!origin) {
    const source = request.graphUrl?.trim() ? `its ${param} param` : request.userUrlName;
    throw new NodeError(`node "${nodeId}": ${source} "${url}" is not an http:// or https:// address`, { param });
  }
  const trusted = origin === originOf(request.officialUrl) || origin === originOf(userUrl);
  if (request.requiresKey) {
    if (!key) {
      throw new NodeError(
        `node "${nodeId}" uses ${provider}, but ${keyName} is not set: set the ${keyName} environment variable (or the key in the app's settings), or switch the node's provider to "offline"`,
        { param: 'provider' },
      );
    }
    if (!trusted) {
      throw new NodeError(
        `node "${nodeId}": ${keyName} is only sent to ${request.officialUrl ? `${provider} or to ` : ''}${request.userUrlName}, and the node's ${param} points at ${origin}; set ${request.userUrlName}=${url} in the environment or the settings to trust that server`,
        { param },
      );
    }
  }
  return { url, origin, ...(trusted && key ? { key } : {}) };
}
