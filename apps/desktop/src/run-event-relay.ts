import type { RunEventMessage } from './channels.ts';
import type { EngineSupervisor } from './engine-protocol.ts';

type RunSource = Pick<EngineSupervisor, 'subscribe'>;

/**
 * Run events on their way to windows: each subscription a window makes (one per `subscribeRun`
 * in its editor) gets the run's past events, then new ones, tagged with its id; a closed window
 * drops all of its subscriptions.
 */
export class RunEventRelay {
  private readonly source: RunSource;
  private readonly send: (targetId: number, message: RunEventMessage) => void;
  private readonly subscriptions = new Map<number, Map<number, () => void>>();

  constructor(source: RunSource, send: (targetId: number, message: RunEventMessage) => void) {
    this.source = source;
    this.send = send;
  }

  /** `source`: where this subscription's events come from, when not the engine (the host service, for runs on disk). */
  subscribe(targetId: number, subscriptionId: number, runId: string, source: RunSource = this.source): void {
    this.unsubscribe(targetId, subscriptionId);
    let target = this.subscriptions.get(targetId);
    if (!target) {
      target = new Map();
      this.subscriptions.set(targetId, target);
    }
    const mine = target;
    let stop: (() => void) | undefined;
    let isDone = false;
    stop = source.subscribe(runId, (event) => {
      this.send(targetId, { subscriptionId, event });
      if (event.type === 'run.finished') {
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
