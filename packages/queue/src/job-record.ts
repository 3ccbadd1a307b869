import type { Job } from 'bullmq';
import type { RunJobData, RunJobProgress, RunJobResult } from './run-job.ts';

/** A job as `adloom jobs` shows it. */
export interface JobRecord {
  id: string;
  state: string;
  graph: { name: string; hash: string };
  progress?: RunJobProgress;
  attempts: { made: number; started: number; allowed: number };
  runDir?: string;
  summary?: RunJobResult;
  error?: string;
  worker?: string;
  createdAt: string;
  finishedAt?: string;
}

/** Reads a BullMQ job into what a user asks about it. */
export async function jobRecordOf(job: Job<RunJobData, RunJobResult>): Promise<JobRecord> {
  const state = await job.getState();
  const progress =
    typeof job.progress === 'object' && job.progress !== null ? (job.progress as unknown as RunJobProgress) : undefined;
  const summary = job.returnvalue ?? undefined;
  return {
    id: job.id as string,
    state,
    graph: { name: job.data.graphName, hash: job.data.graphHash },
    ...(progress ? { progress } : {}),
    attempts: { made: job.attemptsMade, started: job.attemptsStarted, allowed: job.opts.attempts ?? 1 },
    ...(summary?.runDir || progress?.runDir ? { runDir: summary?.runDir ?? progress?.runDir } : {}),
    ...(summary ? { summary } : {}),
    ...(state === 'failed' && job.failedReason ? { error: job.failedReason } : {}),
    ...(progress?.worker ? { worker: progress.worker } : {}),
    createdAt: new Date(job.timestamp).toISOString(),
    ...(job.finishedOn ? { finishedAt: new Date(job.finishedOn).toISOString() } : {}),
  };
}
