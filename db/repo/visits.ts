import type { Db } from '../open-database';
import type { Clock } from '../clock';
import type { Officer } from '../model/setup';
import { AppError } from '../model/result';
import {
  VisitData,
  type ParsedVisitListQuery,
  type SiteFact,
  type SiteTimeline,
  type Visit,
  type VisitDataParsed,
  type VisitKind,
  type VisitListResult,
  type VisitRevision,
  type VisitStatus,
  type VisitSummary,
} from '../model/visit';
import { searchTerms, type SitesRepo } from './sites';
import { normalizeName } from '../model/text';
import { statementCache } from './statement-cache';
import { timed } from './timing';

interface VisitRow {
  id: string;
  number: string;
  site_id: string;
  site_name: string;
  regency_code: string;
  kind: VisitKind;
  status: VisitStatus;
  visit_date: string | null;
  officers: string;
  data: string;
  revision: number;
  created_by: string;
  created_at: string;
  updated_at: string;
  finalized_at: string | null;
}

/** Dotted paths where two JSON values differ: what an amendment changed. */
export function changedPaths(before: unknown, after: unknown, prefix = ''): string[] {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => changedPaths(before[k], after[k], prefix ? `${prefix}.${k}` : k));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [prefix || '(semua)'];
}

/** The facts a final visit reports about its site. */
function factsOf(data: VisitDataParsed) {
  const workers = 'workforce' in data ? data.workforce.male + data.workforce.female : null;
  const certificates =
    data.kind === 'identifikasi' ? data.certificates : data.kind === 'inventarisasi' ? data.certificatesHeld : null;
  return { operatingStatus: data.operatingStatus, workers, certificates };
}

/** Visits: drafts, finalizing, amendments, numbering, and the site facts they update. */
export function createVisitsRepo(db: Db, clock: Clock, sites: SitesRepo) {
  const select = `
    SELECT v.*, s.name AS site_name FROM visit v JOIN site s ON s.id = v.site_id`;
  const byId = db.prepare<[string], VisitRow>(`${select} WHERE v.id = ? AND v.deleted = 0`);
  const revisions = db.prepare<[string], { revision: number; data: string; changes: string; reason: string; changed_by: string; changed_at: string }>(
    'SELECT * FROM visit_revision WHERE visit_id = ? ORDER BY revision',
  );
  const nextNumber = db.prepare<[string, number], { last: number }>(
    `INSERT INTO visit_counter(officer_code, year, last) VALUES (?, ?, 1)
     ON CONFLICT(officer_code, year) DO UPDATE SET last = last + 1 RETURNING last`,
  );
  const insert = db.prepare(
    `INSERT INTO visit(id, number, site_id, regency_code, kind, status, visit_date, officers, data, created_by, created_at, updated_at)
     VALUES (@id, @number, @siteId, @regencyCode, @kind, 'draft', @visitDate, @officers, @data, @createdBy, @now, @now)`,
  );
  const updateDraft = db.prepare(
    `UPDATE visit SET kind = @kind, visit_date = @visitDate, officers = @officers, data = @data, updated_at = @now WHERE id = @id`,
  );
  const finalizeStmt = db.prepare(
    `UPDATE visit SET status = 'final', visit_date = @visitDate, officers = @officers, data = @data,
                      finalized_at = @now, updated_at = @now WHERE id = @id`,
  );
  const amendStmt = db.prepare(
    `UPDATE visit SET visit_date = @visitDate, officers = @officers, data = @data, revision = @revision, updated_at = @now
      WHERE id = @id`,
  );
  const insertRevision = db.prepare(
    `INSERT INTO visit_revision(visit_id, revision, data, changes, reason, changed_by, changed_at)
     VALUES (@visitId, @revision, @data, @changes, @reason, @changedBy, @now)`,
  );
  const newerFinal = db.prepare<[string, string, string], { n: number }>(
    // By the site's own index: the planner would otherwise walk every later final visit of all sites.
    `SELECT count(*) AS n FROM visit INDEXED BY visit_site
      WHERE site_id = ? AND status = 'final' AND deleted = 0 AND visit_date > ? AND id <> ?`,
  );
  const insertFact = db.prepare(
    `INSERT INTO site_fact(id, site_id, visit_id, fact, value, observed_on, recorded_at)
     VALUES (@id, @siteId, @visitId, @fact, @value, @observedOn, @now)`,
  );
  const deleteFacts = db.prepare<[string]>('DELETE FROM site_fact WHERE visit_id = ?');
  const factsOfSite = db.prepare<[string], { fact: SiteFact['fact']; value: string; observed_on: string; visit_id: string; number: string }>(
    `SELECT f.fact, f.value, f.observed_on, f.visit_id, v.number FROM site_fact f JOIN visit v ON v.id = f.visit_id
      WHERE f.site_id = ? AND v.deleted = 0 ORDER BY f.observed_on, v.number, f.fact`,
  );
  // A site's own visits: its index, never a scan of the whole log in date order.
  const visitsOfSite = db.prepare<[string], VisitSummary>(
    `SELECT v.id, v.number, v.site_id AS siteId, s.name AS siteName, coalesce(a.name, v.regency_code) AS regencyName,
            v.kind, v.status, v.visit_date AS visitDate, v.officers, v.updated_at AS updatedAt, v.revision
       FROM visit v INDEXED BY visit_site JOIN site s ON s.id = v.site_id LEFT JOIN area a ON a.code = v.regency_code
      WHERE v.site_id = ? AND v.deleted = 0
      ORDER BY v.visit_date DESC, v.id DESC`,
  );
  const discardStmt = db.prepare<[string, string]>('UPDATE visit SET deleted = 1, updated_at = ? WHERE id = ?');
  // The blob files stay: another attachment may share the same SHA-256.
  const discardAttachments = db.prepare<[string, string]>('UPDATE attachment SET deleted = 1, updated_at = ? WHERE visit_id = ? AND deleted = 0');
  const bumpRevision = db.prepare<[number, string, string]>('UPDATE visit SET revision = ?, updated_at = ? WHERE id = ?');
  const drafts = db.prepare<[string], VisitRow>(`${select} WHERE v.status = 'draft' AND v.deleted = 0 AND v.created_by = ? ORDER BY v.updated_at DESC`);

  function requireRow(id: string): VisitRow {
    const row = byId.get(id);
    if (!row) throw new AppError('NOT_FOUND', 'Kunjungan tidak ditemukan');
    return row;
  }

  function toVisit(row: VisitRow): Visit {
    return {
      id: row.id,
      number: row.number,
      siteId: row.site_id,
      siteName: row.site_name,
      kind: row.kind,
      status: row.status,
      visitDate: row.visit_date,
      data: JSON.parse(row.data),
      createdBy: row.created_by,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      finalizedAt: row.finalized_at,
      revisions: revisions.all(row.id).map(
        (r): VisitRevision => ({
          revision: r.revision,
          changedAt: r.changed_at,
          changedBy: r.changed_by,
          reason: r.reason,
          changes: JSON.parse(r.changes),
          previous: JSON.parse(r.data),
        }),
      ),
    };
  }

  /** Complete data or a VALIDATION error listing every field that is missing or wrong. */
  function parseComplete(data: unknown): VisitDataParsed {
    const parsed = VisitData.safeParse(data);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: `data.${i.path.join('.')}`, message: i.message }));
      throw new AppError('VALIDATION', `Kunjungan belum lengkap: ${issues[0].message}`, issues);
    }
    return parsed.data;
  }

  const dateOf = (data: Record<string, unknown>) =>
    typeof data.visitDate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(data.visitDate) ? data.visitDate : null;
  const officersOf = (data: Record<string, unknown>) =>
    Array.isArray(data.officers) ? data.officers.filter((o) => typeof o === 'string').join(', ') : '';

  /** Copies a final visit's facts to the site (unless a later final visit exists) and records them. */
  function recordFacts(row: VisitRow, data: VisitDataParsed): void {
    const now = clock.now().toISOString();
    const facts = factsOf(data);
    deleteFacts.run(row.id);
    const values: [SiteFact['fact'], unknown][] = [
      ['operatingStatus', facts.operatingStatus],
      ['workers', facts.workers],
      ['certificates', facts.certificates],
    ];
    for (const [fact, value] of values) {
      if (value === null) continue;
      insertFact.run({ id: clock.newId(), siteId: row.site_id, visitId: row.id, fact, value: JSON.stringify(value), observedOn: data.visitDate, now });
    }
    if (newerFinal.get(row.site_id, data.visitDate, row.id)!.n === 0) sites.applyVisitFacts(row.site_id, facts);
  }

  const saveDraftTx = db.transaction(
    (input: { id?: string | null; siteId: string; data: Record<string, unknown> & { kind: VisitKind } }, officer: Officer): Visit => {
      const now = clock.now().toISOString();
      const fields = {
        kind: input.data.kind,
        visitDate: dateOf(input.data),
        officers: officersOf(input.data),
        data: JSON.stringify(input.data),
        now,
      };
      if (input.id) {
        const row = requireRow(input.id);
        if (row.status !== 'draft') {
          throw new AppError('VALIDATION', 'Kunjungan final terkunci; ubah melalui amendemen');
        }
        if (row.site_id !== input.siteId) throw new AppError('VALIDATION', 'Draf ini milik usaha lain');
        updateDraft.run({ id: input.id, ...fields });
        return toVisit(requireRow(input.id));
      }
      const site = sites.get(input.siteId);
      if (site.deleted) throw new AppError('VALIDATION', 'Usaha ini sudah diarsipkan; pulihkan dulu');
      // The officer's calendar year, not UTC's: a visit at 06:00 WITA on 1 January is next year's.
      const year = clock.now().getFullYear();
      const seq = nextNumber.get(officer.code, year)!.last;
      const id = clock.newId();
      insert.run({
        id,
        number: `${officer.code}/${year}/${String(seq).padStart(4, '0')}`,
        siteId: site.id,
        regencyCode: site.regencyCode,
        createdBy: officer.id,
        ...fields,
      });
      return toVisit(requireRow(id));
    },
  );

  const finalizeTx = db.transaction((id: string): Visit => {
    const row = requireRow(id);
    if (row.status === 'final') throw new AppError('VALIDATION', 'Kunjungan ini sudah final');
    const data = parseComplete(JSON.parse(row.data));
    finalizeStmt.run({ id, visitDate: data.visitDate, officers: data.officers.join(', '), data: JSON.stringify(data), now: clock.now().toISOString() });
    recordFacts(row, data);
    return toVisit(requireRow(id));
  });

  /** Keeps what a final visit says now as revision n + 1, with who changed it, why and which fields. */
  function keepRevision(row: VisitRow, changes: string[], reason: string, officer: Officer) {
    const now = clock.now().toISOString();
    const revision = row.revision + 1;
    insertRevision.run({
      visitId: row.id,
      revision,
      data: row.data,
      changes: JSON.stringify(changes),
      reason,
      changedBy: `${officer.name} (${officer.code})`,
      now,
    });
    return { revision, now };
  }

  const amendTx = db.transaction((id: string, input: unknown, reason: string, officer: Officer): Visit => {
    const row = requireRow(id);
    if (row.status !== 'final') throw new AppError('VALIDATION', 'Hanya kunjungan final yang diubah lewat amendemen; draf bisa langsung diubah');
    const data = parseComplete(input);
    if (data.kind !== row.kind) throw new AppError('VALIDATION', 'Jenis kunjungan tidak bisa diubah lewat amendemen');
    const previous = JSON.parse(row.data);
    const changes = changedPaths(previous, data);
    if (changes.length === 0) throw new AppError('VALIDATION', 'Tidak ada yang berubah');
    const { revision, now } = keepRevision(row, changes, reason, officer);
    amendStmt.run({ id, visitDate: data.visitDate, officers: data.officers.join(', '), data: JSON.stringify(data), revision, now });
    recordFacts(row, data);
    return toVisit(requireRow(id));
  });

  /**
   * A draft started by mistake (wrong kind, wrong site) leaves the lists: a tombstone, never a
   * physical delete, so sync can carry it. Its number is not given out again: the counter only
   * goes up, and a gap in the numbers is harmless.
   */
  const discardDraftTx = db.transaction((id: string): void => {
    const row = requireRow(id);
    if (row.status !== 'draft') throw new AppError('VALIDATION', 'Kunjungan final tidak dapat dihapus; ubah lewat amendemen.');
    const now = clock.now().toISOString();
    discardStmt.run(now, id);
    discardAttachments.run(now, id);
  });

  /**
   * A photo or document added to or removed from a final visit is an amendment too: a revision
   * row says who, when and which file; the data itself is unchanged. Called inside the caller's
   * transaction, with the attachment's own write.
   */
  function recordAttachmentChange(id: string, reason: string, officer: Officer): void {
    const { revision, now } = keepRevision(requireRow(id), ['lampiran'], reason, officer);
    bumpRevision.run(revision, now, id);
  }

  const prepareCached = statementCache(db);

  const summarySelect = `
    SELECT v.id, v.number, v.site_id AS siteId, s.name AS siteName, coalesce(a.name, v.regency_code) AS regencyName,
           v.kind, v.status, v.visit_date AS visitDate, v.officers, v.updated_at AS updatedAt, v.revision
      FROM visit v JOIN site s ON s.id = v.site_id LEFT JOIN area a ON a.code = v.regency_code`;

  /**
   * The WHERE clause of the log's filters over `alias`, with its parameters in order. A tally
   * has no dates or sites (`only: 'undated'`), and the month tally no officers either.
   */
  function logFilters(query: ParsedVisitListQuery, alias: string, only: 'all' | 'undated' | 'months' = 'all') {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (value: unknown, clause: string) => {
      if (value === null || value === undefined || value === '') return;
      where.push(clause.replaceAll('v.', `${alias}.`));
      params.push(value);
    };
    if (only === 'all') {
      add(query.dateFrom, 'v.visit_date >= ?');
      add(query.dateTo, 'v.visit_date <= ?');
      add(query.siteId, 'v.site_id = ?');
      const search = textSearch(query.text);
      if (search) {
        where.push(search.clause.replaceAll('v.', `${alias}.`));
        params.push(...search.params);
      }
    }
    add(query.kind, 'v.kind = ?');
    add(query.status, 'v.status = ?');
    add(query.regencyCode, 'v.regency_code = ?');
    add(query.wilayahId, 'v.regency_code IN (SELECT regency_code FROM wilayah_regency WHERE wilayah_id = ?)');
    if (only === 'undated') add(officerPattern(query), "v.officers LIKE ? ESCAPE '\\'");
    // Rows match the officer by whole `officers` values, so the visit_officers index can seek.
    if (only === 'all' && query.officer) add(JSON.stringify(officerValues(query)), 'v.officers IN (SELECT value FROM json_each(?))');
    return { where, params };
  }

  // The UNIQUE constraint's own index on visit.number (SQLite names it sqlite_autoindex_visit_N).
  const numberIndex = (
    db
      .prepare("SELECT il.name FROM pragma_index_list('visit') il, pragma_index_info(il.name) ii WHERE ii.name = 'number' AND il.\"unique\" = 1")
      .pluck()
      .get() as string
  );

  /**
   * The log's search box: a visit number (or its start, "ANS/2026") seeks the number's unique
   * index; anything else is a site name, found in the sites' trigram index (name column only),
   * whose few sites' visits the visit_site index gives.
   */
  function textSearch(text: string | null | undefined): { clause: string; params: unknown[]; index: string } | null {
    const typed = text?.trim();
    if (!typed) return null;
    if (/^[A-Za-z]{2,5}\//.test(typed)) {
      const prefix = typed.toUpperCase();
      return { clause: 'v.number >= ? AND v.number < ?', params: [prefix, prefix + '\uffff'], index: numberIndex };
    }
    const terms = searchTerms(typed);
    if (terms.match) {
      // Words of one or two letters beside a longer one only check the few names it found.
      const short = terms.short.map(() => " AND s.name_norm LIKE ? ESCAPE '\\'").join('');
      return {
        clause: `v.site_id IN (SELECT s.id FROM site_fts f JOIN site s ON s.rowid = f.rowid WHERE site_fts MATCH ?${short})`,
        params: [`name : (${terms.match})`, ...terms.short.map((w) => `%${w.replace(/[\\%_]/g, (c) => '\\' + c)}%`)],
        index: 'visit_site',
      };
    }
    // One or two letters (still typing): the start of the name, which the name index serves.
    const start = normalizeName(typed);
    return {
      clause: 'v.site_id IN (SELECT id FROM site WHERE name_norm >= ? AND name_norm < ?)',
      params: [start, start + '\uffff'],
      index: 'visit_site',
    };
  }

  const officerPattern = (query: ParsedVisitListQuery) =>
    query.officer ? `%${query.officer.replace(/[\\%_]/g, (c) => '\\' + c)}%` : null;

  /** Every `officers` value (e.g. "Ani Suryani, Budi Santoso") containing the typed name: a few dozen. */
  const officerValuesStmt = db.prepare(
    "SELECT officers FROM visit_tally WHERE officers LIKE ? ESCAPE '\\' AND n > 0 GROUP BY officers",
  ).pluck();
  const officerValues = (query: ParsedVisitListQuery) => officerValuesStmt.all(officerPattern(query)) as string[];

  /** A count over the covering indexes (no table rows read). */
  function indexCount(query: ParsedVisitListQuery): number {
    const { where, params } = logFilters(query, 'v');
    const sql = `SELECT count(*) AS n FROM visit v WHERE ${['v.deleted = 0', ...where].join(' AND ')}`;
    return (prepareCached(sql).get(...params) as { n: number }).n;
  }

  function tallyCount(table: 'visit_tally' | 'visit_month_tally', query: ParsedVisitListQuery, months?: [string, string]): number {
    const { where, params } = logFilters(query, 't', table === 'visit_tally' ? 'undated' : 'months');
    if (months) {
      where.unshift('t.month >= ?', 't.month <= ?');
      params.unshift(...months);
    }
    const sql = `SELECT coalesce(sum(n), 0) AS n FROM ${table} t ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
    return (prepareCached(sql).get(...params) as { n: number }).n;
  }

  /**
   * How many visits match, without counting 250,000 index entries for a broad filter: undated
   * filters read `visit_tally`; a date range reads its whole months from `visit_month_tally` and
   * counts only the part-months at its ends over the index. A site or an officer within dates is
   * counted over the index (a site has few visits; dates bound the officer's scan).
   */
  function countVisits(query: ParsedVisitListQuery): number {
    const from = query.dateFrom ?? null;
    const to = query.dateTo ?? null;
    if (query.siteId || query.text) return indexCount(query);
    if (!from && !to) return tallyCount('visit_tally', query);
    if (query.officer || (from && to && from.slice(0, 7) === to.slice(0, 7))) return indexCount(query);
    if (from && to && from > to) return 0;
    let n = 0;
    let firstWhole = '0000-01';
    let lastWhole = '9999-12';
    if (from) {
      const month = from.slice(0, 7);
      if (from === `${month}-01`) firstWhole = month;
      else {
        n += indexCount({ ...query, dateTo: lastDayOf(month) });
        firstWhole = shiftMonth(month, 1);
      }
    }
    if (to) {
      const month = to.slice(0, 7);
      if (to === lastDayOf(month)) lastWhole = month;
      else {
        n += indexCount({ ...query, dateFrom: `${month}-01` });
        lastWhole = shiftMonth(month, -1);
      }
    }
    return n + tallyCount('visit_month_tally', query, [firstWhole, lastWhole]);
  }

  /** The statement of one page of the log and its parameters (tests EXPLAIN this very statement). */
  function pageStatement(query: ParsedVisitListQuery): { sql: string; params: unknown[] } {
    const { where, params } = logFilters(query, 'v');
    const whereSql = ['v.deleted = 0', ...where].join(' AND ');
    // Without statistics the planner would walk the whole log in date order and test each row
    // against the few sites or numbers searched: seek those instead, and sort the handful found.
    const seek = textSearch(query.text);
    const indexed = seek ? ` INDEXED BY ${seek.index}` : '';
    return {
      sql: `${summarySelect} JOIN (SELECT v.rowid AS rid FROM visit v${indexed} WHERE ${whereSql}
                                 ORDER BY v.visit_date DESC, v.id DESC LIMIT ? OFFSET ?) page ON page.rid = v.rowid
          ORDER BY v.visit_date DESC, v.id DESC`,
      params: [...params, query.limit, query.offset],
    };
  }

  function list(query: ParsedVisitListQuery): VisitListResult {
    return timed('visit.list', () => {
      const total = query.withTotal ? countVisits(query) : null;
      // Nothing to page through: skip the walk down the index that would find nothing.
      if (total === 0) return { total, offset: query.offset, items: [] };
      const { sql, params } = pageStatement(query);
      const items = prepareCached(sql).all(...params) as VisitSummary[];
      return { total, offset: query.offset, items };
    });
  }

  return {
    saveDraft: saveDraftTx,
    finalize: finalizeTx,
    amend: amendTx,
    discardDraft: discardDraftTx,
    recordAttachmentChange,
    get: (id: string): Visit => toVisit(requireRow(id)),
    drafts: (officerId: string): Visit[] => drafts.all(officerId).map(toVisit),
    list,
    pageStatement,
    /** Every visit of a site, newest first, and every value its facts have had. */
    timeline(siteId: string): SiteTimeline {
      sites.get(siteId);
      return timed('site.timeline', () => ({
        visits: visitsOfSite.all(siteId),
        facts: factsOfSite.all(siteId).map((f) => ({
          fact: f.fact,
          value: JSON.parse(f.value),
          observedOn: f.observed_on,
          visitId: f.visit_id,
          visitNumber: f.number,
        })),
      }));
    },
  };
}
export type VisitsRepo = ReturnType<typeof createVisitsRepo>;

/** "2026-02" → "2026-02-28": the last day of a month, as an ISO date. */
function lastDayOf(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return `${month}-${String(new Date(Date.UTC(year, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

/** "2026-12" shifted by 1 → "2027-01". */
function shiftMonth(month: string, by: number): string {
  const [year, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(year, m - 1 + by, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}
