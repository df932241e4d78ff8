import type { Db } from '../open-database';
import type { ParsedStoppedListQuery, StoppedListResult, StoppedSite } from '../model/stopped';
import { STOPPED_STATUSES } from '../model/visit';
import { statementCache } from './statement-cache';
import { timed } from './timing';

interface StoppedRow {
  id: string;
  name: string;
  owner_name: string | null;
  products: string | null;
  kbli_code: string;
  kbli_division: string;
  operating_status: string;
  regency_code: string;
  regency_name: string | null;
  district_name: string | null;
  village_name: string | null;
  wilayah_name: string | null;
  eval_id: string | null;
  eval_number: string | null;
  eval_date: string | null;
  eval_data: string | null;
}

const STATUS_LIST = STOPPED_STATUSES.map((s) => `'${s}'`).join(', ');

// A site's last final evaluation: the latest visit date, then the latest finalization (visit_site index).
const LAST_EVALUATION = `(SELECT v.rowid FROM visit v
    WHERE v.site_id = s.id AND v.kind = 'evaluasi' AND v.status = 'final' AND v.deleted = 0
    ORDER BY v.visit_date DESC, v.finalized_at DESC, v.id DESC LIMIT 1)`;

const ORDER: Record<ParsedStoppedListQuery['sort'], string> = {
  // Most likely to be revived first; sites never evaluated last.
  potential: 'potential DESC NULLS LAST, x.name_norm, x.id',
  // Stopped longest first.
  since: 'since ASC NULLS LAST, x.name_norm, x.id',
  name: 'x.name_norm, x.id',
  regency: 'x.regency_name, x.name_norm, x.id',
};

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

function toStopped(row: StoppedRow): StoppedSite {
  // Evaluation data is a final visit's form: read it defensively all the same (older versions wrote it).
  const data = row.eval_data ? (JSON.parse(row.eval_data) as Record<string, unknown>) : {};
  const potential = typeof data.revivalPotential === 'number' ? data.revivalPotential : null;
  const recommendations = Array.isArray(data.recommendations)
    ? (data.recommendations as Record<string, unknown>[])
        .filter((r) => text(r?.text))
        .map((r) => ({ text: String(r.text), dueDate: text(r.dueDate) }))
    : [];
  return {
    id: row.id,
    name: row.name,
    ownerName: row.owner_name,
    products: row.products,
    kbliCode: row.kbli_code,
    kbliDivision: row.kbli_division,
    operatingStatus: row.operating_status,
    regencyCode: row.regency_code,
    regencyName: row.regency_name ?? row.regency_code,
    districtName: row.district_name ?? '',
    villageName: row.village_name ?? '',
    wilayahName: row.wilayah_name,
    evaluationId: row.eval_id,
    evaluationNumber: row.eval_number,
    evaluationDate: row.eval_date,
    stoppedSince: text(data.stoppedSince),
    stopReasons: Array.isArray(data.stopReasons) ? (data.stopReasons as unknown[]).filter((r): r is string => typeof r === 'string') : [],
    stopNotes: text(data.stopNotes),
    revivalPotential: potential,
    revivalNotes: text(data.revivalNotes),
    recommendations,
  };
}

/** Pabrik tidak beroperasi: sites not operating, with what their last evaluation visit found. */
export function createStoppedSitesRepo(db: Db) {
  const prepareCached = statementCache(db);

  function filters(query: Omit<ParsedStoppedListQuery, 'offset' | 'limit' | 'withTotal' | 'sort'>) {
    const where = ['s.deleted = 0', `s.operating_status IN (${STATUS_LIST})`];
    const params: unknown[] = [];
    const add = (value: unknown, clause: string) => {
      if (value === null || value === undefined || value === '') return;
      where.push(clause);
      params.push(value);
    };
    add(query.status, 's.operating_status = ?');
    add(query.regencyCode, 's.regency_code = ?');
    add(query.wilayahId, 's.regency_code IN (SELECT regency_code FROM wilayah_regency WHERE wilayah_id = ?)');
    add(query.kbliDivision, 's.kbli_division = ?');
    const outer: string[] = [];
    if (query.minPotential) {
      outer.push('potential >= ?');
      params.push(query.minPotential);
    }
    return { where, outer, params };
  }

  /** The list's SQL: stopped sites first (site_status index), then each one's last evaluation. */
  function sql(query: Omit<ParsedStoppedListQuery, 'offset' | 'limit' | 'withTotal'>, select: 'rows' | 'count') {
    const { where, outer, params } = filters(query);
    const inner = `
      SELECT s.id, s.name, s.name_norm, s.owner_name, s.products, s.kbli_code, s.kbli_division, s.operating_status,
             s.regency_code, r.name AS regency_name, d.name AS district_name, vl.name AS village_name, w.name AS wilayah_name,
             ${LAST_EVALUATION} AS eval_rowid
        FROM site s
        LEFT JOIN area r ON r.code = s.regency_code
        LEFT JOIN area d ON d.code = s.district_code
        LEFT JOIN area vl ON vl.code = s.village_code
        LEFT JOIN wilayah_regency wr ON wr.regency_code = s.regency_code
        LEFT JOIN wilayah w ON w.id = wr.wilayah_id AND w.deleted = 0
       WHERE ${where.join(' AND ')}`;
    const body = `
      SELECT x.*, e.id AS eval_id, e.number AS eval_number, e.visit_date AS eval_date, e.data AS eval_data,
             e.data ->> '$.revivalPotential' AS potential, e.data ->> '$.stoppedSince' AS since
        FROM (${inner}) x LEFT JOIN visit e ON e.rowid = x.eval_rowid
       ${outer.length ? `WHERE ${outer.join(' AND ')}` : ''}`;
    if (select === 'count') return { sql: `SELECT count(*) FROM (${body})`, params };
    return { sql: `${body} ORDER BY ${ORDER[query.sort]}`, params };
  }

  function list(query: ParsedStoppedListQuery): StoppedListResult {
    return timed('stopped.list', () => {
      const count = sql(query, 'count');
      const total = query.withTotal ? (prepareCached(count.sql).pluck().get(...count.params) as number) : null;
      if (total === 0) return { total, items: [] };
      const { sql: rowsSql, params } = sql(query, 'rows');
      const rows = prepareCached(`${rowsSql} LIMIT ? OFFSET ?`).all(...params, query.limit, query.offset) as StoppedRow[];
      return { total, items: rows.map(toStopped) };
    });
  }

  return {
    list,
    /** Every stopped site the filter matches, in the list's order (exports and the printed list). */
    all(query: Omit<ParsedStoppedListQuery, 'offset' | 'limit' | 'withTotal'>): StoppedSite[] {
      const { sql: rowsSql, params } = sql(query, 'rows');
      return (prepareCached(rowsSql).all(...params) as StoppedRow[]).map(toStopped);
    },
  };
}
export type StoppedSitesRepo = ReturnType<typeof createStoppedSitesRepo>;
