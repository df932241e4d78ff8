import type { Core } from '../core';
import type { ChangeMessage, SyncApplyReport, SyncPendingRequest, SyncPendingResult } from '../model/sync';

/** What the hub and the hub client need from the replication core (issue 7's `core.sync`). */
export interface ReplicaSync {
  replicaId(): string;
  pending(request: SyncPendingRequest): SyncPendingResult;
  apply(messages: ChangeMessage[]): SyncApplyReport;
}

/** The core's replication API; null on a core built before it existed. */
export function replicaSyncOf(core: Core): ReplicaSync | null {
  return (core as Core & { sync?: ReplicaSync }).sync ?? null;
}
