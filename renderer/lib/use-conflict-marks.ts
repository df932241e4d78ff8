import type { ConflictMarks } from '../../db/model/sync';
import { useApiData } from './api';
import { useSyncStatus } from './use-sync-status';

const NONE: ConflictMarks = { sites: {}, visits: {} };

/**
 * Which sites and visits have an open conflict (and which conflict to link to). Read when a screen
 * opens and again after every sync, so a mark appears as soon as a sync brings a conflict.
 */
export function useConflictMarks(): ConflictMarks {
  const status = useSyncStatus();
  const { data } = useApiData(() => window.ikm.sync.conflictMarks(), `conflict-marks:${status?.lastSyncAt ?? ''}`);
  return data ?? NONE;
}
