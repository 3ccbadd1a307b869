import type { AssistEvent, RunEvent } from '@adloom/host';

/** Where a subscription's events come from: the engine, or the host service. */
export interface EventSourceOf<E> {
  subscribe(id: string, listener: (event: E) => void): () => void;
}

/** What a relay sends a window: one event, tagged with the subscription it is for. */
export interface RelayedEvent<E> {
  subscriptionId: number;
  event: E;
}

/**
 * Events on their way to windows: each subscription a window makes (one per `subscribeRun` or
 * `subscribeAssist` in its editor) gets the past events, then new ones, tagged with its id,
 * until the last; a closed window drops all of its subscriptions.
 */
export class EventRelay<E extends { type: string }> {
  private readonly source: EventSourceOf<E> | undefined;
  private readonly send: (targetId: number, message: RelayedEvent<E>) => void;
  private readonly isLast: (event: E) => boolean;
  private readonly subscriptions = new Map<number, Map<number, () => void>>();

  /** `source`: where events come from unless a subscription names its own. */
  constructor(
    send: (targetId: number, message: RelayedEvent<E>) => void,
    isLast: (event: E) => boolean,
    source?: EventSourceOf<E>,
  ) {
    this.source = source;
    this.send = send;
    this.isLast = isLast;
  }

  /** `source`: where this subscription's events come from, when not the relay's own (the host service, for runs on disk). */
  subscribe(targetId: number, subscriptionId: number, id: string, source: EventSourceOf<E> | undefined = this.source): void {
    if (!source) throw new Error(`no source of events for ${id}`);
    this.unsubscribe(targetId, subscriptionId);
    let target = this.subscriptions.get(targetId);
    if (!target) {
      target = new Map();
      this.subscriptions.set(targetId, target);
    }
    const mine = target;
    let stop: (() => void) | undefined;
    let isDone = false;
    stop = source.subscribe(id, (event) => {
      this.send(targetId, { subscriptionId, event });
      if (this.isLast(event)) {
        isDone = true;
        mine.delete(subscriptionId);
        stop?.();
      }
    });
    if (!isDone) mine.set(subscriptionId, stop);
  }

  unsubscribe(targetId: number, subscriptionId: number): void {
    const target = this.subscriptions.get(targetId);
    target?.get(subscriptionId)?.();
    target?.delete(subscriptionId);
  }

  /** A window closed: nothing more goes to it. */
  dropTarget(targetId: number): void {
    for (const stop of this.subscriptions.get(targetId)?.values() ?? []) stop();
    this.subscriptions.delete(targetId);
  }

  /** How many subscriptions a window holds (for tests and leak checks). */
  countFor(targetId: number): number {
    return this.subscriptions.get(targetId)?.size ?? 0;
  }
}

/** Run events to windows, from the engine process (or the service, for a run on disk), to `run.finished`. */
export class RunEventRelay extends EventRelay<RunEvent> {
  constructor(source: EventSourceOf<RunEvent>, send: (targetId: number, message: RelayedEvent<RunEvent>) => void) {
    super(send, (event) => event.type === 'run.finished', source);
  }
}

/** An assistant turn's events to windows, from the host service (each subscription names it), to `done`. */
export class AssistEventRelay extends EventRelay<AssistEvent> {
  constructor(send: (targetId: number, message: RelayedEvent<AssistEvent>) => void) {
    super(send, (event) => event.type === 'done');
  }
}
