/** The BullMQ queue name when none is given. */
export const DEFAULT_QUEUE = 'adloom';

/** Redis keys and channels of one queue, beside BullMQ's own. */
export function queueNames(queue: string) {
  const prefix = `adloom:${queue}`;
  return {
    prefix,
    /** A running job's events, one JSON RunEvent a message. */
    events: (jobId: string) => `${prefix}:events:${jobId}`,
    /** Asks whichever worker holds a job to cancel it. */
    cancel: `${prefix}:cancel`,
    /** Set when a job is cancelled, so a worker that picks it up later does not run it. */
    cancelled: (jobId: string) => `${prefix}:cancelled:${jobId}`,
  };
}
