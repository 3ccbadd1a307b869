import { ConflictError, OutsideWorkspaceError } from '@adloom/server';

/** A failure with the status the browser host would answer with (400, 403, 404, 409, 500). */
export class HostFailure extends Error {
  readonly status: number;
  readonly issues?: unknown;

  constructor(status: number, message: string, issues?: unknown) {
    super(message);
    this.name = 'HostFailure';
    this.status = status;
    this.issues = issues;
  }
}

/** What main answers on every invoke channel: the value, or the browser host's error body plus its status. */
export type IpcAnswer<T> = { ok: true; value: T } | { ok: false; error: string; status: number; issues?: unknown };

/** The error body for a thrown error, mapped as `adloom serve` maps it (see packages/server/src/server.ts). */
export function failureAnswer(error: unknown): Extract<IpcAnswer<never>, { ok: false }> {
  if (error instanceof HostFailure) {
    return {
      ok: false,
      error: error.message,
      status: error.status,
      ...(error.issues === undefined ? {} : { issues: error.issues }),
    };
  }
  if (error instanceof OutsideWorkspaceError) return { ok: false, error: error.message, status: 403 };
  if (error instanceof ConflictError) return { ok: false, error: error.message, status: 409 };
  return { ok: false, error: error instanceof Error ? error.message : String(error), status: 500 };
}
