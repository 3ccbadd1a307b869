import type { RunEvent } from './events.ts';

interface LoggedRun {
  events: RunEvent[];
  listeners: Set<(event: RunEvent) => void>;
  finished: boolean;
}

/**
 * The events of a host's recent runs, replayed to whoever subscribes late (a page that
 * reloads, a second tab): one log for every run backend, in process or on a queue.
 */
export class RunEventLog {
  private readonly runs = new Map<string, LoggedRun>();
  private readonly keep: number;

  /** `keep`: how many runs' events are kept, the oldest dropped first. */
  constructor(keep = 50) {
    this.keep = keep;
  }

  open(runId: string): void {
    this.runs.set(runId, { events: [], listeners: new Set(), finished: false });
    if (this.runs.size > this.keep) this.runs.delete(this.runs.keys().next().value as string);
  }

  has(runId: string): boolean {
    return this.runs.has(runId);
  }

  isFinished(runId: string): boolean {
    return this.runs.get(runId)?.finished ?? false;
  }

  /** Records and passes on an event; nothing after `run.finished`, and a `run.started` begins the story again (a retried job). */
  emit(runId: string, event: RunEvent): void {
    const run = this.runs.get(runId);
    if (!run || run.finished) return;
    if (event.type === 'run.started') run.events = [];
    run.events.push(event);
    if (event.type === 'run.finished') run.finished = true;
    for (const listener of run.listeners) listener(event);
  }

  /** Replays past events, then streams new ones; returns an unsubscribe function. */
  subscribe(runId: string, listener: (event: RunEvent) => void): () => void {
    const run = this.runs.get(runId);
    if (!run) return () => {};
    for (const event of run.events) listener(event);
    if (run.finished) return () => {};
    run.listeners.add(listener);
    return () => run.listeners.delete(listener);
  }
}
