/** A counting semaphore: at most `limit` holders at once, waiters served first come first served. */
export class Semaphore {
  private active = 0;
  private readonly waiters: (() => void)[] = [];

  readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
    if (!(limit >= 1)) throw new RangeError(`a concurrency limit must be at least 1 (got ${limit})`);
  }

  /** Resolves once a slot is held; call `release` exactly once after. */
  acquire(): Promise<void> | undefined {
    if (this.active < this.limit) {
      this.active++;
      return undefined;
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.active--;
  }
}
