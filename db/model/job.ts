import { z } from 'zod';
import type { ApiError } from './result';

export const JOB_STATES = ['running', 'done', 'failed', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** Where a long job stands; `seq` goes up with every change (see db/jobs.ts). */
export interface JobProgress {
  id: string;
  kind: string;
  state: JobState;
  /** What it is doing now, e.g. "visits" or "attachments"; '' before it starts. */
  phase: string;
  done: number;
  /** Null while not yet known. */
  total: number | null;
  seq: number;
  /** What the job produced, once done (an export: the files it wrote). */
  result: unknown;
  error: ApiError | null;
}

export const JobIdRequest = z.object({ id: z.string().uuid('ID pekerjaan tidak valid') });
export const JobWatchRequest = z.object({
  id: z.string().uuid('ID pekerjaan tidak valid'),
  /** The seq the caller has seen; the answer comes when the job has moved past it. */
  after: z.number().int().min(-1).default(-1),
});
