import type { Db } from '../open-database';
import { fieldLabel, valueLabel } from '../model/field-labels';
import { refuse } from '../model/result';
import type { ChangeMessage, ConflictSide, SyncApplyReport, SyncConflict, SyncInfo, SyncPendingResult } from '../model/sync';
import type { WaitingRecords } from '../model/sync-client';
import { createReplicasRepo } from '../repo/replicas';
import type { SettingsRepo } from '../repo/settings';
import { hlcTime, replicaTag as tagCandidate } from './hlc';
import type { ReplicaIdentity } from './replica-identity';
import type { Replicator } from './replicator';
import { createSiteRelease } from './site-release';
import { createSyncVerify } from './verify';
import { decodeValue } from './values';
import type { SyncedTableName } from './tables';

/**
 * What sync and the review screens ask of the replication core: this replica, the log since a
 * cursor, applying a batch, and the conflicts people settle. Transport (hub, bundles) is elsewhere.
 */
/** At most this many waiting messages are read to count the records they touch. */
const WAITING_SCAN = 20_000;
/**
 * A person's decisions an officer would recognise (merges, "bukan duplikat", conflicts reviewed).
 * Revisions go with their visit; the office's own data (officers, wilayah, rules) is not counted.
 */
const DECISION_TABLES = new Set(['site_merge', 'site_distinct', 'conflict_ack']);

export function createSyncService(db: Db, replicator: Replicator, identity: ReplicaIdentity, settings: SettingsRepo) {
  const log = replicator.log;
  const replicas = createReplicasRepo(db);
  const siteRelease = createSiteRelease(db, replicator);

  replicator.register('conflict_ack', {
    after(id) {
      replicator.settleConflict(id);
    },
  });

  /**
   * Writes this replica's row in the synced `replica` table when it is missing or its officer
   * changed, so other laptops can name who made a change; returns the replica's visit-number tag.
   * The tag is chosen once, from the replica id, moved on when another known replica has it.
   */
  function announce(): string {
    const id = identity.id();
    const officerId = settings.getSetup()?.officerId ?? null;
    const row = replicas.get(id);
    if (row && row.officer_id === officerId) return row.tag;
    let tag = row?.tag;
    if (!tag) {
      let attempt = 0;
      tag = tagCandidate(id, attempt);
      while (replicas.tagTaken(tag, id)) tag = tagCandidate(id, ++attempt);
    }
    const chosen = tag;
    replicator.write((w) =>
      row
        ? w.update('replica', id, { officer_id: officerId })
        : w.insert('replica', id, { officer_id: officerId, tag: chosen, created_at: w.nowIso }),
    );
    return chosen;
  }

  /** The tag in this replica's visit numbers ("K7Q"), announcing the replica on first use. */
  const replicaTag = (): string => replicas.get(identity.id())?.tag ?? announce();

  function side(table: string, column: string, hlc: string, value: string): ConflictSide {
    const replica = hlc.slice(-16);
    const decoded = decodeValue(value);
    // A site's sentra reads as the sentra's name (an id says nothing to a person).
    const sentra = table === 'site' && column === 'sentra_id' && typeof decoded === 'string' ? replicas.recordName('sentra', decoded) : null;
    const text = sentra ? { id: sentra, en: sentra } : valueLabel(table, column, decoded);
    return { hlc, value: decoded, at: hlcTime(hlc), officer: replicas.officerName(replica), ...(text ? { text } : {}) };
  }

  function describe(row: ReturnType<typeof log.conflicts>[number]): SyncConflict {
    const name = replicas.recordName(row.tbl, row.row_id);
    return {
      id: row.loser_hlc,
      table: row.tbl,
      rowId: row.row_id,
      column: row.col,
      record: name ?? `${row.tbl} ${row.row_id}`,
      field: fieldLabel(row.tbl, row.col),
      winner: side(row.tbl, row.col, row.winner_hlc, row.winner_value),
      loser: side(row.tbl, row.col, row.loser_hlc, row.loser_value),
    };
  }

  return {
    replicaId: (): string => identity.id(),
    replicaTag,
    announce,
    info(): SyncInfo {
      const held = log.heldCounts();
      return {
        replicaId: identity.id(),
        replicaTag: replicas.get(identity.id())?.tag ?? null,
        lastSeq: log.lastSeq(),
        openConflicts: log.conflictCount(),
        held: { future: held.future ?? 0, unknown: held.unknown ?? 0, invalid: held.invalid ?? 0 },
        waitingRows: log.waitingCount(),
      };
    },
    /** Bytes of the change log and cell table on disk. */
    logBytes: (): number => log.logBytes(),
    /**
     * What waits to reach the hub, in records an officer knows (not messages: a draft saved fifty
     * times is one visit): sites, visits, photos and documents, and anything else.
     */
    waitingRecords(after: number, scan = WAITING_SCAN): WaitingRecords {
      const counts = { sites: 0, visits: 0, files: 0, other: 0, more: false };
      let messages = 0;
      for (const row of log.waitingRows(after, scan + 1)) {
        messages += row.messages;
        const kind = row.tbl === 'site' ? 'sites' : row.tbl === 'visit' ? 'visits' : row.tbl === 'attachment' ? 'files' : DECISION_TABLES.has(row.tbl) ? 'other' : null;
        if (kind) counts[kind] += row.n;
      }
      counts.more = messages > scan;
      return counts;
    },
    openConflictCount: (): number => log.conflictCount(),
    pending: (input: { after: number; limit: number; ownOnly: boolean }): SyncPendingResult =>
      replicator.pending(input.after, input.limit, input.ownOnly),
    apply: (messages: ChangeMessage[]): SyncApplyReport => replicator.apply(messages),
    /** Recomputes every derived value from the cells and reports what differs from what is stored (db/sync/verify.ts). */
    verify: createSyncVerify(db, replicator).verify,
    /** Before sending: what was stamped over a day ahead by a clock now right is stamped again (db/sync/replicator.ts). */
    restampAhead: (): boolean => replicator.restampAhead(),
    /** The clock's statements, for the tests of their query plans. */
    clockStatements: () => log.clockStatements(),
    /** Removes sites that left this laptop's scope, once nothing of theirs waits to be sent (db/sync/site-release.ts). */
    releaseSites: siteRelease.releaseSites,
    conflicts: (): SyncConflict[] => log.conflicts().map(describe),
    /**
     * Settles a conflict: `keep` leaves the winning value, `restore` writes the other value back
     * as a new change. Either way the decision itself syncs, and closes it on every laptop.
     */
    resolveConflict(loserHlc: string, choice: 'keep' | 'restore', resolvedBy: string): void {
      replicator.write((w) => {
        const conflict = log.conflict(loserHlc);
        if (!conflict) throw refuse('NOT_FOUND', 'conflict_not_found', 'Konflik tidak ditemukan atau sudah diselesaikan');
        if (choice === 'restore') replicator.restore(w, conflict.tbl as SyncedTableName, conflict.row_id, conflict.col, decodeValue(conflict.loser_value), resolvedBy);
        w.insert('conflict_ack', loserHlc, { choice, resolved_by: resolvedBy, resolved_at: w.nowIso });
      });
    },
  };
}
export type SyncService = ReturnType<typeof createSyncService>;
