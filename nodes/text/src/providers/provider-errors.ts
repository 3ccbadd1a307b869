import { NodeError, parseRetryAfter, TransientError } from '@adloom/sdk';
import type { APIError } from 'openai';
import { loadOpenAI } from './load-openai.ts';
import type { OpenAIConnection } from './openai-connection.ts';

/** How long the server asked us to wait: OpenAI's `retry-after-ms`, else the standard `Retry-After`. */
function retryAfterOf(headers: Headers | undefined): number | undefined {
  const ms = Number(headers?.get('retry-after-ms') ?? Number.NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  return parseRetryAfter(headers?.get('retry-after'));
}

/** The server's own words: the `error.message` of its body, else the client's summary. */
function serverMessage(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined;
  if (typeof body?.message === 'string' && body.message) return body.message;
  return error.message.replace(/^\d{3}\s+/, '');
}

/**
 * Turns what the `openai` client throws into what the engine understands: a rate limit, a 5xx,
 * a timeout or a dropped connection is transient (the engine waits and tries again, honouring
 * Retry-After); anything else is a NodeError in the server's words. Never includes the key.
 * The client's error classes are its own: they are looked up in the library the connection loaded.
 */
export async function toNodeError(error: unknown, connection: OpenAIConnection, signal: AbortSignal): Promise<unknown> {
  // A cancel or the engine's own timeout: let the engine report it as it decided.
  if (signal.aborted) return signal.reason;
  if (error instanceof NodeError) return error;
  const { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } = await loadOpenAI();
  const { server, redact } = connection;
  const who = server === 'https://api.openai.com' ? 'OpenAI' : `the server at ${server}`;
  if (error instanceof APIUserAbortError) return new TransientError(`the request to ${who} was aborted`);
  if (error instanceof APIConnectionTimeoutError) return new TransientError(`${who} did not answer in time`);
  if (error instanceof APIConnectionError) {
    const cause = error.cause instanceof Error ? `: ${redact(error.cause.message)}` : '';
    return new TransientError(`could not reach ${who}${cause}`);
  }
  if (error instanceof APIError) {
    const status = error.status ?? 0;
    const message = redact(serverMessage(error));
    if (status === 429 && error.code === 'insufficient_quota') {
      return new NodeError(`${who} refused: the account is out of quota (${message})`);
    }
    if (status === 408 || status === 409 || status === 429 || status >= 500) {
      const what = status === 429 ? 'is rate limiting requests' : `had a problem (HTTP ${status})`;
      return new TransientError(`${who} ${what}: ${message}`, { retryAfterMs: retryAfterOf(error.headers) });
    }
    if (status === 401 || status === 403) {
      const hint = connection.provider === 'openai' ? '; check OPENAI_API_KEY' : '';
      return new NodeError(`${who} refused the request (HTTP ${status}): ${message}${hint}`, { param: 'provider' });
    }
    if (status === 404) {
      return new NodeError(`${who} has no such model or endpoint (HTTP 404): ${message}`, { param: 'model' });
    }
    return new NodeError(`${who} rejected the request (HTTP ${status}): ${message}`);
  }
  if (error instanceof SyntaxError) {
    return new NodeError(
      `${who} answered with a body that is not valid JSON (${redact(error.message)}); is the base URL the API's address (usually ending in /v1)?`,
      { param: 'baseUrl' },
    );
  }
  // A connection dropped mid-answer (undici says "terminated") is worth another try.
  if (error instanceof TypeError && /terminated|socket|ECONNRESET|other side closed/i.test(`${error.message} ${error.cause}`)) {
    return new TransientError(`the connection to ${who} dropped: ${redact(error.message)}`);
  }
  if (error instanceof Error && redact(error.message) !== error.message) return new NodeError(redact(error.message));
  return error;
}
