import type { ChangeMessage, SyncApplyReport, SyncPendingResult } from '../model/sync';

/** What the hub and the hub client need from the replication core (`core.sync`). */
export interface ReplicaSync {
  replicaId(): string;
  pending(request: { after: number; limit: number; ownOnly: boolean }): SyncPendingResult;
  apply(messages: ChangeMessage[]): SyncApplyReport;
}

/** The core's replication API, as the transports use it: only that part of the core. */
export function replicaSyncOf(core: { sync: ReplicaSync }): ReplicaSync {
  return core.sync;
}
