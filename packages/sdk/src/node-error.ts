/**
 * [sdk.E1] The brand every NodeError carries. `Symbol.for` gives one symbol per process, so
 * an error made by a pack's own copy of this package is still known for what it is: errors
 * cross package lines by their brand, never by `instanceof`.
 */
const NODE_ERROR = Symbol.for('adloom.NodeError');

/** What the engine reads from a node's failure: its words, place and whether to retry. */
export interface NodeErrorLike extends Error {
  readonly port?: string;
  readonly param?: string;
  readonly transient: boolean;
  readonly retryAfterMs?: number;
}

/** Whether a thrown value is a NodeError, from this copy of the SDK or any other. */
export function isNodeError(value: unknown): value is NodeErrorLike {
  return typeof value === 'object' && value !== null && (value as { [NODE_ERROR]?: unknown })[NODE_ERROR] === true;
}

/** A failure a node reports, with the place a user should look. */
export class NodeError extends Error {
  readonly [NODE_ERROR] = true;
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
