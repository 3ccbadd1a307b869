import type { ServerResponse } from 'node:http';

/** Events written per turn of the event loop: a replay of 300,000 events must not hold it. */
const EVENTS_PER_TURN = 500;

/**
 * A server-sent event stream that queues events and writes them in batches, one batch per
 * turn of the event loop and only while the socket keeps up. A late subscriber to a
 * 100,000-node run is replayed every past event at once: written in one go, that held the
 * host for seconds and buffered the whole stream in memory.
 */
export class EventStream<T> {
  private readonly res: ServerResponse;
  private readonly format: (event: T) => string;
  private readonly queue: T[] = [];
  private scheduled = false;
  private ending = false;
  private closed = false;

  constructor(res: ServerResponse, format: (event: T) => string) {
    this.res = res;
    this.format = format;
    res.on('close', () => {
      this.closed = true;
      this.queue.length = 0;
    });
  }

  push(event: T): void {
    if (this.closed || this.ending) return;
    this.queue.push(event);
    this.schedule();
  }

  /** Ends the stream once every queued event is written. */
  end(): void {
    this.ending = true;
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    if (this.closed) return;
    const batch = this.queue.splice(0, EVENTS_PER_TURN);
    const keepsUp = batch.length === 0 || this.res.write(batch.map((event) => `data: ${this.format(event)}\n\n`).join(''));
    if (this.queue.length === 0) {
      if (this.ending) this.res.end();
      return;
    }
    if (keepsUp) this.schedule();
    else this.res.once('drain', () => this.schedule());
  }
}
