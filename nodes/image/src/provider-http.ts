import { NodeError, parseRetryAfter, TransientError } from '@adloom/sdk';

/** Environment variables as the host hands them to nodes (the desktop app adds keychain secrets), else the process's own. */
export function providerEnv(providers: Record<string, unknown>): Record<string, string | undefined> {
  const env = providers.env;
  return env && typeof env === 'object' ? (env as Record<string, string | undefined>) : process.env;
}

/** `http://host:port` without a trailing slash; a NodeError naming the param when it is not a URL. */
export function baseUrlOf(value: string, param: string): URL {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    return url;
  } catch {
    throw new NodeError(`"${value}" is not an http:// or https:// address`, { param });
  }
}

/** The words a server put in its error body: the JSON `error`/`message`/`detail`, else the text. */
export function serverWords(body: string): string {
  try {
    const json = JSON.parse(body) as Record<string, unknown>;
    const pick = (value: unknown): string | undefined => {
      if (typeof value === 'string') return value;
      if (Array.isArray(value)) return value.map((v) => pick(v) ?? JSON.stringify(v)).join('; ');
      if (value && typeof value === 'object') {
        const v = value as Record<string, unknown>;
        // FastAPI's validation errors: `{ loc: ['body', 'width'], msg: '…' }`.
        if (typeof v.msg === 'string' && Array.isArray(v.loc)) return `${v.loc.join('.')}: ${v.msg}`;
        return pick(v.message) ?? pick(v.msg) ?? pick(v.error) ?? pick(v.detail) ?? JSON.stringify(value);
      }
      return undefined;
    };
    return (pick(json.error) ?? pick(json.detail) ?? pick(json.message) ?? body).slice(0, 500);
  } catch {
    return body.trim().slice(0, 500) || '(empty body)';
  }
}

export interface RequestOptions {
  /** Who is asked, for messages: `ComfyUI`, `Automatic1111`. */
  provider: string;
  signal: AbortSignal;
  /** Longest one request may take before it counts as a (transient) timeout. */
  timeoutMs: number;
  /** Reads a failed response's body into words for the user, where the generic reading falls short. */
  describeError?: (body: string) => string | undefined;
}

/**
 * fetch with the run's signal and a timeout. Timeouts, dropped connections, 429 and 5xx come
 * back as TransientError (with the server's Retry-After); other failures as NodeError with the
 * server's own words.
 */
export async function requestProvider(url: URL, init: RequestInit, options: RequestOptions): Promise<Response> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.any([options.signal, timeout]) });
  } catch (error) {
    if (options.signal.aborted) throw error;
    if (timeout.aborted) {
      throw new TransientError(`${options.provider} did not answer ${url.pathname} within ${options.timeoutMs / 1000} s`, {
        cause: error,
      });
    }
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new TransientError(
      `could not reach ${options.provider} at ${url.origin}: ${cause?.code ?? cause?.message ?? (error as Error).message}; is it running?`,
      { cause: error },
    );
  }
  if (response.ok) return response;
  const body = await response.text().catch(() => '');
  const words = options.describeError?.(body) ?? serverWords(body);
  const message = `${options.provider} answered ${response.status} to ${init.method ?? 'GET'} ${url.pathname}: ${words}`;
  if (response.status === 429 || response.status === 408 || response.status >= 500) {
    throw new TransientError(message, { retryAfterMs: parseRetryAfter(response.headers.get('retry-after')) });
  }
  throw new NodeError(message);
}

/** The body as JSON; a NodeError quoting its start when it is not. */
export async function readJson<T>(response: Response, provider: string, what: string): Promise<T> {
  const text = await response.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new NodeError(`${provider} answered ${what} with a body that is not JSON: ${JSON.stringify(text.slice(0, 120))}`);
  }
}
