import { useCallback } from 'react';
import type { ExportRequest, ExportResult } from '../../db/model';
import { useJob, type JobState } from './use-job';

export type ExportJobState = JobState<ExportResult>;

/** Starts an export in the core and follows it (see useJob). */
export function useExportJob() {
  const job = useJob<ExportResult>();
  const { start: startJob } = job;
  const start = useCallback((request: ExportRequest) => startJob(() => window.ikm.export.start(request)), [startJob]);
  return { ...job, start };
}
