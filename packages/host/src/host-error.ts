/**
 * [host.E1] The brand every HostError carries. `Symbol.for` gives one symbol per realm, so an
 * error made by another copy of this package (a pack's, a bundle's) is still known for what it
 * is: errors cross package lines by their brand, never by `instanceof` on one class object.
 */
const HOST_ERROR = Symbol.for('adloom.HostError');

/**
 * A failure a host reports, with the HTTP status that says what kind: 0 (the host cannot be
 * reached), 400 (a bad request; `issues` names the fields or the graph's diagnostics), 403 (a
 * path outside the workspace, a caller that is not the editor), 404, 409 (the file changed on
 * disk since it was opened), 413, 500. Both transports answer with it, and the editor reads it.
 */
export class HostError extends Error {
  readonly [HOST_ERROR] = true;
  readonly status: number;
  /** The request's field issues, or the graph's diagnostics, for a 400. */
  readonly issues?: unknown;

  constructor(status: number, message: string, issues?: unknown) {
    super(message);
    this.name = 'HostError';
    this.status = status;
    if (issues !== undefined) this.issues = issues;
  }
}

/** Whether a thrown value is a HostError, from this copy of the package or any other. */
export function isHostError(value: unknown): value is HostError {
  return typeof value === 'object' && value !== null && (value as { [HOST_ERROR]?: unknown })[HOST_ERROR] === true;
}
