import type { Db } from '../open-database';
import { statementCache } from './statement-cache';

/**
 * The reads of `sync.verify` (db/sync/verify.ts): stored rows and what is derived from them — the
 * search index, the visit log's tallies and the site facts of final visits — and the queries that
 * recompute the tallies from the visit rows. Read only.
 */

export interface TallyRow {
  key: string;
  n: number;
}

export interface SiteFactRow {
  visit_id: string;
  fact: string;
  site_id: string;
  value: string;
  observed_on: string;
  recorded_at: string;
}

const CELL_SPAN = 2 ** 20;

export function createDerivedCheckRepo(db: Db) {
  const prepared = statementCache(db);

  // The tallies as the triggers keep them (rows at 0 are left behind by the triggers), and as the
  // migration that made them counts them from the visit rows.
  const tallyKept = db.prepare<[], TallyRow>(
    "SELECT json_array(kind, status, regency_code, officers) AS key, n FROM visit_tally WHERE n <> 0",
  );
  const tallyCounted = db.prepare<[], TallyRow>(
    `SELECT json_array(kind, status, regency_code, officers) AS key, count(*) AS n FROM visit WHERE deleted = 0
      GROUP BY kind, status, regency_code, officers`,
  );
  const monthKept = db.prepare<[], TallyRow>(
    'SELECT json_array(month, kind, status, regency_code) AS key, n FROM visit_month_tally WHERE n <> 0',
  );
  const monthCounted = db.prepare<[], TallyRow>(
    `SELECT json_array(coalesce(substr(visit_date, 1, 7), ''), kind, status, regency_code) AS key, count(*) AS n
       FROM visit WHERE deleted = 0 GROUP BY 1`,
  );

  const siteFacts = db.prepare<[], SiteFactRow>('SELECT visit_id, fact, site_id, value, observed_on, recorded_at FROM site_fact');

  // The search index: which sites it holds (contentless: rowids only), which wait to be indexed,
  // and whether an entry matches a phrase of its site's text.
  const indexedRowids = db.prepare('SELECT rowid FROM site_fts').pluck();
  const searchPending = db.prepare(
    `SELECT site_rowid FROM site_search_queue
     UNION SELECT rowid FROM site WHERE rowid > (SELECT indexed_upto FROM site_search_mark)`,
  ).pluck();
  const searchRows = db.prepare<[], { rowid: number; id: string; name: string; owner_name: string | null; deleted: number }>(
    'SELECT rowid, id, name, owner_name, deleted FROM site',
  );
  const siteCount = db.prepare('SELECT count(*) FROM site').pluck();
  const entryMatches = db.prepare<[string, number]>('SELECT 1 FROM site_fts WHERE site_fts MATCH ? AND rowid = ?').pluck();

  return {
    /** Every stored row of a synced table (as SQLite holds it). */
    rows: (table: string): Iterable<Record<string, unknown>> => prepared(`SELECT * FROM ${table}`).iterate() as Iterable<Record<string, unknown>>,
    /** Rows whose cells are here, that are not waiting, and that the table does not hold. */
    missingRows(table: string, key: string): string[] {
      return prepared(
        `SELECT r.row_id FROM crdt_row r
          WHERE r.tbl = ? AND NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.${key} = r.row_id)
            AND NOT EXISTS (SELECT 1 FROM crdt_waiting w WHERE w.tbl = r.tbl AND w.row_id = r.row_id)
            AND EXISTS (SELECT 1 FROM crdt_cell c WHERE c.id BETWEEN r.no * ${CELL_SPAN} AND (r.no + 1) * ${CELL_SPAN} - 1)`,
      )
        .pluck()
        .all(table) as string[];
    },
    tallies: () => ({ kept: tallyKept.all(), counted: tallyCounted.all() }),
    monthTallies: () => ({ kept: monthKept.all(), counted: monthCounted.all() }),
    siteFacts: (): SiteFactRow[] => siteFacts.all(),
    indexedRowids: (): Set<number> => new Set(indexedRowids.all() as number[]),
    searchPending: (): Set<number> => new Set(searchPending.all() as number[]),
    searchRows: () => searchRows.iterate(),
    siteCount: (): number => siteCount.get() as number,
    /** Whether the index entry of `rowid` matches an FTS5 query. */
    entryMatches: (query: string, rowid: number): boolean => entryMatches.get(query, rowid) !== undefined,
  };
}
export type DerivedCheckRepo = ReturnType<typeof createDerivedCheckRepo>;
