import type { Db } from '../open-database';
import { fieldLabel } from '../model/field-labels';
import { AppError } from '../model/result';
import type { ChangeMessage, ConflictSide, SyncApplyReport, SyncConflict, SyncInfo, SyncPendingResult } from '../model/sync';
import type { SettingsRepo } from '../repo/settings';
import { hlcTime, replicaTag as tagCandidate } from './hlc';
import type { ReplicaIdentity } from './replica-identity';
import type { Replicator } from './replicator';
import { decodeValue } from './values';

/**
 * What sync and the review screens ask of the replication core: this replica, the log since a
 * cursor, applying a batch, and the conflicts people settle. Transport (hub, bundles) is elsewhere.
 */
export function createSyncService(db: Db, replicator: Replicator, identity: ReplicaIdentity, settings: SettingsRepo) {
  const log = replicator.log;
  const tagTaken = db.prepare<[string, string]>('SELECT 1 FROM replica WHERE tag = ? AND id <> ?').pluck();
  const replicaRow = db.prepare<[string], { officer_id: string | null; tag: string }>('SELECT officer_id, tag FROM replica WHERE id = ?');
  const officerOfReplica = db.prepare<[string]>(
    'SELECT o.name FROM replica r JOIN officer o ON o.id = r.officer_id WHERE r.id = ?',
  ).pluck();
  const recordNames: Record<string, ReturnType<Db['prepare']>> = {
    site: db.prepare('SELECT \'Usaha "\' || name || \'"\' FROM site WHERE id = ?').pluck(),
    visit: db.prepare('SELECT \'Kunjungan \' || v.number || \' (\' || s.name || \')\' FROM visit v JOIN site s ON s.id = v.site_id WHERE v.id = ?').pluck(),
    attachment: db.prepare('SELECT \'Lampiran "\' || file_name || \'"\' FROM attachment WHERE id = ?').pluck(),
    officer: db.prepare('SELECT \'Petugas \' || name FROM officer WHERE id = ?').pluck(),
    wilayah: db.prepare('SELECT \'Wilayah \' || name FROM wilayah WHERE id = ?').pluck(),
    wilayah_regency: db.prepare('SELECT \'Kabupaten/kota \' || name FROM area WHERE code = ?').pluck(),
  };

  replicator.register('conflict_ack', {
    after(id) {
      replicator.settleConflict(id);
    },
  });

  /**
   * The tag of this replica's visit numbers: taken from its id, moved on when another replica
   * already known here has it, and announced to the others in the synced `replica` table.
   */
  function replicaTag(): string {
    const known = identity.tag();
    if (known) return known;
    const id = identity.id();
    let attempt = 0;
    let tag = tagCandidate(id, attempt);
    while (tagTaken.get(tag, id)) tag = tagCandidate(id, ++attempt);
    identity.setTag(tag);
    announce(tag);
    return tag;
  }

  /** Writes this replica's row (officer and tag) so other laptops can name who made a change. */
  function announce(tag = identity.tag() ?? replicaTag()): void {
    const officerId = settings.getSetup()?.officerId ?? null;
    const row = replicaRow.get(identity.id());
    if (tag && (!row || row.officer_id !== officerId || row.tag !== tag)) {
      replicator.write((w) =>
        row
          ? w.update('replica', identity.id(), { officer_id: officerId, tag })
          : w.insert('replica', identity.id(), { officer_id: officerId, tag, created_at: w.nowIso }),
      );
    }
  }

  function side(hlc: string, value: string): ConflictSide {
    const replica = hlc.slice(-16);
    return { hlc, value: decodeValue(value), at: hlcTime(hlc), officer: (officerOfReplica.get(replica) as string | undefined) ?? null };
  }

  function describe(row: ReturnType<typeof log.conflicts>[number]): SyncConflict {
    const name = recordNames[row.tbl]?.get(row.row_id) as string | undefined;
    return {
      id: row.loser_hlc,
      table: row.tbl,
      rowId: row.row_id,
      column: row.col,
      record: name ?? `${row.tbl} ${row.row_id}`,
      field: fieldLabel(row.tbl, row.col),
      winner: side(row.winner_hlc, row.winner_value),
      loser: side(row.loser_hlc, row.loser_value),
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
        replicaTag: identity.tag() ?? null,
        lastSeq: log.lastSeq(),
        openConflicts: log.conflictCount(),
        held: { future: held.future ?? 0, unknown: held.unknown ?? 0, invalid: held.invalid ?? 0 },
        waitingRows: log.waitingCount(),
      };
    },
    /** Bytes of the change log and cell table on disk. */
    logBytes: (): number => log.logBytes(),
    pending: (input: { after: number; limit: number; ownOnly: boolean }): SyncPendingResult =>
      replicator.pending(input.after, input.limit, input.ownOnly),
    apply: (messages: ChangeMessage[]): SyncApplyReport => replicator.apply(messages),
    conflicts: (): SyncConflict[] => log.conflicts().map(describe),
    /**
     * Settles a conflict: `keep` leaves the winning value, `restore` writes the other value back
     * as a new change. Either way the decision itself syncs, and closes it on every laptop.
     */
    resolveConflict(loserHlc: string, choice: 'keep' | 'restore', resolvedBy: string): void {
      replicator.write((w) => {
        const conflict = log.conflict(loserHlc);
        if (!conflict) throw new AppError('NOT_FOUND', 'Konflik tidak ditemukan atau sudah diselesaikan');
        if (choice === 'restore') w.writeCells(conflict.tbl as never, conflict.row_id, [[conflict.col, decodeValue(conflict.loser_value)]]);
        w.insert('conflict_ack', loserHlc, { choice, resolved_by: resolvedBy, resolved_at: w.nowIso });
      });
    },
  };
}
export type SyncService = ReturnType<typeof createSyncService>;
