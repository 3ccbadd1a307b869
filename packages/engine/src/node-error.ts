/** A failure a node reports, with the place a user should look. */
export class NodeError extends Error {
  readonly port?: string;
  readonly param?: string;
  /** Worth trying again: a rate limit, a 5xx, a dropped connection. */
  readonly transient: boolean;
  /** How long the provider asked us to wait (Retry-After), in ms. */
  readonly retryAfterMs?: number;

  constructor(
    message: string,
    options: { port?: string; param?: string; transient?: boolean; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'NodeError';
    this.port = options.port;
    this.param = options.param;
    this.transient = options.transient ?? false;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** An error that a retry may cure, such as HTTP 429 or 503. */
export class TransientError extends NodeError {
  constructor(message: string, options: { retryAfterMs?: number; cause?: unknown } = {}) {
    super(message, { ...options, transient: true });
    this.name = 'TransientError';
  }
}

/** Reads an HTTP Retry-After header (seconds or a date) as milliseconds. */
export function parseRetryAfter(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
