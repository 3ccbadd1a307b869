import type { RunEvent } from '@adloom/engine';
import { type Job, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { type JobRecord, jobRecordOf } from './job-record.ts';
import { DEFAULT_QUEUE, queueNames } from './queue-names.ts';
import { connectRedis } from './redis-url.ts';
import type { RunJobData, RunJobResult } from './run-job.ts';

type RunJob = Job<RunJobData, RunJobResult>;

export interface AddRunOptions {
  /** The job's id; the same id twice runs once. */
  id: string;
  /** BullMQ priority: 1 first, higher later; none is before any priority. */
  priority?: number;
  /** Attempts for infrastructure failures, the first included (default 3). */
  attempts?: number;
}

/** What became of a cancel request. */
export type CancelOutcome = 'signalled' | 'finished' | 'unknown';

// Finished jobs stay a week, so a repeated id is still known and `adloom jobs` can show them.
const KEEP = { age: 7 * 24 * 3600, count: 100_000 };

/** The client side of the run queue: puts runs on it, reads them back, cancels them, follows them. */
export class RunQueue {
  readonly name: string;
  private readonly redis: Redis;
  private readonly queue: Queue<RunJobData, RunJobResult>;
  private readonly names: ReturnType<typeof queueNames>;
  private events: QueueEvents | undefined;
  private readonly subscribers: Redis[] = [];

  private constructor(redis: Redis, name: string) {
    this.redis = redis;
    this.name = name;
    this.names = queueNames(name);
    this.queue = new Queue<RunJobData, RunJobResult>(name, { connection: redis });
    // Each job waited for adds a listener for the queue's closing: a client may wait on thousands.
    this.queue.setMaxListeners(0);
  }

  /** Connects; a Redis that cannot be reached rejects with `RedisUnreachableError`. */
  static async open(redisUrl: string, name = DEFAULT_QUEUE): Promise<RunQueue> {
    return new RunQueue(await connectRedis(redisUrl), name);
  }

  /** Queues a run, unless a job of that id exists already (then it is left as it is). */
  async add(data: RunJobData, options: AddRunOptions): Promise<{ id: string; existed: boolean }> {
    if (await this.queue.getJob(options.id)) return { id: options.id, existed: true };
    const job = await this.queue.add('run', data, {
      jobId: options.id,
      ...(options.priority !== undefined ? { priority: options.priority } : {}),
      attempts: options.attempts ?? 3,
      backoff: { type: 'exponential', delay: 2_000 },
      removeOnComplete: KEEP,
      removeOnFail: KEEP,
    });
    return { id: job.id as string, existed: false };
  }

  async get(id: string): Promise<JobRecord | undefined> {
    const job = (await this.queue.getJob(id)) as RunJob | undefined;
    return job ? jobRecordOf(job) : undefined;
  }

  /** The newest jobs first, of every state. */
  async list(limit = 50): Promise<JobRecord[]> {
    const jobs = (await this.queue.getJobs(
      ['active', 'waiting', 'prioritized', 'delayed', 'completed', 'failed'],
      0,
      limit - 1,
    )) as RunJob[];
    const records = await Promise.all(jobs.filter(Boolean).map(jobRecordOf));
    return records.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, limit);
  }

  /**
   * Cancels a job: marked so that no worker starts it, and the worker running it (on any
   * machine) aborts its run through the engine's signal.
   */
  async cancel(id: string): Promise<CancelOutcome> {
    const job = (await this.queue.getJob(id)) as RunJob | undefined;
    if (!job) return 'unknown';
    const state = await job.getState();
    if (state === 'completed' || state === 'failed') return 'finished';
    await this.redis.set(this.names.cancelled(id), '1', 'EX', KEEP.age);
    await this.redis.publish(this.names.cancel, id);
    return 'signalled';
  }

  /** Calls `onEvent` with each event of the job's run as it happens, from whichever worker runs it. */
  async follow(id: string, onEvent: (event: RunEvent) => void): Promise<void> {
    const subscriber = this.redis.duplicate();
    subscriber.on('error', () => {});
    this.subscribers.push(subscriber);
    subscriber.on('message', (_channel: string, message: string) => {
      try {
        onEvent(JSON.parse(message) as RunEvent);
      } catch {
        // A message that is no event is not ours to show.
      }
    });
    await subscriber.subscribe(this.names.events(id));
  }

  /** Calls `onEvent` with every event of every job's run on this queue; resolves once listening. */
  async followAll(onEvent: (jobId: string, event: RunEvent) => void): Promise<void> {
    const subscriber = this.redis.duplicate();
    subscriber.on('error', () => {});
    this.subscribers.push(subscriber);
    const channelPrefix = this.names.events('');
    subscriber.on('pmessage', (_pattern: string, channel: string, message: string) => {
      try {
        onEvent(channel.slice(channelPrefix.length), JSON.parse(message) as RunEvent);
      } catch {
        // A message that is no event is not ours to show.
      }
    });
    await subscriber.psubscribe(`${channelPrefix}*`);
  }

  /** Resolves with the job once it has completed or failed for good. */
  async finished(id: string): Promise<JobRecord> {
    if (!this.events) {
      const connection = this.redis.duplicate();
      connection.on('error', () => {});
      this.subscribers.push(connection);
      this.events = new QueueEvents(this.name, { connection });
    }
    const job = (await this.queue.getJob(id)) as RunJob | undefined;
    if (!job) throw new Error(`there is no job "${id}"`);
    try {
      await job.waitUntilFinished(this.events);
    } catch {
      // A failed job: its record says why.
    }
    return (await this.get(id)) as JobRecord;
  }

  async close(): Promise<void> {
    // BullMQ leaves connections it was given open: each is quit here.
    await this.events?.close();
    await this.queue.close();
    await Promise.all(this.subscribers.map((s) => s.quit().catch(() => {})));
    await this.redis.quit().catch(() => {});
  }
}
