import type { Db } from '../open-database';
import type { Replicator } from '../sync/replicator';
import { refuse } from '../model/result';
import {
  followUpId,
  isOverdue,
  type FollowUp,
  type FollowUpCounts,
  type FollowUpListResult,
  type FollowUpStatus,
  type ParsedFollowUpListQuery,
} from '../model/follow-up';
import { statementCache } from './statement-cache';

interface FollowUpRow {
  visit_id: string;
  rec_key: string;
  number: string;
  site_id: string;
  site_name: string;
  regency_code: string;
  regency_name: string | null;
  visit_date: string | null;
  officers: string;
  text: string;
  action: string | null;
  due_date: string | null;
  status: FollowUpStatus | null;
  responsible: string | null;
  note: string | null;
  decided_by: string | null;
  decided_at: string | null;
}

/**
 * Tindak lanjut (issue 18, item 5): the recommendations of final visits (visit_recommendation,
 * kept by the visits repo) with their status (follow_up, synced). A recommendation nobody marked
 * is open. Its site, regency and the visit's officers come from the visit as it stands (merges and
 * moved villages included).
 */
export function createFollowUpsRepo(db: Db, replicator: Replicator) {
  const prepareCached = statementCache(db);
  const from = `
    FROM visit_recommendation r
    JOIN visit v ON v.id = r.visit_id AND v.status = 'final' AND v.deleted = 0
    LEFT JOIN follow_up f ON f.id = r.visit_id || ':' || r.rec_key`;
  const existing = db.prepare<[string]>('SELECT 1 FROM follow_up WHERE id = ?').pluck();
  const recommendation = db.prepare<[string, string]>(
    `SELECT 1 FROM visit_recommendation r JOIN visit v ON v.id = r.visit_id AND v.status = 'final' AND v.deleted = 0
      WHERE r.visit_id = ? AND r.rec_key = ?`,
  ).pluck();

  function filters(query: { status?: FollowUpStatus | null; regencyCodes?: readonly string[] | null; overdue?: boolean; siteId?: string | null }, today: string) {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.status === 'open' || query.overdue) where.push("coalesce(f.status, 'open') = 'open'");
    else if (query.status) {
      where.push('f.status = ?');
      params.push(query.status);
    }
    if (query.overdue) {
      where.push('r.due_date IS NOT NULL AND r.due_date < ?');
      params.push(today);
    }
    if (query.regencyCodes?.length) {
      where.push('v.regency_code IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(query.regencyCodes));
    }
    if (query.siteId) {
      where.push('v.site_id = ?');
      params.push(query.siteId);
    }
    return { sql: where.length ? ` WHERE ${where.join(' AND ')}` : '', params };
  }

  function toFollowUp(r: FollowUpRow, today: string): FollowUp {
    const status = r.status ?? 'open';
    return {
      visitId: r.visit_id,
      key: r.rec_key,
      visitNumber: r.number,
      siteId: r.site_id,
      siteName: r.site_name,
      regencyCode: r.regency_code,
      regencyName: r.regency_name ?? r.regency_code,
      visitDate: r.visit_date,
      text: r.text,
      action: r.action,
      dueDate: r.due_date,
      status,
      responsible: r.responsible ?? r.officers,
      note: r.note,
      decidedBy: r.decided_by,
      decidedAt: r.decided_at,
      overdue: isOverdue(status, r.due_date, today),
    };
  }

  return {
    /** Follow-ups by the filters: open ones first, earliest due first, then the latest visits. */
    list(query: ParsedFollowUpListQuery, today: string): FollowUpListResult {
      const { sql, params } = filters({ ...query, regencyCodes: query.regencyCode ? [query.regencyCode] : null }, today);
      const total = (prepareCached(`SELECT count(*) AS n ${from}${sql}`).get(...params) as { n: number }).n;
      const rows = prepareCached(
        `SELECT r.visit_id, r.rec_key, v.number, v.site_id, s.name AS site_name, v.regency_code, a.name AS regency_name, v.visit_date,
                v.officers, r.text, r.action, r.due_date, f.status, f.responsible, f.note, f.decided_by, f.decided_at
         ${from} JOIN site s ON s.id = v.site_id LEFT JOIN area a ON a.code = v.regency_code${sql}
         ORDER BY coalesce(f.status, 'open') <> 'open', r.due_date IS NULL, r.due_date, v.visit_date DESC, r.visit_id, r.idx
         LIMIT ? OFFSET ?`,
      ).all(...params, query.limit, query.offset) as FollowUpRow[];
      return { total, items: rows.map((r) => toFollowUp(r, today)) };
    },
    /** Open and overdue follow-ups (for the Beranda), in these regencies or everywhere. */
    counts(regencyCodes: readonly string[] | null | undefined, today: string): FollowUpCounts {
      const open = filters({ status: 'open', regencyCodes }, today);
      const overdue = filters({ overdue: true, regencyCodes }, today);
      return {
        open: (prepareCached(`SELECT count(*) AS n ${from}${open.sql}`).get(...open.params) as { n: number }).n,
        overdue: (prepareCached(`SELECT count(*) AS n ${from}${overdue.sql}`).get(...overdue.params) as { n: number }).n,
      };
    },
    /** Marks a follow-up (done, dropped, open again), its responsible and note: one synced change. */
    set(input: { visitId: string; key: string; status: FollowUpStatus; responsible: string | null; note: string | null }, decidedBy: string): void {
      replicator.write((w) => {
        if (!recommendation.get(input.visitId, input.key)) throw refuse('NOT_FOUND', 'follow_up_not_found', 'Tindak lanjut tidak ditemukan');
        const id = followUpId(input.visitId, input.key);
        const values = { status: input.status, responsible: input.responsible, note: input.note, decided_by: decidedBy, decided_at: w.nowIso };
        if (existing.get(id)) w.update('follow_up', id, values);
        else w.insert('follow_up', id, { visit_id: input.visitId, rec_key: input.key, ...values });
      });
    },
  };
}
export type FollowUpsRepo = ReturnType<typeof createFollowUpsRepo>;
