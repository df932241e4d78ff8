import { useCallback, useEffect, useRef, useState } from 'react';
import type { JobProgress, Result } from '../../db/model';
import { apiErrorText, errorMessage, unwrap } from './api';

export type JobState<R> =
  | { phase: 'idle' }
  | { phase: 'running'; progress: JobProgress; cancelling: boolean }
  | { phase: 'done'; result: R }
  | { phase: 'cancelled' }
  | { phase: 'failed'; message: string };

/**
 * Starts a long job in the core (an export, an import) and follows its progress with
 * `job.watch` (each answer comes when the job has moved on), until it is done, failed or
 * cancelled. `begin` answers null when the person backed out (closed a save dialog).
 */
export function useJob<R>() {
  const [state, setState] = useState<JobState<R>>({ phase: 'idle' });
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const start = useCallback(async (begin: () => Promise<Result<JobProgress | null>>) => {
    try {
      let progress = await unwrap(begin());
      if (!progress) return setState({ phase: 'idle' });
      setState({ phase: 'running', progress, cancelling: false });
      while (progress.state === 'running' && alive.current) {
        progress = await unwrap(window.ikm.job.watch({ id: progress.id, after: progress.seq }));
        const current = progress;
        if (alive.current && current.state === 'running') {
          setState((s) => ({ phase: 'running', progress: current, cancelling: s.phase === 'running' && s.cancelling }));
        }
      }
      if (!alive.current) return;
      if (progress.state === 'done') setState({ phase: 'done', result: progress.result as R });
      else if (progress.state === 'cancelled') setState({ phase: 'cancelled' });
      else setState({ phase: 'failed', message: progress.error ? apiErrorText(progress.error) : '' });
    } catch (error) {
      if (alive.current) setState({ phase: 'failed', message: errorMessage(error) });
    }
  }, []);

  const cancel = useCallback(() => {
    setState((s) => {
      if (s.phase !== 'running') return s;
      void window.ikm.job.cancel({ id: s.progress.id });
      return { ...s, cancelling: true };
    });
  }, []);

  const reset = useCallback(() => setState({ phase: 'idle' }), []);
  return { state, start, cancel, reset };
}
