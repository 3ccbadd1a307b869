import type { RunEvent } from './events.ts';

interface LoggedStory<E> {
  events: E[];
  listeners: Set<(event: E) => void>;
  finished: boolean;
}

/** How a log tells a story's last event, and an event that begins it again. */
export interface ReplayedEventRules<E> {
  isLast(event: E): boolean;
  isRestart?(event: E): boolean;
}

/**
 * Events of things a host keeps going in the background (runs, assistant turns), each known
 * by id and replayed to whoever subscribes late (a page that reloads, a second tab).
 */
export class ReplayedEventLog<E> {
  private readonly stories = new Map<string, LoggedStory<E>>();
  private readonly keep: number;
  private readonly rules: ReplayedEventRules<E>;

  /** `keep`: how many ids' events are kept, the oldest dropped first. */
  constructor(rules: ReplayedEventRules<E>, keep = 50) {
    this.rules = rules;
    this.keep = keep;
  }

  open(id: string): void {
    this.stories.set(id, { events: [], listeners: new Set(), finished: false });
    if (this.stories.size > this.keep) this.stories.delete(this.stories.keys().next().value as string);
  }

  has(id: string): boolean {
    return this.stories.has(id);
  }

  isFinished(id: string): boolean {
    return this.stories.get(id)?.finished ?? false;
  }

  /** Records and passes on an event; nothing after the last one, and a restart begins the story again (a retried job). */
  emit(id: string, event: E): void {
    const story = this.stories.get(id);
    if (!story || story.finished) return;
    if (this.rules.isRestart?.(event)) story.events = [];
    story.events.push(event);
    if (this.rules.isLast(event)) story.finished = true;
    for (const listener of story.listeners) listener(event);
  }

  /** Replays past events, then streams new ones; returns an unsubscribe function. */
  subscribe(id: string, listener: (event: E) => void): () => void {
    const story = this.stories.get(id);
    if (!story) return () => {};
    for (const event of story.events) listener(event);
    if (story.finished) return () => {};
    story.listeners.add(listener);
    return () => story.listeners.delete(listener);
  }
}

/**
 * The events of a host's recent runs, replayed to whoever subscribes late: one log for every
 * run backend, in process or on a queue.
 */
export class RunEventLog extends ReplayedEventLog<RunEvent> {
  /** `keep`: how many runs' events are kept, the oldest dropped first. */
  constructor(keep = 50) {
    super({ isLast: (event) => event.type === 'run.finished', isRestart: (event) => event.type === 'run.started' }, keep);
  }
}
