import { isHostError } from '@adloom/host';

/** What main answers on every invoke channel: the value, or the HostError's words plus its status. */
export type IpcAnswer<T> = { ok: true; value: T } | { ok: false; error: string; status: number; issues?: unknown };

/** The answer for a thrown error: a HostError keeps its status and issues, anything else is a 500. */
export function failureAnswer(error: unknown): Extract<IpcAnswer<never>, { ok: false }> {
  if (isHostError(error)) {
    return {
      ok: false,
      error: error.message,
      status: error.status,
      ...(error.issues === undefined ? {} : { issues: error.issues }),
    };
  }
  return { ok: false, error: error instanceof Error ? error.message : String(error), status: 500 };
}
