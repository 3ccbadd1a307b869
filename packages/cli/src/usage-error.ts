/** The command line or the graph is wrong: the message says where, and `adloom` exits with 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Exit codes of the `adloom` command. */
export const EXIT = { ok: 0, runFailed: 1, invalid: 2 } as const;
