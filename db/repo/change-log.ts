import type { Statement } from 'better-sqlite3';
import type { Db } from '../open-database';
import { changeMessageFromRow, type ChangeMessage } from '../model/sync';
import { statementCache } from './statement-cache';
import { hlcFromBytes, hlcToBytes } from '../sync/hlc';

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

interface StoredCell {
  col: string;
  hlc: Buffer;
  value: string;
  prev_hlc: Buffer | null;
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

/** A message row as stored: the HLCs as their 16 bytes, the row by its table and id. */
interface StoredMessage {
  seq: number;
  hlc: Buffer;
  tbl: string;
  row_id: string;
  col: string;
  value: string;
  prev_hlc: Buffer | null;
  schema: number;
}

const toMessage = (r: StoredMessage): ChangeMessage =>
  changeMessageFromRow({ ...r, hlc: hlcFromBytes(r.hlc), prev_hlc: r.prev_hlc ? hlcFromBytes(r.prev_hlc) : null });
const key = hlcToBytes;
const keyOrNull = (hlc: string | null): Buffer | null => (hlc ? hlcToBytes(hlc) : null);

/** A cell's id: its row's number * 2^20 + its column's number (see migration 0005). */
const CELL_SPAN = 2 ** 20;
const cellId = (rowNo: number, colNo: number): number => rowNo * CELL_SPAN + colNo;

/**
 * The replication tables: the message log, each cell's winner and side heads, open conflicts,
 * held messages and waiting rows. Every statement the replicator runs against them is here, and
 * the generic read and write of a synced row by its key. Callers speak in HLC text, table, row id
 * and column name; the tables keep HLCs as 16 bytes and rows and columns by local numbers, which
 * keeps a site's two dozen messages and cells to about 2 KB and a few pages per save.
 */
export function createChangeLogRepo(db: Db) {
  const rowNoOf = db.prepare<[string, string]>('SELECT no FROM crdt_row WHERE tbl = ? AND row_id = ?').pluck();
  const addRow = db.prepare<[string, string]>('INSERT INTO crdt_row(tbl, row_id) VALUES (?, ?)');
  const colNoOf = db.prepare<[string]>('SELECT no FROM crdt_column WHERE name = ?').pluck();
  const addColumn = db.prepare<[string]>('INSERT INTO crdt_column(name) VALUES (?)');
  const seqOf = db.prepare<[Buffer]>('SELECT seq FROM crdt_message WHERE hlc = ?').pluck();

  // Numbers looked up or made in this transaction; forgotten as each transaction starts, since a
  // rolled-back one may have made numbers that no longer exist.
  const rowNos = new Map<string, number>();
  const colNos = new Map<string, number>();
  const seqs = new Map<string, number>();

  function rowNo(tbl: string, row: string, make: boolean): number | undefined {
    const k = `${tbl}\u0000${row}`;
    let no = rowNos.get(k);
    if (no === undefined) {
      no = rowNoOf.get(tbl, row) as number | undefined;
      if (no === undefined && make) no = Number(addRow.run(tbl, row).lastInsertRowid);
      if (no !== undefined) rowNos.set(k, no);
    }
    return no;
  }
  function colNo(name: string, make: boolean): number | undefined {
    let no = colNos.get(name);
    if (no === undefined) {
      no = colNoOf.get(name) as number | undefined;
      if (no === undefined && make) no = Number(addColumn.run(name).lastInsertRowid);
      if (no !== undefined) colNos.set(name, no);
    }
    return no;
  }
  /** The id of a cell, made when `make`; undefined when its row or column was never named. */
  function cellOf(tbl: string, row: string, col: string, make = false): number | undefined {
    const r = rowNo(tbl, row, make);
    const c = r === undefined ? undefined : colNo(col, make);
    return r === undefined || c === undefined ? undefined : cellId(r, c);
  }
  function seq(hlc: string): number {
    return seqs.get(hlc) ?? (seqOf.get(hlcToBytes(hlc)) as number);
  }

  const hasMessage = db.prepare<[Buffer]>('SELECT 1 FROM crdt_message WHERE hlc = ?').pluck();
  const insertMessage = db.prepare<[Buffer, number, number, string, Buffer | null, number]>(
    'INSERT OR IGNORE INTO crdt_message(hlc, row_no, col_no, value, prev_hlc, schema) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const messageSelect = `SELECT m.seq, m.hlc, r.tbl, r.row_id, k.name AS col, m.value, m.prev_hlc, m.schema
    FROM crdt_message m JOIN crdt_row r ON r.no = m.row_no JOIN crdt_column k ON k.no = m.col_no`;
  const messageByHlc = db.prepare<[Buffer], StoredMessage>(`${messageSelect} WHERE m.hlc = ?`);
  const valueOf = db.prepare<[Buffer]>('SELECT value FROM crdt_message WHERE hlc = ?').pluck();
  // A message superseded by its re-stamped copy (a wrong clock, see `Replicator`) is never sent.
  const notSuperseded = "NOT EXISTS (SELECT 1 FROM crdt_held h WHERE h.seq = m.seq AND h.reason = 'superseded')";
  const pending = db.prepare<[number, number], StoredMessage>(`${messageSelect} WHERE m.seq > ? AND ${notSuperseded} ORDER BY m.seq LIMIT ?`);
  const pendingOwn = db.prepare<[number, Buffer, number], StoredMessage>(
    `${messageSelect} WHERE m.seq > ? AND substr(m.hlc, 9) = ? AND ${notSuperseded} ORDER BY m.seq LIMIT ?`,
  );
  // Own messages stamped beyond the clock's bound and in effect (the index on hlc: nothing to read when none).
  const aheadInEffect = db.prepare<[Buffer], StoredMessage>(
    `${messageSelect} WHERE m.hlc > ? AND NOT EXISTS (SELECT 1 FROM crdt_held h WHERE h.seq = m.seq) ORDER BY m.hlc`,
  );
  const messagesOfRowsInEffect = db.prepare<[string], StoredMessage>(
    `${messageSelect} WHERE m.row_no IN (SELECT value FROM json_each(?)) AND NOT EXISTS (SELECT 1 FROM crdt_held h WHERE h.seq = m.seq) ORDER BY m.hlc`,
  );
  const lastSeq = db.prepare('SELECT coalesce(max(seq), 0) FROM crdt_message').pluck();
  // The records the next messages after a cursor touch, per table: at most `scan` messages are read
  // (the frame asks often; beyond that the count says "more").
  const waitingRows = db.prepare<[number, number], { tbl: string; n: number; messages: number }>(
    `SELECT r.tbl, count(DISTINCT r.row_id) AS n, sum(p.c) AS messages
       FROM (SELECT row_no, count(*) AS c FROM (SELECT row_no FROM crdt_message WHERE seq > ? ORDER BY seq LIMIT ?) GROUP BY row_no) p
       JOIN crdt_row r ON r.no = p.row_no GROUP BY r.tbl`,
  );

  const cell = db.prepare<[number], { hlc: Buffer; side_heads: number }>(
    'SELECT m.hlc, c.side_heads FROM crdt_cell c JOIN crdt_message m ON m.seq = c.winner WHERE c.id = ?',
  );
  const upsertCell = db.prepare<[number, number, number]>(
    `INSERT INTO crdt_cell(id, winner, side_heads) VALUES (?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET winner = excluded.winner, side_heads = excluded.side_heads`,
  );
  const rowHasCells = db.prepare<[number, number]>('SELECT 1 FROM crdt_cell WHERE id BETWEEN ? AND ? LIMIT 1').pluck();
  const cellSelect = `SELECT k.name AS col, m.hlc, m.value, m.prev_hlc
    FROM crdt_cell c JOIN crdt_message m ON m.seq = c.winner JOIN crdt_column k ON k.no = m.col_no`;
  const cellsOfRow = db.prepare<[number, number], Omit<StoredCell, 'prev_hlc'>>(
    `SELECT k.name AS col, m.hlc, m.value FROM crdt_cell c JOIN crdt_message m ON m.seq = c.winner JOIN crdt_column k ON k.no = m.col_no
      WHERE c.id BETWEEN ? AND ?`,
  );
  const cellWithValue = db.prepare<[number], StoredCell>(`${cellSelect} WHERE c.id = ?`);
  // Every head of every cell of a row: the winners, then the side heads (two range reads).
  const headsOfRow = db.prepare<[number, number, number, number], StoredCell>(
    `${cellSelect} WHERE c.id BETWEEN ? AND ?
     UNION ALL
     SELECT k.name AS col, m.hlc, m.value, m.prev_hlc FROM crdt_side_head s JOIN crdt_message m ON m.seq = s.seq JOIN crdt_column k ON k.no = m.col_no
      WHERE s.cell BETWEEN ? AND ?`,
  );
  const toCell = (c: StoredCell): CellValue => ({ col: c.col, hlc: hlcFromBytes(c.hlc), value: c.value, prev_hlc: c.prev_hlc ? hlcFromBytes(c.prev_hlc) : null });

  const sideHeads = db.prepare<[number], Buffer>('SELECT m.hlc FROM crdt_side_head s JOIN crdt_message m ON m.seq = s.seq WHERE s.cell = ?').pluck();
  const deleteSideHeads = db.prepare<[number]>('DELETE FROM crdt_side_head WHERE cell = ?');
  const insertSideHead = db.prepare<[number, number]>('INSERT OR IGNORE INTO crdt_side_head(cell, seq) VALUES (?, ?)');

  const takeOrphan = db.prepare<[Buffer]>('DELETE FROM crdt_orphan WHERE prev_hlc = ?');
  const insertOrphan = db.prepare<[Buffer]>('INSERT OR IGNORE INTO crdt_orphan(prev_hlc) VALUES (?)');

  const deleteConflictsOfCell = db.prepare<[number]>('DELETE FROM crdt_conflict WHERE cell = ?');
  const insertConflict = db.prepare<[number, number, number]>('INSERT OR REPLACE INTO crdt_conflict(loser, cell, winner) VALUES (?, ?, ?)');
  const deleteConflict = db.prepare<[number]>('DELETE FROM crdt_conflict WHERE loser = ?');
  const isAcked = db.prepare<[string]>('SELECT 1 FROM conflict_ack WHERE id = ?').pluck();
  const conflictSelect = `
    SELECT l.hlc AS loser_hlc, r.tbl, r.row_id, k.name AS col, w.hlc AS winner_hlc, l.value AS loser_value,
           CASE WHEN w.col_no = l.col_no THEN w.value ELSE 'null' END AS winner_value
      FROM crdt_conflict c JOIN crdt_message l ON l.seq = c.loser JOIN crdt_message w ON w.seq = c.winner
      JOIN crdt_row r ON r.no = l.row_no JOIN crdt_column k ON k.no = l.col_no`;
  type StoredConflict = Omit<ConflictRow, 'loser_hlc' | 'winner_hlc'> & { loser_hlc: Buffer; winner_hlc: Buffer };
  const conflicts = db.prepare<[], StoredConflict>(`${conflictSelect} ORDER BY r.tbl, r.row_id, k.name, l.hlc`);
  const conflictByLoser = db.prepare<[number], StoredConflict>(`${conflictSelect} WHERE c.loser = ?`);
  const conflictCount = db.prepare('SELECT count(*) FROM crdt_conflict').pluck();
  const conflictColumnsOfRow = db.prepare<[number, number]>(
    'SELECT DISTINCT k.name FROM crdt_conflict c JOIN crdt_message l ON l.seq = c.loser JOIN crdt_column k ON k.no = l.col_no WHERE c.cell BETWEEN ? AND ?',
  ).pluck();
  const toConflict = (c: StoredConflict): ConflictRow => ({ ...c, loser_hlc: hlcFromBytes(c.loser_hlc), winner_hlc: hlcFromBytes(c.winner_hlc) });

  const hold = db.prepare<[number, string]>('INSERT OR REPLACE INTO crdt_held(seq, reason) VALUES (?, ?)');
  const held = db.prepare<[string], Buffer>('SELECT m.hlc FROM crdt_held h JOIN crdt_message m ON m.seq = h.seq WHERE h.reason = ? ORDER BY m.hlc').pluck();
  const release = db.prepare<[number]>('DELETE FROM crdt_held WHERE seq = ?');
  const heldCounts = db.prepare<[], { reason: string; n: number }>('SELECT reason, count(*) AS n FROM crdt_held GROUP BY reason');

  const wait = db.prepare<[string, string, string, string]>(
    'INSERT OR REPLACE INTO crdt_waiting(tbl, row_id, parent_tbl, parent_id) VALUES (?, ?, ?, ?)',
  );
  const stopWaiting = db.prepare<[string, string]>('DELETE FROM crdt_waiting WHERE tbl = ? AND row_id = ?');
  const waitingFor = db.prepare<[string, string], { tbl: string; row_id: string }>(
    'SELECT tbl, row_id FROM crdt_waiting WHERE parent_tbl = ? AND parent_id = ?',
  );
  const waitingCount = db.prepare('SELECT count(*) FROM crdt_waiting').pluck();
  const isWaiting = db.prepare<[string, string]>('SELECT 1 FROM crdt_waiting WHERE tbl = ? AND row_id = ?').pluck();

  // Walks the HLC index down from the bound to the first message not superseded (usually the first).
  const lastHlc = db.prepare<[Buffer]>(`SELECT m.hlc FROM crdt_message m WHERE m.hlc <= ? AND ${notSuperseded} ORDER BY m.hlc DESC LIMIT 1`).pluck();

  const logBytes = db.prepare<[], { name: string; bytes: number }>(
    `SELECT name, sum(pgsize) AS bytes FROM dbstat
      WHERE name IN ('crdt_message', 'sqlite_autoindex_crdt_message_1', 'crdt_cell', 'crdt_row', 'sqlite_autoindex_crdt_row_1', 'crdt_column', 'sqlite_autoindex_crdt_column_1')
      GROUP BY name`,
  );

  // Forgetting rows (a site that left this laptop's scope): see `forgetRows`.
  const messagesOfRows = db.prepare<[string], { seq: number; prev_hlc: Buffer | null }>(
    'SELECT seq, prev_hlc FROM crdt_message WHERE row_no IN (SELECT value FROM json_each(?))',
  );
  const rowsLoggedAfter = db.prepare<[number]>('SELECT DISTINCT row_no FROM crdt_message WHERE seq > ?').pluck();
  const deleteMessage = db.prepare<[number]>('DELETE FROM crdt_message WHERE seq = ?');
  const deleteHeld = db.prepare<[number]>('DELETE FROM crdt_held WHERE seq = ?');
  const deleteOrphan = db.prepare<[Buffer]>('DELETE FROM crdt_orphan WHERE prev_hlc = ?');
  const deleteCells = db.prepare<[number, number]>('DELETE FROM crdt_cell WHERE id BETWEEN ? AND ?');
  const deleteSideHeadsOfRow = db.prepare<[number, number]>('DELETE FROM crdt_side_head WHERE cell BETWEEN ? AND ?');
  const deleteConflictsOfRow = db.prepare<[number, number]>('DELETE FROM crdt_conflict WHERE cell BETWEEN ? AND ?');
  const deleteRowNo = db.prepare<[number]>('DELETE FROM crdt_row WHERE no = ?');
  const getMark = db.prepare("SELECT value FROM setting WHERE key = 'crdt.mark'").pluck();
  const setMark = db.prepare<[string]>(
    "INSERT INTO setting(key, value) VALUES ('crdt.mark', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
  );
  const insertMark = db.prepare<[number | null, Buffer]>(
    "INSERT INTO crdt_message(seq, hlc, row_no, col_no, value, prev_hlc, schema) VALUES (?, ?, 0, 0, '', NULL, 0)",
  );

  /** The log numbers of rows (those the log never named are left out). */
  function rowNumbers(rows: readonly { tbl: string; row_id: string }[]): number[] {
    const nos: number[] = [];
    for (const r of rows) {
      const no = rowNo(r.tbl, r.row_id, false);
      if (no !== undefined) nos.push(no);
    }
    return nos;
  }

  const prepared = statementCache(db);

  return {
    /** Called as each write transaction starts. */
    forgetNumbers(): void {
      rowNos.clear();
      colNos.clear();
      seqs.clear();
    },
    /** A message's local sequence (its place in this log). */
    seqOf: (hlc: string): number => seq(hlc),
    hasMessage: (hlc: string): boolean => hasMessage.get(key(hlc)) !== undefined,
    /** Adds a message to the log; false when it was there already. */
    insertMessage(m: ChangeMessage): boolean {
      const result = insertMessage.run(key(m.hlc), rowNo(m.table, m.row, true)!, colNo(m.column, true)!, m.value, keyOrNull(m.prevHlc), m.schema);
      if (result.changes === 0) return false;
      seqs.set(m.hlc, Number(result.lastInsertRowid));
      return true;
    },
    message: (hlc: string): ChangeMessage | null => {
      const row = messageByHlc.get(key(hlc));
      return row ? toMessage(row) : null;
    },
    valueOf: (hlc: string): string | undefined => valueOf.get(key(hlc)) as string | undefined,
    pending(after: number, limit: number, ownReplica: string | null): { seq: number; message: ChangeMessage }[] {
      const rows = ownReplica ? pendingOwn.all(after, Buffer.from(ownReplica, 'hex'), limit) : pending.all(after, limit);
      return rows.map((r) => ({ seq: r.seq, message: toMessage(r) }));
    },
    lastSeq: (): number => lastSeq.get() as number,

    cell(tbl: string, row: string, col: string): CellWinner | undefined {
      const id = cellOf(tbl, row, col);
      const c = id === undefined ? undefined : cell.get(id);
      return c ? { hlc: hlcFromBytes(c.hlc), side_heads: c.side_heads } : undefined;
    },
    /** True when the log has named this row (it has messages, though maybe only held ones). */
    knowsRow: (tbl: string, row: string): boolean => rowNo(tbl, row, false) !== undefined,
    rowHasCells(tbl: string, row: string): boolean {
      const no = rowNo(tbl, row, false);
      return no !== undefined && rowHasCells.get(cellId(no, 0), cellId(no + 1, 0) - 1) !== undefined;
    },
    /**
     * The messages of one row that had no cells: each goes into the log and becomes its cell's
     * winner, with one multi-row INSERT for each table (chunks of 64 rows).
     */
    insertNewCells(messages: ChangeMessage[]): void {
      if (!messages.length) return;
      const no = rowNo(messages[0].table, messages[0].row, true)!;
      for (let i = 0; i < messages.length; i += 64) {
        const chunk = messages.slice(i, i + 64);
        const cols = chunk.map((m) => colNo(m.column, true)!);
        const last = Number(
          (prepared(`INSERT INTO crdt_message(hlc, row_no, col_no, value, prev_hlc, schema) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`) as Statement<unknown[]>).run(
            ...chunk.flatMap((m, j) => [key(m.hlc), no, cols[j], m.value, keyOrNull(m.prevHlc), m.schema]),
          ).lastInsertRowid,
        );
        // One multi-row INSERT into a rowid table numbers its rows consecutively.
        const first = last - chunk.length + 1;
        chunk.forEach((m, j) => seqs.set(m.hlc, first + j));
        (prepared(`INSERT INTO crdt_cell(id, winner) VALUES ${chunk.map(() => '(?, ?)').join(', ')}`) as Statement<unknown[]>).run(
          ...cols.flatMap((c, j) => [cellId(no, c), first + j]),
        );
      }
    },
    setCell: (tbl: string, row: string, col: string, hlc: string, sideHeads: number) => upsertCell.run(cellOf(tbl, row, col, true)!, seq(hlc), sideHeads),
    /** Every cell of a row with its winning value (without the HLC it replaced). */
    cellsOfRow(tbl: string, row: string): Omit<CellValue, 'prev_hlc'>[] {
      const no = rowNo(tbl, row, false);
      return no === undefined ? [] : cellsOfRow.all(cellId(no, 0), cellId(no + 1, 0) - 1).map((c) => ({ col: c.col, hlc: hlcFromBytes(c.hlc), value: c.value }));
    },
    cellWithValue(tbl: string, row: string, col: string): CellValue | undefined {
      const id = cellOf(tbl, row, col);
      const c = id === undefined ? undefined : cellWithValue.get(id);
      return c ? toCell(c) : undefined;
    },

    /** The heads of every cell of a row (messages no other message of their cell builds on). */
    headsOfRow(tbl: string, row: string): CellValue[] {
      const no = rowNo(tbl, row, false);
      if (no === undefined) return [];
      const [lo, hi] = [cellId(no, 0), cellId(no + 1, 0) - 1];
      return headsOfRow.all(lo, hi, lo, hi).map(toCell);
    },

    sideHeads(tbl: string, row: string, col: string): string[] {
      const id = cellOf(tbl, row, col);
      return id === undefined ? [] : (sideHeads.all(id) as Buffer[]).map(hlcFromBytes);
    },
    replaceSideHeads(tbl: string, row: string, col: string, heads: Iterable<string>): void {
      const id = cellOf(tbl, row, col, true)!;
      deleteSideHeads.run(id);
      for (const h of heads) insertSideHead.run(id, seq(h));
    },
    /** True (and forgotten) when a message already named `hlc` as the value it saw. */
    takeOrphan: (hlc: string): boolean => takeOrphan.run(key(hlc)).changes > 0,
    addOrphan: (prevHlc: string) => insertOrphan.run(key(prevHlc)),

    replaceConflictsOfCell(tbl: string, row: string, col: string, losers: string[], winner: string): number {
      const id = cellOf(tbl, row, col, true)!;
      deleteConflictsOfCell.run(id);
      for (const loser of losers) insertConflict.run(seq(loser), id, seq(winner));
      return losers.length;
    },
    deleteConflict: (loserHlc: string) => deleteConflict.run(seq(loserHlc) ?? -1),
    isAcked: (loserHlc: string): boolean => isAcked.get(loserHlc) !== undefined,
    conflicts: (): ConflictRow[] => conflicts.all().map(toConflict),
    conflict(loserHlc: string): ConflictRow | undefined {
      const loser = seq(loserHlc);
      const c = loser === undefined ? undefined : conflictByLoser.get(loser);
      return c ? toConflict(c) : undefined;
    },
    conflictCount: (): number => conflictCount.get() as number,
    /** Per table, how many records the messages after `after` touch (reading at most `scan` of them). */
    waitingRows: (after: number, scan: number) => waitingRows.all(after, scan),
    /** The columns of a row with an open conflict. */
    conflictColumnsOfRow(tbl: string, row: string): Set<string> {
      const no = rowNo(tbl, row, false);
      return new Set(no === undefined ? [] : (conflictColumnsOfRow.all(cellId(no, 0), cellId(no + 1, 0) - 1) as string[]));
    },

    hold: (hlc: string, reason: 'future' | 'unknown' | 'invalid' | 'superseded') => hold.run(seq(hlc), reason),
    held: (reason: 'future' | 'unknown'): string[] => (held.all(reason) as Buffer[]).map(hlcFromBytes),
    release: (hlc: string) => release.run(seq(hlc)),
    heldCounts: () => Object.fromEntries(heldCounts.all().map((r) => [r.reason, r.n])) as Partial<Record<'future' | 'unknown' | 'invalid' | 'superseded', number>>,
    /** The statements every write unit runs for the clock (tests assert their plans). */
    clockStatements: () => ({ aheadInEffect: aheadInEffect.source, lastHlc: lastHlc.source }),
    /** Messages stamped after `bound` and in effect, in log order (written or taken in while a clock ran ahead). */
    aheadInEffect: (bound: string): ChangeMessage[] =>
      // Ordered by HLC in SQL (a step down the HLC index when there are none, never a scan), then by log order.
      aheadInEffect.all(key(bound)).sort((a, b) => a.seq - b.seq).map(toMessage),
    /** The messages in effect (not held) of some rows, in HLC order: what their cells are made of. */
    messagesInEffect(rows: readonly { tbl: string; row_id: string }[]): ChangeMessage[] {
      return messagesOfRowsInEffect.all(JSON.stringify(rowNumbers(rows))).map(toMessage);
    },
    /** Forgets what a cell was made of (its winner, side heads, conflicts, and the orphan marks of its messages). */
    clearCell(tbl: string, row: string, col: string, messages: readonly ChangeMessage[]): void {
      const id = cellOf(tbl, row, col);
      if (id === undefined) return;
      prepared('DELETE FROM crdt_cell WHERE id = ?').run(id);
      deleteSideHeads.run(id);
      deleteConflictsOfCell.run(id);
      for (const m of messages) {
        deleteOrphan.run(key(m.hlc));
        if (m.prevHlc) deleteOrphan.run(key(m.prevHlc));
      }
    },

    wait: (tbl: string, row: string, parentTbl: string, parentId: string) => wait.run(tbl, row, parentTbl, parentId),
    stopWaiting: (tbl: string, row: string) => stopWaiting.run(tbl, row),
    waitingFor: (parentTbl: string, parentId: string) => waitingFor.all(parentTbl, parentId),
    waitingCount: (): number => waitingCount.get() as number,
    isWaiting: (tbl: string, row: string): boolean => isWaiting.get(tbl, row) !== undefined,

    /** The highest HLC in the log up to `bound` (one step down the HLC index). */
    lastHlc(bound: string): string | null {
      const last = lastHlc.get(key(bound)) as Buffer | null;
      return last ? hlcFromBytes(last) : null;
    },

    /** Bytes the log, the cells and the row and column numbers take on disk (SQLite's dbstat). */
    logBytes(): number {
      return logBytes.all().reduce((sum, r) => sum + r.bytes, 0);
    },

    /**
     * Whether a message of some rows was logged after local sequence `after` (not sent yet): the
     * rows with such messages are read once (one pass over the log after `after`), then asked of.
     */
    loggedAfter(after: number): (rows: readonly { tbl: string; row_id: string }[]) => boolean {
      const recent = new Set(rowsLoggedAfter.all(after) as number[]);
      return (rows) => recent.size > 0 && rowNumbers(rows).some((no) => recent.has(no));
    },

    /**
     * Forgets rows from the log: their messages, cells, side heads, conflicts, held and waiting
     * entries and their row numbers, as if this replica had never heard of them. Not a deletion
     * of data (no message is written): the rows live on elsewhere and come back whole if this
     * replica receives their messages again. One scan of the message log for the whole batch.
     *
     * The log's sequence and clock never go back: when the newest message (by sequence or HLC)
     * is forgotten, a mark takes its place (row 0, which no query of messages joins), so a new
     * message never gets a sequence a sync cursor has passed, and the clock never issues an HLC
     * it issued before (nor looks like a restored backup to the replica sidecar).
     */
    forgetRows(rows: readonly { tbl: string; row_id: string }[], clockBound: string): number {
      const nos = rowNumbers(rows);
      if (!nos.length) return 0;
      const seqBefore = lastSeq.get() as number;
      const hlcBefore = (lastHlc.get(key(clockBound)) as Buffer | null) ?? null;
      const messages = messagesOfRows.all(JSON.stringify(nos));
      for (const m of messages) {
        deleteHeld.run(m.seq);
        if (m.prev_hlc) deleteOrphan.run(m.prev_hlc);
        deleteMessage.run(m.seq);
      }
      for (const no of nos) {
        const [lo, hi] = [cellId(no, 0), cellId(no + 1, 0) - 1];
        deleteSideHeadsOfRow.run(lo, hi);
        deleteConflictsOfRow.run(lo, hi);
        deleteCells.run(lo, hi);
        deleteRowNo.run(no);
      }
      for (const r of rows) stopWaiting.run(r.tbl, r.row_id);
      const hlcAfter = (lastHlc.get(key(clockBound)) as Buffer | null) ?? null;
      const seqAfter = lastSeq.get() as number;
      if (seqAfter < seqBefore || (hlcBefore && (!hlcAfter || Buffer.compare(hlcAfter, hlcBefore) < 0))) {
        const old = getMark.get() as string | undefined;
        if (old) deleteMessage.run((JSON.parse(old) as { seq: number }).seq);
        const hlc = Buffer.from(hlcBefore ?? Buffer.alloc(16));
        hlc.fill(0xff, 8);
        const seq = (lastSeq.get() as number) < seqBefore ? seqBefore : null;
        const made = insertMark.run(seq, hlc);
        setMark.run(JSON.stringify({ seq: Number(made.lastInsertRowid) }));
      }
      rowNos.clear();
      seqs.clear();
      return messages.length;
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
    /** Removes rows of a synced table by key, without a message (only `Replicator.forget` does this). */
    deleteRows(table: string, key: string, ids: readonly string[]): void {
      prepared(`DELETE FROM ${table} WHERE ${key} IN (SELECT value FROM json_each(?))`).run(JSON.stringify(ids));
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
