import { z } from 'zod';

/**
 * What a queued run carries: the graph's content and hash (a path would differ between
 * machines), its inputs with files already in the workspace's store, and the run's options.
 */
export const runJobDataSchema = z.object({
  graph: z.string(),
  graphHash: z.string().regex(/^[0-9a-f]{64}$/),
  graphName: z.string(),
  inputs: z.record(z.string(), z.unknown()).default({}),
  /** Input names whose values are workspace-relative paths of files in the store. */
  fileInputs: z.array(z.string()).default([]),
  sets: z.array(z.object({ target: z.string(), value: z.unknown() })).default([]),
  only: z.array(z.string()).optional(),
  noCache: z.boolean().default(false),
});

export type RunJobData = z.input<typeof runJobDataSchema>;

/** How a job ended or stands, kept in its progress so any client can read it. */
export type RunJobOutcome = 'running' | 'succeeded' | 'failed' | 'cancelled' | 'invalid';

export interface RunJobProgress {
  runId: string;
  /** The run folder, relative to the workspace. */
  runDir: string;
  nodes: number;
  done: number;
  outcome: RunJobOutcome;
  /** The worker that ran (or runs) the job. */
  worker?: string;
}

/** The manifest's summary, the job's return value. */
export interface RunJobResult {
  runId: string;
  runDir: string;
  status: string;
  durationMs: number;
  nodes: Record<string, number>;
  artifacts: number;
}

/** Job ids become run folder names: letters, digits, `.`, `_`, `-`, and never a bare number (BullMQ's own ids). */
export const JOB_ID_PATTERN = /^(?!\d+$)[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
