import type { Db } from '../open-database';
import {
  NEXT_STEP_RULES,
  readCertificates,
  type CertificatesGained,
  type NaikKelasResult,
  type NaikKelasRow,
  type ParsedNaikKelasQuery,
} from '../model/certificate';
import type { CertificateKind } from '../model/catalog';
import { statementCache } from './statement-cache';
import { timed } from './timing';

interface ReadyRow {
  id: string;
  name: string;
  owner_name: string | null;
  products: string | null;
  kbli_code: string;
  kbli_division: string;
  regency_name: string | null;
  district_name: string | null;
  wilayah_name: string | null;
  certificates: string;
  rule: string;
  next: string;
  next_status: string | null;
  next_date: string | null;
}

type ReadyFilter = Omit<ParsedNaikKelasQuery, 'offset' | 'limit' | 'withTotal'>;

/**
 * Naik kelas over `site_certificate` (one row per certificate of a site, kept from site.certificates
 * by the triggers of migration 0012): certificates gained in a period, and the sites ready for the
 * next step of NEXT_STEP_RULES.
 */
export function createCertificatesRepo(db: Db) {
  const prepareCached = statementCache(db);

  /** Held certificates dated in [dateFrom, dateTo], counted by kind (sites of `regencyCodes` only, when given). */
  function gained(dateFrom: string, dateTo: string, regencyCodes?: readonly string[] | null): CertificatesGained {
    return timed('certificates.gained', () => {
      const byRegency = regencyCodes && regencyCodes.length > 0;
      const sql = `
        SELECT c.kind, count(*) AS sites
          FROM site_certificate c JOIN site s ON s.rowid = c.site_rowid
         WHERE c.status = 'dimiliki' AND c.date >= ? AND c.date <= ? AND s.deleted = 0
               ${byRegency ? 'AND s.regency_code IN (SELECT value FROM json_each(?))' : ''}
         GROUP BY c.kind ORDER BY c.kind`;
      const params: unknown[] = [dateFrom, dateTo];
      if (byRegency) params.push(JSON.stringify(regencyCodes));
      return prepareCached(sql).all(...params) as { kind: CertificateKind; sites: number }[];
    });
  }

  function readySql(query: ReadyFilter, select: 'rows' | 'count') {
    const rules = NEXT_STEP_RULES.filter((r) => !query.rule || r.id === query.rule).map((r, order) => ({
      id: r.id,
      order,
      first: r.requires[0],
      requires: r.requires,
      next: r.next,
      divisions: r.divisions ?? null,
    }));
    const where = ["s.deleted = 0", "s.operating_status = 'aktif'"];
    const params: unknown[] = [JSON.stringify(rules)];
    const add = (value: unknown, clause: string) => {
      if (value === null || value === undefined || value === '') return;
      where.push(clause);
      params.push(value);
    };
    add(query.regencyCode, 's.regency_code = ?');
    add(query.wilayahId, 's.regency_code IN (SELECT regency_code FROM wilayah_regency WHERE wilayah_id = ?)');
    add(query.kbliDivision, 's.kbli_division = ?');
    where.push(query.includeInProcess ? "(n.status IS NULL OR n.status = 'proses')" : 'n.status IS NULL');
    const body = `
      WITH rule AS (
        SELECT j.value ->> '$.id' AS id, j.value ->> '$.order' AS sort, j.value ->> '$.first' AS first,
               j.value -> '$.requires' AS requires, j.value ->> '$.next' AS next, j.value -> '$.divisions' AS divisions
          FROM json_each(?) j
      )
      SELECT s.id, s.name, s.name_norm, s.owner_name, s.products, s.kbli_code, s.kbli_division, s.certificates,
             ra.name AS regency_name, d.name AS district_name, w.name AS wilayah_name,
             rule.id AS rule, rule.sort AS rule_sort, rule.next, n.status AS next_status, n.date AS next_date
        FROM rule
        JOIN site_certificate h ON h.kind = rule.first AND h.status = 'dimiliki'
        JOIN site s ON s.rowid = h.site_rowid
        LEFT JOIN site_certificate n ON n.site_rowid = s.rowid AND n.kind = rule.next
        LEFT JOIN area ra ON ra.code = s.regency_code
        LEFT JOIN area d ON d.code = s.district_code
        LEFT JOIN wilayah_regency wr ON wr.regency_code = s.regency_code
        LEFT JOIN wilayah w ON w.id = wr.wilayah_id AND w.deleted = 0
       WHERE ${where.join(' AND ')}
         AND (rule.divisions IS NULL OR rule.divisions = 'null' OR s.kbli_division IN (SELECT value FROM json_each(rule.divisions)))
         AND NOT EXISTS (SELECT 1 FROM json_each(rule.requires) q
                          WHERE NOT EXISTS (SELECT 1 FROM site_certificate x
                                             WHERE x.site_rowid = s.rowid AND x.kind = q.value AND x.status = 'dimiliki'))`;
    if (select === 'count') return { sql: `SELECT count(*) FROM (${body})`, params };
    return { sql: `${body} ORDER BY regency_name, s.name_norm, s.id, rule_sort`, params };
  }

  const toRow = (r: ReadyRow): NaikKelasRow => ({
    siteId: r.id,
    name: r.name,
    ownerName: r.owner_name,
    products: r.products,
    kbliCode: r.kbli_code,
    kbliDivision: r.kbli_division,
    regencyName: r.regency_name ?? '',
    districtName: r.district_name ?? '',
    wilayahName: r.wilayah_name,
    rule: r.rule,
    next: r.next as CertificateKind,
    nextInProcess: r.next_status === 'proses',
    nextAppliedOn: r.next_status === 'proses' ? r.next_date : null,
    certificates: readCertificates(r.certificates),
  });

  return {
    gained,
    /** Sites ready for a next step, one row per site and rule, paged. */
    ready(query: ParsedNaikKelasQuery): NaikKelasResult {
      return timed('certificates.ready', () => {
        const count = readySql(query, 'count');
        const total = query.withTotal ? (prepareCached(count.sql).pluck().get(...count.params) as number) : null;
        if (total === 0) return { total, items: [] };
        const rows = readySql(query, 'rows');
        const items = prepareCached(`${rows.sql} LIMIT ? OFFSET ?`).all(...rows.params, query.limit, query.offset) as ReadyRow[];
        return { total, items: items.map(toRow) };
      });
    },
    /** Every row the filter matches (exports). */
    readyAll(query: ReadyFilter): NaikKelasRow[] {
      const rows = readySql(query, 'rows');
      return (prepareCached(rows.sql).all(...rows.params) as ReadyRow[]).map(toRow);
    },
  };
}
export type CertificatesRepo = ReturnType<typeof createCertificatesRepo>;
