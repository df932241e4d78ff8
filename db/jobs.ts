import { randomUUID } from 'node:crypto';
import type { JobProgress } from './model/job';
import { AppError, refuse, type ApiError } from './model/result';
import { log } from './log';

/**
 * Long jobs (exports, prints, imports) in the core, served by every shell with plain calls:
 *
 *   start  — a handler calls `jobs.start(kind, run)` and returns the first JobProgress at once;
 *   events — the job calls `ctx.progress(done, total)`; each change bumps `seq`. A shell waits
 *            for the next one with `job.watch({ id, after: seq })` (a long poll that answers as soon
 *            as seq moves past `after`), or, in-process, with `jobs.subscribe`;
 *   done   — state 'done' with `result`, 'failed' with `error`, or 'cancelled' after `job.cancel`.
 *
 * A job runs on the same thread as the database but yields between batches
 * (`ctx.checkpoint()`), so calls from the window keep being answered while it runs. Nothing is
 * pushed over a transport, so Electron IPC, the Playwright binding and the CLI serve it as is.
 */
export interface JobContext {
  readonly signal: AbortSignal;
  /** Records progress; `total` null while still unknown. */
  progress(done: number, total?: number | null, phase?: string): void;
  /** Lets other calls run, then throws JOB_CANCELLED if the job was cancelled. */
  checkpoint(): Promise<void>;
}

/** Thrown by `checkpoint` once a job is cancelled; the runner turns it into state 'cancelled'. */
export class JobCancelled extends Error {
  constructor() {
    super('Dibatalkan');
    this.name = 'JobCancelled';
  }
}

/** How long a finished job stays readable (for a window that reconnects to it). */
const KEEP_FINISHED_MS = 10 * 60_000;

type Listener = (progress: JobProgress) => void;

/** What a failed job reports: the core's own error as is, anything else as INTERNAL. */
function jobError(error: unknown): ApiError {
  if (error instanceof AppError) return { code: error.code, ...error.detail, message: error.message, issues: error.issues };
  const detail = error instanceof Error ? error.message : String(error);
  log.error('job_failed', error);
  return { code: 'INTERNAL', reason: 'job_failed', message: `Pekerjaan gagal: ${detail}` };
}

export function createJobRunner() {
  const jobs = new Map<string, { progress: JobProgress; controller: AbortController; listeners: Set<Listener> }>();

  function update(id: string, change: Partial<JobProgress>): void {
    const job = jobs.get(id);
    if (!job) return;
    job.progress = { ...job.progress, ...change, seq: job.progress.seq + 1 };
    for (const listener of [...job.listeners]) listener(job.progress);
  }

  function require(id: string) {
    const job = jobs.get(id);
    if (!job) throw refuse('NOT_FOUND', 'job_not_found', 'Pekerjaan tidak ditemukan (mungkin sudah lama selesai)');
    return job;
  }

  return {
    /** Starts `run` on the next turn of the event loop and returns its first progress. */
    start(kind: string, run: (ctx: JobContext) => Promise<unknown>): JobProgress {
      const id = randomUUID();
      const controller = new AbortController();
      const progress: JobProgress = { id, kind, state: 'running', phase: '', done: 0, total: null, seq: 0, result: null, error: null };
      jobs.set(id, { progress, controller, listeners: new Set() });
      let lastReport = 0;
      const ctx: JobContext = {
        signal: controller.signal,
        progress(done, total, phase) {
          const job = jobs.get(id)!;
          const now = Date.now();
          const changed = phase !== undefined && phase !== job.progress.phase;
          // Progress on every row would flood a watcher; five updates a second are plenty.
          if (!changed && now - lastReport < 200 && done !== total) {
            job.progress = { ...job.progress, done, total: total === undefined ? job.progress.total : total };
            return;
          }
          lastReport = now;
          update(id, { done, ...(total === undefined ? {} : { total }), ...(phase === undefined ? {} : { phase }) });
        },
        async checkpoint() {
          await new Promise((resolve) => setImmediate(resolve));
          if (controller.signal.aborted) throw new JobCancelled();
        },
      };
      setImmediate(() => {
        run(ctx).then(
          (result) => {
            if (controller.signal.aborted) update(id, { state: 'cancelled' });
            else update(id, { state: 'done', result: result ?? null });
          },
          (error: unknown) => {
            if (error instanceof JobCancelled || controller.signal.aborted) update(id, { state: 'cancelled' });
            else update(id, { state: 'failed', error: jobError(error) });
          },
        ).finally(() => {
          const timer = setTimeout(() => jobs.delete(id), KEEP_FINISHED_MS);
          timer.unref?.();
        });
      });
      return progress;
    },
    get(id: string): JobProgress {
      return require(id).progress;
    },
    /** Asks the job to stop; it stops at its next checkpoint and removes what it wrote. */
    cancel(id: string): JobProgress {
      const job = require(id);
      if (job.progress.state === 'running') job.controller.abort();
      return job.progress;
    },
    /** The progress once its seq is past `after`, or the current one after `timeoutMs`. */
    watch(id: string, after: number, timeoutMs = 2000): Promise<JobProgress> {
      const job = require(id);
      if (job.progress.seq > after || job.progress.state !== 'running') return Promise.resolve(job.progress);
      return new Promise((resolve) => {
        const done = (progress: JobProgress) => {
          clearTimeout(timer);
          job.listeners.delete(done);
          resolve(progress);
        };
        const timer = setTimeout(() => done(job.progress), timeoutMs);
        job.listeners.add(done);
      });
    },
    /** Every later change of one job (the CLI prints them). Returns the unsubscribe. */
    subscribe(id: string, listener: Listener): () => void {
      const job = require(id);
      job.listeners.add(listener);
      return () => job.listeners.delete(listener);
    },
    /** Resolves with the final progress of a job. */
    async finished(id: string): Promise<JobProgress> {
      let progress = require(id).progress;
      while (progress.state === 'running') progress = await this.watch(id, progress.seq, 60_000);
      return progress;
    },
    /** Cancels every running job (the database is closing). */
    cancelAll(): void {
      for (const job of jobs.values()) if (job.progress.state === 'running') job.controller.abort();
    },
  };
}
export type JobRunner = ReturnType<typeof createJobRunner>;
