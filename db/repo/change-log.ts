import type { Statement } from 'better-sqlite3';
import type { Db } from '../open-database';
import { changeMessageFromRow, type ChangeMessage } from '../model/sync';
import { statementCache } from './statement-cache';

export interface CellWinner {
  hlc: string;
  side_heads: number;
}

export interface CellValue {
  col: string;
  hlc: string;
  value: string;
  prev_hlc: string | null;
}

export interface ConflictRow {
  loser_hlc: string;
  tbl: string;
  row_id: string;
  col: string;
  winner_hlc: string;
  loser_value: string;
  winner_value: string;
}

/**
 * The replication tables: the message log, each cell's winner and side heads, open conflicts,
 * held messages and waiting rows. Every statement the replicator runs against them is here, and
 * the generic read and write of a synced row by its key.
 */
export function createChangeLogRepo(db: Db) {
  const hasMessage = db.prepare<[string]>('SELECT 1 FROM crdt_message WHERE hlc = ?').pluck();
  const insertMessage = db.prepare<[string, string, string, string, string, string | null, number]>(
    'INSERT OR IGNORE INTO crdt_message(hlc, tbl, row_id, col, value, prev_hlc, schema) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const messageByHlc = db.prepare<[string], { hlc: string; tbl: string; row_id: string; col: string; value: string; prev_hlc: string | null; schema: number }>(
    'SELECT hlc, tbl, row_id, col, value, prev_hlc, schema FROM crdt_message WHERE hlc = ?',
  );
  const valueOf = db.prepare<[string]>('SELECT value FROM crdt_message WHERE hlc = ?').pluck();
  const pending = db.prepare<[number, number], { seq: number; hlc: string; tbl: string; row_id: string; col: string; value: string; prev_hlc: string | null; schema: number }>(
    'SELECT seq, hlc, tbl, row_id, col, value, prev_hlc, schema FROM crdt_message WHERE seq > ? ORDER BY seq LIMIT ?',
  );
  const pendingOwn = db.prepare<[number, string, number], { seq: number; hlc: string; tbl: string; row_id: string; col: string; value: string; prev_hlc: string | null; schema: number }>(
    'SELECT seq, hlc, tbl, row_id, col, value, prev_hlc, schema FROM crdt_message WHERE seq > ? AND substr(hlc, 31) = ? ORDER BY seq LIMIT ?',
  );
  const lastSeq = db.prepare('SELECT coalesce(max(seq), 0) FROM crdt_message').pluck();

  const cell = db.prepare<[string, string, string], CellWinner>('SELECT hlc, side_heads FROM crdt_cell WHERE tbl = ? AND row_id = ? AND col = ?');
  const upsertCell = db.prepare<[string, string, string, string, number]>(
    `INSERT INTO crdt_cell(tbl, row_id, col, hlc, side_heads) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(tbl, row_id, col) DO UPDATE SET hlc = excluded.hlc, side_heads = excluded.side_heads`,
  );
  const rowHasCells = db.prepare<[string, string]>('SELECT 1 FROM crdt_cell WHERE tbl = ? AND row_id = ? LIMIT 1').pluck();
  const cellsOfRow = db.prepare<[string, string], CellValue>(
    `SELECT c.col, c.hlc, m.value, m.prev_hlc FROM crdt_cell c JOIN crdt_message m ON m.hlc = c.hlc WHERE c.tbl = ? AND c.row_id = ?`,
  );
  const cellWithValue = db.prepare<[string, string, string], CellValue>(
    `SELECT c.col, c.hlc, m.value, m.prev_hlc FROM crdt_cell c JOIN crdt_message m ON m.hlc = c.hlc
      WHERE c.tbl = ? AND c.row_id = ? AND c.col = ?`,
  );

  const sideHeads = db.prepare<[string, string, string]>('SELECT hlc FROM crdt_side_head WHERE tbl = ? AND row_id = ? AND col = ?').pluck();
  const deleteSideHeads = db.prepare<[string, string, string]>('DELETE FROM crdt_side_head WHERE tbl = ? AND row_id = ? AND col = ?');
  const insertSideHead = db.prepare<[string, string, string, string]>('INSERT OR IGNORE INTO crdt_side_head(tbl, row_id, col, hlc) VALUES (?, ?, ?, ?)');

  const takeOrphan = db.prepare<[string]>('DELETE FROM crdt_orphan WHERE prev_hlc = ?');
  const insertOrphan = db.prepare<[string]>('INSERT OR IGNORE INTO crdt_orphan(prev_hlc) VALUES (?)');

  const deleteConflictsOfCell = db.prepare<[string, string, string]>('DELETE FROM crdt_conflict WHERE tbl = ? AND row_id = ? AND col = ?');
  const insertConflict = db.prepare<[string, string, string, string, string]>(
    'INSERT OR REPLACE INTO crdt_conflict(loser_hlc, tbl, row_id, col, winner_hlc) VALUES (?, ?, ?, ?, ?)',
  );
  const deleteConflict = db.prepare<[string]>('DELETE FROM crdt_conflict WHERE loser_hlc = ?');
  const isAcked = db.prepare<[string]>('SELECT 1 FROM conflict_ack WHERE id = ?').pluck();
  const conflictSelect = `
    SELECT c.loser_hlc, c.tbl, c.row_id, c.col, c.winner_hlc, l.value AS loser_value, w.value AS winner_value
      FROM crdt_conflict c JOIN crdt_message l ON l.hlc = c.loser_hlc JOIN crdt_message w ON w.hlc = c.winner_hlc`;
  const conflicts = db.prepare<[], ConflictRow>(`${conflictSelect} ORDER BY c.tbl, c.row_id, c.col, c.loser_hlc`);
  const conflictByLoser = db.prepare<[string], ConflictRow>(`${conflictSelect} WHERE c.loser_hlc = ?`);
  const conflictCount = db.prepare('SELECT count(*) FROM crdt_conflict').pluck();

  const hold = db.prepare<[string, string]>('INSERT OR REPLACE INTO crdt_held(hlc, reason) VALUES (?, ?)');
  const held = db.prepare<[string]>('SELECT hlc FROM crdt_held WHERE reason = ? ORDER BY hlc').pluck();
  const release = db.prepare<[string]>('DELETE FROM crdt_held WHERE hlc = ?');
  const heldCounts = db.prepare<[], { reason: string; n: number }>('SELECT reason, count(*) AS n FROM crdt_held GROUP BY reason');

  const wait = db.prepare<[string, string, string, string]>(
    'INSERT OR REPLACE INTO crdt_waiting(tbl, row_id, parent_tbl, parent_id) VALUES (?, ?, ?, ?)',
  );
  const stopWaiting = db.prepare<[string, string]>('DELETE FROM crdt_waiting WHERE tbl = ? AND row_id = ?');
  const waitingFor = db.prepare<[string, string], { tbl: string; row_id: string }>(
    'SELECT tbl, row_id FROM crdt_waiting WHERE parent_tbl = ? AND parent_id = ?',
  );
  const waitingCount = db.prepare('SELECT count(*) FROM crdt_waiting').pluck();

  const lastHlc = db.prepare<[string]>('SELECT max(hlc) FROM crdt_message WHERE hlc <= ?').pluck();

  const logBytes = db.prepare<[], { name: string; bytes: number }>(
    `SELECT name, sum(pgsize) AS bytes FROM dbstat
      WHERE name IN ('crdt_message', 'sqlite_autoindex_crdt_message_1', 'crdt_cell') GROUP BY name`,
  );

  const prepared = statementCache(db);

  const toMessage = changeMessageFromRow;

  return {
    hasMessage: (hlc: string): boolean => hasMessage.get(hlc) !== undefined,
    /** Adds a message to the log; false when it was there already. */
    insertMessage: (m: ChangeMessage): boolean =>
      insertMessage.run(m.hlc, m.table, m.row, m.column, m.value, m.prevHlc, m.schema).changes > 0,
    message: (hlc: string): ChangeMessage | null => {
      const row = messageByHlc.get(hlc);
      return row ? toMessage(row) : null;
    },
    valueOf: (hlc: string): string | undefined => valueOf.get(hlc) as string | undefined,
    pending(after: number, limit: number, ownReplica: string | null): { seq: number; message: ChangeMessage }[] {
      const rows = ownReplica ? pendingOwn.all(after, ownReplica, limit) : pending.all(after, limit);
      return rows.map((r) => ({ seq: r.seq, message: toMessage(r) }));
    },
    lastSeq: (): number => lastSeq.get() as number,

    cell: (tbl: string, row: string, col: string): CellWinner | undefined => cell.get(tbl, row, col),
    rowHasCells: (tbl: string, row: string): boolean => rowHasCells.get(tbl, row) !== undefined,
    /**
     * The messages of a row that had no cells: each goes into the log and becomes its cell's
     * winner, with one multi-row INSERT for each table (chunks of 64 rows).
     */
    insertNewCells(messages: ChangeMessage[]): void {
      for (let i = 0; i < messages.length; i += 64) {
        const chunk = messages.slice(i, i + 64);
        (prepared(`INSERT INTO crdt_message(hlc, tbl, row_id, col, value, prev_hlc, schema) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`) as Statement<unknown[]>).run(
          ...chunk.flatMap((m) => [m.hlc, m.table, m.row, m.column, m.value, m.prevHlc, m.schema]),
        );
        (prepared(`INSERT INTO crdt_cell(tbl, row_id, col, hlc, side_heads) VALUES ${chunk.map(() => '(?, ?, ?, ?, 0)').join(', ')}`) as Statement<unknown[]>).run(
          ...chunk.flatMap((m) => [m.table, m.row, m.column, m.hlc]),
        );
      }
    },
    setCell: (tbl: string, row: string, col: string, hlc: string, sideHeads: number) => upsertCell.run(tbl, row, col, hlc, sideHeads),
    cellsOfRow: (tbl: string, row: string): CellValue[] => cellsOfRow.all(tbl, row),
    cellWithValue: (tbl: string, row: string, col: string): CellValue | undefined => cellWithValue.get(tbl, row, col),

    sideHeads: (tbl: string, row: string, col: string): string[] => sideHeads.all(tbl, row, col) as string[],
    replaceSideHeads(tbl: string, row: string, col: string, heads: Iterable<string>): void {
      deleteSideHeads.run(tbl, row, col);
      for (const h of heads) insertSideHead.run(tbl, row, col, h);
    },
    /** True (and forgotten) when a message already named `hlc` as the value it saw. */
    takeOrphan: (hlc: string): boolean => takeOrphan.run(hlc).changes > 0,
    addOrphan: (prevHlc: string) => insertOrphan.run(prevHlc),

    replaceConflictsOfCell(tbl: string, row: string, col: string, losers: string[], winner: string): number {
      deleteConflictsOfCell.run(tbl, row, col);
      for (const loser of losers) insertConflict.run(loser, tbl, row, col, winner);
      return losers.length;
    },
    deleteConflict: (loserHlc: string) => deleteConflict.run(loserHlc),
    isAcked: (loserHlc: string): boolean => isAcked.get(loserHlc) !== undefined,
    conflicts: (): ConflictRow[] => conflicts.all(),
    conflict: (loserHlc: string): ConflictRow | undefined => conflictByLoser.get(loserHlc),
    conflictCount: (): number => conflictCount.get() as number,

    hold: (hlc: string, reason: 'future' | 'unknown' | 'invalid') => hold.run(hlc, reason),
    held: (reason: 'future' | 'unknown'): string[] => held.all(reason) as string[],
    release: (hlc: string) => release.run(hlc),
    heldCounts: () => Object.fromEntries(heldCounts.all().map((r) => [r.reason, r.n])) as Partial<Record<'future' | 'unknown' | 'invalid', number>>,

    wait: (tbl: string, row: string, parentTbl: string, parentId: string) => wait.run(tbl, row, parentTbl, parentId),
    stopWaiting: (tbl: string, row: string) => stopWaiting.run(tbl, row),
    waitingFor: (parentTbl: string, parentId: string) => waitingFor.all(parentTbl, parentId),
    waitingCount: (): number => waitingCount.get() as number,

    /** The highest HLC in the log up to `bound` (one step down the HLC index). */
    lastHlc: (bound: string): string | null => lastHlc.get(bound) as string | null,

    /** Bytes the log and the cell table take on disk (SQLite's dbstat). */
    logBytes(): number {
      return logBytes.all().reduce((sum, r) => sum + r.bytes, 0);
    },

    /** A synced table's row by its key, as stored. */
    row(table: string, key: string, id: string): Record<string, unknown> | undefined {
      return prepared(`SELECT * FROM ${table} WHERE ${key} = ?`).get(id) as Record<string, unknown> | undefined;
    },
    rowExists(table: string, key: string, id: string): boolean {
      return prepared(`SELECT 1 FROM ${table} WHERE ${key} = ?`).get(id) !== undefined;
    },
    insertRow(table: string, values: Record<string, unknown>): void {
      const cols = Object.keys(values);
      (prepared(`INSERT INTO ${table}(${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`) as Statement<unknown[]>).run(
        ...cols.map((c) => values[c]),
      );
    },
    updateRow(table: string, key: string, id: string, values: Record<string, unknown>): void {
      const cols = Object.keys(values).filter((c) => c !== key);
      if (cols.length === 0) return;
      (prepared(`UPDATE ${table} SET ${cols.map((c) => `${c} = ?`).join(', ')} WHERE ${key} = ?`) as Statement<unknown[]>).run(
        ...cols.map((c) => values[c]),
        id,
      );
    },
  };
}
export type ChangeLogRepo = ReturnType<typeof createChangeLogRepo>;
