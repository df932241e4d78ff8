import type { Db } from '../open-database';
import type { Clock } from '../clock';
import type { Officer } from '../model/setup';
import { refuse } from '../model/result';
import { fieldIssueOf } from '../model/field-issue';
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
import { searchTerms, SITE_COLUMN_OF_FACT, VISIT_FACT_KINDS, type SitesRepo } from './sites';
import { normalizeName } from '../model/text';
import type { Replicator, RowValues, WriteUnit } from '../sync/replicator';
import { finalVisitCells, isFormCell, type FinalVisitCells } from '../model/visit-lifecycle';
import { assembleDocument, flattenDocument } from '../sync/values';
import type { VisitStartFacts } from '../model/visit-start';
import { factHistory, type FactEvent } from '../model/site-facts';
import { amendedSiteCoordinateChange, siteCoordinateChange, type SiteCoordinateChange } from '../model/visit-site-coords';
import { localDayInProvince } from '../reference/province-timezones';
import { parseHlc } from '../sync/hlc';
import { createReplicasRepo } from './replicas';
import { ATTACHMENT_CHANGE, SIGNATURE_CHANGES, type FieldChange } from '../model/visit-changes';
import type { RepoStatement } from './query-plan';
import { statementCache } from './statement-cache';
import { timed } from './timing';
import { recommendationKeys } from '../model/follow-up';
import { reviewStateOf, type ReviewState, type VisitReview } from '../model/review';

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
  signatures_required: number | null;
  review_state: ReviewState | null;
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

/**
 * The facts a final visit recorded about its site (absent ones are not facts). Read from the
 * merged form as stored, which is complete for a final visit.
 */
export function factsOf(data: Record<string, unknown>): [SiteFact['fact'], unknown][] {
  const facts: [SiteFact['fact'], unknown][] = [];
  if (typeof data.operatingStatus === 'string') facts.push(['operatingStatus', data.operatingStatus]);
  const workforce = data.workforce as { male?: unknown; female?: unknown } | undefined;
  if (workforce && typeof workforce.male === 'number' && typeof workforce.female === 'number') {
    facts.push(['workers', workforce.male + workforce.female]);
  }
  const certificates = data.kind === 'identifikasi' ? data.certificates : data.kind === 'inventarisasi' ? data.certificatesHeld : undefined;
  if (Array.isArray(certificates)) facts.push(['certificates', [...new Set(certificates as string[])].sort()]);
  // Only an identifikasi asks for the products; other kinds leave the site's as they are.
  if (data.kind === 'identifikasi' && typeof data.products === 'string' && data.products.trim() !== '') facts.push(['products', data.products.trim()]);
  // Likewise the KBLI (a 5-digit code from the NIB refines the site's division).
  if (data.kind === 'identifikasi' && typeof data.kbliCode === 'string' && data.kbliCode !== '') facts.push(['kbliCode', data.kbliCode]);
  return facts;
}

function valueAt(doc: unknown, path: string): unknown {
  let node = doc;
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null) return null;
    node = (node as Record<string, unknown>)[part];
  }
  return node ?? null;
}

/**
 * When a final visit's facts count as recorded (same-day visits are ordered by it): its first
 * finalization (db/model/visit-lifecycle.ts); for a visit finalized by an older version, its status cell.
 */
export function factsRecordedAt(
  replicator: Replicator,
  id: string,
  updatedAt: string,
  life: FinalVisitCells | null = finalVisitCells(replicator.headsOfRow('visit', id), replicator.message),
): string {
  return life?.firstFinal ?? replicator.cell('visit', id, 'status')?.hlc ?? updatedAt;
}

/** Visits: drafts, finalizing, amendments, numbering, and the site facts they update. */
/** Where visit numbers come from: the replica's tag keeps two laptops' numbers apart. */
export interface VisitNumbering {
  replicaTag(): string;
}

export function createVisitsRepo(db: Db, clock: Clock, sites: SitesRepo, replicator: Replicator, numbering: VisitNumbering) {
  const select = `
    SELECT v.*, s.name AS site_name FROM visit v JOIN site s ON s.id = v.site_id`;
  const byId = db.prepare<[string], VisitRow>(`${select} WHERE v.id = ? AND v.deleted = 0`);
  const revisions = db.prepare<[string], { id: string; data: string; changes: string; reason: string; changed_by: string; changed_at: string }>(
    'SELECT * FROM visit_revision WHERE visit_id = ? ORDER BY changed_at, id',
  );
  const nextNumber = db.prepare<[string, number], { last: number }>(
    `INSERT INTO visit_counter(officer_code, year, last) VALUES (?, ?, 1)
     ON CONFLICT(officer_code, year) DO UPDATE SET last = last + 1 RETURNING last`,
  );
  const upsertFact = db.prepare(
    `INSERT INTO site_fact(id, site_id, visit_id, fact, value, observed_on, recorded_at)
     VALUES (@id, @siteId, @visitId, @fact, @value, @observedOn, @recordedAt)
     ON CONFLICT(visit_id, fact) DO UPDATE SET site_id = excluded.site_id, value = excluded.value,
       observed_on = excluded.observed_on, recorded_at = excluded.recorded_at`,
  );
  const deleteFactsOfVisit = db.prepare<[string]>('DELETE FROM site_fact WHERE visit_id = ?');
  const forgetFactsOfVisits = db.prepare<[string]>('DELETE FROM site_fact WHERE visit_id IN (SELECT value FROM json_each(?))');
  const deleteFact = db.prepare<[string, string]>('DELETE FROM site_fact WHERE visit_id = ? AND fact = ?');
  const siteRegency = db.prepare<[string]>('SELECT regency_code FROM site WHERE id = ?').pluck();
  const countRevisions = db.prepare<[string, string]>(
    'UPDATE visit SET revision = (SELECT count(*) FROM visit_revision WHERE visit_id = ?) WHERE id = ?',
  );
  const visitsOfSites = db.prepare<[string]>('SELECT id FROM visit WHERE site_id IN (SELECT value FROM json_each(?))').pluck();
  const factsOfSite = db.prepare<
    [string],
    { fact: SiteFact['fact']; value: string; observed_on: string; recorded_at: string; visit_id: string; number: string; officers: string }
  >(
    `SELECT f.fact, f.value, f.observed_on, f.recorded_at, f.visit_id, v.number, v.officers FROM site_fact f JOIN visit v ON v.id = f.visit_id
      WHERE f.site_id = ? AND v.deleted = 0 ORDER BY f.observed_on, v.number, f.fact`,
  );
  // A site's own visits: its index, never a scan of the whole log in date order.
  const visitsOfSite = db.prepare<[string], VisitSummary>(
    `SELECT v.id, v.number, v.site_id AS siteId, s.name AS siteName, coalesce(a.name, v.regency_code) AS regencyName,
            v.kind, v.status, v.visit_date AS visitDate, v.officers, v.updated_at AS updatedAt, v.revision, v.review_state AS reviewState
       FROM visit v INDEXED BY visit_site JOIN site s ON s.id = v.site_id LEFT JOIN area a ON a.code = v.regency_code
      WHERE v.site_id = ? AND v.deleted = 0
      ORDER BY v.visit_date DESC, v.id DESC`,
  );
  const attachmentsOf = db.prepare<[string]>('SELECT id FROM attachment WHERE visit_id = ?').pluck();
  // Follow-ups and review (migration 0013): what a final visit recommends, and its review state.
  const deleteRecommendations = db.prepare<[string]>('DELETE FROM visit_recommendation WHERE visit_id = ?');
  const forgetRecommendations = db.prepare<[string]>('DELETE FROM visit_recommendation WHERE visit_id IN (SELECT value FROM json_each(?))');
  const insertRecommendation = db.prepare<[string, string, number, string, string | null, string | null]>(
    'INSERT OR IGNORE INTO visit_recommendation(visit_id, rec_key, idx, text, action, due_date) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const latestRevisionId = db.prepare<[string]>('SELECT id FROM visit_revision WHERE visit_id = ? ORDER BY changed_at DESC, id DESC LIMIT 1').pluck();
  const latestReview = db.prepare<[string], { decision: string; revision_id: string | null }>(
    'SELECT decision, revision_id FROM visit_review WHERE visit_id = ? ORDER BY decided_at DESC, id DESC LIMIT 1',
  );
  const reviewsOf = db.prepare<[string], VisitReview>(
    `SELECT id, decision, comment, revision, decided_by AS decidedBy, decided_at AS decidedAt
       FROM visit_review WHERE visit_id = ? ORDER BY decided_at, id`,
  );

  /** The recommendations a final visit makes, as the follow-up list reads them (none for a draft or a discarded visit). */
  function keepRecommendations(id: string, row: RowValues): void {
    deleteRecommendations.run(id);
    if (row.status !== 'final' || row.deleted !== 0) return;
    const data = JSON.parse(String(row.data)) as { recommendations?: unknown };
    const recs = Array.isArray(data.recommendations) ? (data.recommendations as { text?: unknown; action?: unknown; dueDate?: unknown }[]) : [];
    recommendationKeys(recs).forEach((key, i) => {
      if (!key) return;
      const r = recs[i];
      const text = String(r.text).trim();
      insertRecommendation.run(id, key, i, text, typeof r.action === 'string' ? r.action : null, typeof r.dueDate === 'string' ? r.dueDate : null);
    });
  }
  const replicas = createReplicasRepo(db);
  const drafts = db.prepare<[string], VisitRow>(`${select} WHERE v.status = 'draft' AND v.deleted = 0 AND v.created_by = ? ORDER BY v.updated_at DESC`);

  function requireRow(id: string): VisitRow {
    const row = byId.get(id);
    if (!row) throw refuse('NOT_FOUND', 'visit_not_found', 'Kunjungan tidak ditemukan');
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
      signaturesRequired: row.signatures_required === null ? null : row.signatures_required === 1,
      reviewState: row.review_state ?? null,
      reviews: reviewsOf.all(row.id),
      revisions: revisions.all(row.id).map((r, index): VisitRevision => {
        const fieldChanges = JSON.parse(r.changes) as FieldChange[];
        return {
          revision: index + 1,
          changedAt: r.changed_at,
          changedBy: r.changed_by,
          reason: r.reason,
          changes: fieldChanges.map((c) => c.path),
          fieldChanges,
          previous: JSON.parse(r.data),
        };
      }),
    };
  }

  /** Complete data or a VALIDATION error listing every field that is missing or wrong. */
  function parseComplete(data: unknown): VisitDataParsed {
    const parsed = VisitData.safeParse(data);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => fieldIssueOf(i, 'data'));
      throw refuse('VALIDATION', 'visit_incomplete', `Kunjungan belum lengkap: ${issues[0].message}`, { count: issues.length }, issues);
    }
    return parsed.data;
  }

  const dateOf = (data: Record<string, unknown>) =>
    typeof data.visitDate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(data.visitDate) ? data.visitDate : null;
  const officersOf = (data: Record<string, unknown>) =>
    Array.isArray(data.officers) ? data.officers.filter((o) => typeof o === 'string').join(', ') : '';

  // The lifecycle of the visit last derived, for its `after` (same id: derive runs just before).
  let lastLifecycle: { id: string; life: FinalVisitCells | null } | null = null;

  /**
   * A sealed final visit's form as the lifecycle rule reads it (db/model/visit-lifecycle.ts), and
   * its form cells' conflicts set by that rule. Null for a draft or a visit finalized by an older version.
   */
  function applyLifecycle(id: string, row: RowValues): FinalVisitCells | null {
    if (row.status !== 'final') return null;
    const life = finalVisitCells(replicator.headsOfRow('visit', id), replicator.message);
    if (!life) return null;
    const leaves: [string, unknown][] = [];
    for (const [column, m] of life.winners) {
      if (column.startsWith('data.') && m) leaves.push([column.slice('data.'.length), JSON.parse(m.value)]);
    }
    row.data = JSON.stringify(assembleDocument(leaves));
    const kind = life.winners.get('kind');
    if (kind) row.kind = JSON.parse(kind.value);
    return life;
  }

  /**
   * Writes the conflicts the lifecycle rule decided for a final visit. Kept out of `derive`, which
   * only computes (sync.verify derives every row while it reads them).
   */
  function writeLifecycleConflicts(id: string, life: FinalVisitCells): void {
    // Conflicts the rule no longer sees (a seal that arrived after a draft edit) close.
    const open = replicator.conflictColumns('visit', id);
    for (const [column, m] of life.winners) {
      const c = life.conflicts.get(column);
      if (c) replicator.setConflicts('visit', id, column, c.winner, c.losers);
      else if (open.has(column)) replicator.setConflicts('visit', id, column, m?.hlc ?? life.firstFinal, []);
    }
  }

  /**
   * The derived values of a visit, on every replica: what its form says (the lifecycle rule),
   * whether it is deleted, the site it now belongs to (after merges), the columns the log filters
   * by, and its facts for the site's timeline and current facts. Derived again for every message
   * of it, winning or not: the lifecycle reads more than each cell's latest message.
   */
  replicator.register('visit', {
    everyMessage: true,
    derive(id, row) {
      lastLifecycle = { id, life: applyLifecycle(id, row) };
      // Finalizing wins over a concurrent discard: a final visit is never deleted.
      row.deleted = replicator.cell('visit', id, 'deleted')?.value === 1 && row.status !== 'final' ? 1 : 0;
      row.site_id = sites.survivorOf(String(row.site_id));
      row.regency_code = (siteRegency.get(String(row.site_id)) as string | undefined) ?? '';
      const data = JSON.parse(String(row.data)) as Record<string, unknown>;
      row.visit_date = dateOf(data);
      row.officers = officersOf(data);
      row.finalized_at ??= null;
      row.signatures_required ??= null;
      row.review_state = reviewStateOf(String(row.status), latestReview.get(id), (latestRevisionId.get(id) as string | undefined) ?? null);
    },
    after(id, row, before) {
      const life = lastLifecycle?.id === id ? lastLifecycle.life : null;
      if (life) writeLifecycleConflicts(id, life);
      // A discarded draft's attachments leave with it (and come back if it turns out finalized);
      // a final visit's attachments follow its lifecycle (db/repo/attachments.ts).
      if ((before && before.deleted !== row.deleted) || row.status === 'final') for (const a of attachmentsOf.all(id) as string[]) replicator.refresh('attachment', a);
      if (row.status === 'final' || before?.status === 'final') keepRecommendations(id, row);
      // Only a final visit (or one that was final) has facts; a draft's edits never touch its site.
      if (row.status !== 'final' && before?.status !== 'final' && before?.site_id === row.site_id) return;
      const data = JSON.parse(String(row.data)) as Record<string, unknown>;
      // The site's facts this visit states or stopped stating: only those are chosen again.
      const touchedFacts = new Set<(typeof VISIT_FACT_KINDS)[number]>();
      if (row.status === 'final' && row.deleted === 0 && row.visit_date) {
        const recorded = factsOf(data);
        // Same-day visits are ordered by when they were finalized: the HLC of their status.
        const recordedAt = factsRecordedAt(replicator, id, String(row.updated_at), life);
        for (const [fact, value] of recorded) {
          upsertFact.run({ id: `${id}:${fact}`, siteId: row.site_id, visitId: id, fact, value: JSON.stringify(value), observedOn: row.visit_date, recordedAt });
          touchedFacts.add(fact);
        }
        for (const fact of VISIT_FACT_KINDS) {
          if (!recorded.some(([f]) => f === fact) && deleteFact.run(id, fact).changes) touchedFacts.add(fact);
        }
      } else {
        for (const fact of VISIT_FACT_KINDS) touchedFacts.add(fact);
        deleteFactsOfVisit.run(id);
      }
      if (before && before.site_id !== row.site_id) {
        replicator.refresh('site', String(row.site_id));
        replicator.refresh('site', String(before.site_id));
      } else if (touchedFacts.size) {
        replicator.refresh('site', String(row.site_id), [...touchedFacts].map((f) => SITE_COLUMN_OF_FACT[f]));
      }
    },
    restore: (id, column, value, resolvedBy) => restoreOnFinal(id, column, value, resolvedBy),
    // A visit this laptop no longer keeps (its site left the laptop's scope): its facts go with it.
    forget(ids) {
      forgetFactsOfVisits.run(JSON.stringify(ids));
      forgetRecommendations.run(JSON.stringify(ids));
    },
  });
  replicator.register('visit_revision', {
    after(_id, row) {
      countRevisions.run(String(row.visit_id), String(row.visit_id));
      // An amendment puts the visit back in review (its latest revision is not the one reviewed).
      replicator.refresh('visit', String(row.visit_id));
    },
  });
  /**
   * A merge (or a merge that changed direction) can change the survivor of every site its merge
   * group holds (a chain A→B→C, a crossing): the whole group's sites and visits are re-read from
   * their own cells, so what they show is a function of the group's merges, whatever their order.
   */
  replicator.register('site_merge', {
    after(_id, row) {
      const group = sites.mergeGroupOf(String(row.survivor_id));
      for (const siteId of group) replicator.rebuild('site', siteId);
      for (const visitId of visitsOfSites.all(JSON.stringify(group)) as string[]) replicator.rebuild('visit', visitId);
      for (const siteId of group) replicator.refresh('site', siteId);
    },
  });

  /** The next number for an officer on this laptop: ANS/2026/K7Q-0042. Local calendar year. */
  function allocateNumber(officerCode: string, now: Date): string {
    const tag = numbering.replicaTag();
    const year = now.getFullYear();
    const seq = nextNumber.get(`${officerCode}/${tag}`, year)!.last;
    return `${officerCode}/${year}/${tag}-${String(seq).padStart(4, '0')}`;
  }

  function saveDraft(input: { id?: string | null; siteId: string; data: Record<string, unknown> & { kind: VisitKind } }, officer: Officer): Visit {
    return replicator.write((w) => {
      if (input.id) {
        const row = requireRow(input.id);
        if (row.status !== 'draft') {
          throw refuse('VALIDATION', 'visit_final_locked', 'Kunjungan final terkunci; ubah melalui amendemen');
        }
        if (row.site_id !== input.siteId) throw refuse('VALIDATION', 'draft_of_other_site', 'Draf ini milik usaha lain');
        w.update('visit', input.id, { kind: input.data.kind, data: input.data });
        return toVisit(requireRow(input.id));
      }
      const site = sites.get(input.siteId);
      if (site.deleted) throw refuse('VALIDATION', 'site_archived', 'Usaha ini sudah diarsipkan; pulihkan dulu', { name: site.name });
      const id = clock.newId();
      w.insert('visit', id, {
        // The officer's calendar year, not UTC's: a visit at 06:00 WITA on 1 January is next year's.
        number: allocateNumber(officer.code, w.now),
        site_id: site.id,
        kind: input.data.kind,
        status: 'draft',
        created_by: officer.id,
        created_at: w.nowIso,
        finalized_at: null,
        signatures_required: null,
        deleted: 0,
        data: input.data,
      });
      return toVisit(requireRow(id));
    });
  }

  /**
   * Makes a draft final, recording whether the office required signatures at that moment (the API
   * always says; null is left by the replication tests that drive the repo directly).
   */
  function finalize(id: string, signaturesRequired: boolean | null = null): Visit {
    return replicator.write((w) => {
      const row = requireRow(id);
      if (row.status === 'final') throw refuse('VALIDATION', 'visit_already_final', 'Kunjungan ini sudah final');
      const data = parseComplete(JSON.parse(row.data));
      // The visit's point becomes the site's now, not while it was a draft (the checklist warned when it is far).
      const site = sites.get(row.site_id);
      const moved = siteCoordinateChange(data, site);
      if (moved) w.update('site', site.id, { latitude: moved.latitude, longitude: moved.longitude });
      w.update('visit', id, { status: 'final', finalized_at: w.nowIso, signatures_required: signaturesRequired === null ? null : signaturesRequired ? 1 : 0 });
      // The seal: every form cell stated again after the status (db/model/visit-lifecycle.ts).
      const leaves = flattenDocument(data);
      const cells: [string, unknown][] = [['kind', data.kind]];
      for (const c of replicator.headsOfRow('visit', id).keys()) if (c.startsWith('data.') && !leaves.has(c.slice('data.'.length))) cells.push([c, null]);
      for (const [path, value] of leaves) cells.push([`data.${path}`, value]);
      w.writeCells('visit', id, cells, true);
      // The attachments it has (and has not) are sealed too: each one's `deleted` said again.
      for (const a of attachmentsOf.all(id) as string[]) w.writeCells('attachment', a, [['deleted', replicator.cell('attachment', a, 'deleted')?.value ?? 0]], true);
      return toVisit(requireRow(id));
    });
  }

  /** Keeps what a final visit says now as a revision, with who changed it, why, and each field's old and new value. */
  function keepRevision(row: VisitRow, changes: FieldChange[], reason: string, officer: Officer | string): void {
    replicator.write((w) =>
      w.insert('visit_revision', clock.newId(), {
        visit_id: row.id,
        data: JSON.parse(row.data),
        changes,
        reason,
        changed_by: typeof officer === 'string' ? officer : `${officer.name} (${officer.code})`,
        changed_at: w.nowIso,
      }),
    );
  }

  /**
   * A conflict's other value restored on a final visit is an amendment: the status said again,
   * a revision (who restored what), then the field (the lifecycle rule, db/model/visit-lifecycle.ts).
   */
  function restoreOnFinal(id: string, column: string, value: unknown, resolvedBy: string): boolean {
    const row = byId.get(id);
    if (!row || row.status !== 'final' || !isFormCell(column)) return false;
    if (column === 'kind') throw refuse('VALIDATION', 'amend_kind_changed', 'Jenis kunjungan tidak bisa diubah lewat amendemen');
    replicator.write((w) => {
      w.writeCells('visit', id, [['status', 'final']], true);
      const path = column.slice('data.'.length);
      keepRevision(row, [{ path, old: valueAt(JSON.parse(row.data), path), new: value }], 'Nilai dari konflik sinkronisasi dipulihkan', resolvedBy);
      w.writeCells('visit', id, [[column, value]], true, shownMessages(id));
    });
    return true;
  }

  /** What amending a final visit with `input` would change (validated; nothing written). */
  function amendment(id: string, input: unknown) {
    const row = requireRow(id);
    if (row.status !== 'final') throw refuse('VALIDATION', 'amend_only_final', 'Hanya kunjungan final yang diubah lewat amendemen; draf bisa langsung diubah');
    const data = parseComplete(input);
    if (data.kind !== row.kind) throw refuse('VALIDATION', 'amend_kind_changed', 'Jenis kunjungan tidak bisa diubah lewat amendemen');
    const previous = JSON.parse(row.data);
    // Compared as stored: an empty field is absent, whether the form sent null or nothing.
    const paths = changedPaths(previous, assembleDocument(flattenDocument(data)));
    const changes: FieldChange[] = paths.map((path) => ({ path, old: valueAt(previous, path), new: valueAt(data, path) }));
    return { row, data, previous, changes };
  }

  /**
   * Amends a final visit. `signatures` (roles that had none) are added by `attach`, inside the
   * same unit, and listed in the same revision: they belong to the amendment and its reason.
   */
  function amend(
    id: string,
    input: unknown,
    reason: string,
    officer: Officer,
    signatures: { role: keyof typeof SIGNATURE_CHANGES; method: string; attach: () => void }[] = [],
  ): Visit {
    return replicator.write((w) => {
      const { row, data, previous, changes } = amendment(id, input);
      if (changes.length === 0 && signatures.length === 0) throw refuse('VALIDATION', 'amend_nothing_changed', 'Tidak ada yang berubah');
      // Said again first: this laptop has the visit final, so what it writes next saw the finalization.
      w.writeCells('visit', id, [['status', 'final']], true);
      for (const s of signatures) changes.push({ path: SIGNATURE_CHANGES[s.role], old: null, new: s.method });
      keepRevision(row, changes, reason, officer);
      for (const s of signatures) s.attach();
      // A corrected point moves the site as finalizing did (the amendment dialog warned when it is far).
      const site = sites.get(row.site_id);
      const moved = amendedSiteCoordinateChange(previous, data, site);
      if (moved) w.update('site', site.id, { latitude: moved.latitude, longitude: moved.longitude });
      // Only the fields that differ from what the visit shows; written even when a cell's other
      // head holds the same value (the visit did not show it).
      const before = flattenDocument(previous);
      const after = flattenDocument(assembleDocument(flattenDocument(data)));
      const cells: [string, unknown][] = [];
      for (const [path, value] of after) if (!before.has(path) || JSON.stringify(before.get(path)) !== JSON.stringify(value)) cells.push([`data.${path}`, value]);
      for (const path of before.keys()) if (!after.has(path)) cells.push([`data.${path}`, null]);
      w.writeCells('visit', id, cells, true, shownMessages(id));
      return toVisit(requireRow(id));
    });
  }

  /**
   * The message each form cell of a sealed final visit shows (null: an absent field), which an
   * amendment builds on: a draft edit the finalizer had not seen stays a head, and its conflict
   * open until a person decides. Undefined for a visit the rule leaves to plain LWW.
   */
  function shownMessages(id: string): Map<string, string | null> | undefined {
    const life = finalVisitCells(replicator.headsOfRow('visit', id), replicator.message);
    return life ? new Map([...life.winners].map(([column, m]) => [column, m?.hlc ?? null])) : undefined;
  }

  /**
   * A draft started by mistake (wrong kind, wrong site) leaves the lists: a tombstone, never a
   * physical delete, so sync can carry it. Its number is not given out again: the counter only
   * goes up, and a gap in the numbers is harmless.
   */
  function discardDraft(id: string): void {
    replicator.write((w) => {
      const row = requireRow(id);
      if (row.status !== 'draft') throw refuse('VALIDATION', 'visit_final_no_discard', 'Kunjungan final tidak dapat dihapus; ubah lewat amendemen.');
      // Its attachments leave with it (derived: they come back if another laptop finalized it).
      // The blob files stay: another attachment may share the same SHA-256.
      w.update('visit', id, { deleted: 1 });
    });
  }

  /**
   * A photo or document added to or removed from a final visit is an amendment too: a revision
   * says who, when and which file; the data itself is unchanged. Called inside the caller's unit.
   */
  function recordAttachmentChange(id: string, change: { added?: string; removed?: string }, officer: Officer | string): void {
    const reason = change.added ? `Lampiran ditambahkan: ${change.added}` : `Lampiran dihapus: ${change.removed}`;
    keepRevision(requireRow(id), [{ path: ATTACHMENT_CHANGE, old: change.removed ?? null, new: change.added ?? null }], reason, officer);
  }

  const prepareCached = statementCache(db);

  const summarySelect = `
    SELECT v.id, v.number, v.site_id AS siteId, s.name AS siteName, coalesce(a.name, v.regency_code) AS regencyName,
           v.kind, v.status, v.visit_date AS visitDate, v.officers, v.updated_at AS updatedAt, v.revision, v.review_state AS reviewState
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
    if (only === 'all') add(query.reviewState, 'v.review_state = ?');
    add(query.regencyCode, 'v.regency_code = ?');
    add(query.wilayahId, 'v.regency_code IN (SELECT regency_code FROM wilayah_regency WHERE wilayah_id = ?)');
    if (only === 'undated') add(officerPattern(query), "v.officers LIKE ? ESCAPE '\\'");
    // Rows match the officer by whole `officers` values, so the visit_officers index can seek.
    if (only === 'all' && query.officer) add(JSON.stringify(officerValues(query)), 'v.officers IN (SELECT value FROM json_each(?))');
    return { where, params };
  }

  /**
   * The log's search box: a visit number (or its start, "ANS/2026") seeks the number's
   * index; the tail of a number ("4WW-0002", "2026/4WW-0002", "0002", "2") seeks the index of
   * its sequence; anything else is a site name, found in the sites' trigram index (name column
   * only), whose few sites' visits the visit_site index gives.
   */
  function textSearch(text: string | null | undefined): { clause: string; params: unknown[]; index: string } | null {
    const typed = text?.trim();
    if (!typed) return null;
    if (/^[A-Za-z]{2,5}\//.test(typed)) {
      const prefix = typed.toUpperCase();
      return { clause: 'v.number >= ? AND v.number < ?', params: [prefix, prefix + '\uffff'], index: 'visit_number' };
    }
    const tail = /^(?:(\d{4}\/)?([0-9A-Za-z]{1,5})-)?(\d+)$/.exec(typed);
    if (tail) {
      // The expression of the visit_number_sequence index (migration 0008), word for word.
      const clause = "ltrim(substr(v.number, instr(v.number, '-') + 1), '0') = ?";
      const sequence = tail[3].replace(/^0+/, '');
      if (!tail[2]) return { clause, params: [sequence], index: 'visit_number_sequence' };
      // A few visits share a sequence (one per officer, year and laptop): the tag tells them apart.
      const head = `%/${tail[1] ?? ''}${tail[2]}-%`;
      return { clause: `${clause} AND v.number LIKE ?`, params: [sequence, head], index: 'visit_number_sequence' };
    }
    const terms = searchTerms(typed);
    if (terms.match) {
      sites.refreshSearchIndex();
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

  /** The statement that counts the log's matches over the covering indexes (no table rows read). */
  function countStatement(query: ParsedVisitListQuery): RepoStatement {
    const { where, params } = logFilters(query, 'v');
    // As for the page: a search seeks its few sites or numbers (the planner would otherwise count
    // the whole log over visit_log and test each entry: ~190 ms at 250,000 visits).
    const seek = textSearch(query.text);
    const indexed = seek ? ` INDEXED BY ${seek.index}` : '';
    return { sql: `SELECT count(*) AS n FROM visit v${indexed} WHERE ${['v.deleted = 0', ...where].join(' AND ')}`, params };
  }

  function indexCount(query: ParsedVisitListQuery): number {
    const { sql, params } = countStatement(query);
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
    // The tallies do not count review states: a review filter counts over its index.
    if (query.siteId || query.text || query.reviewState) return indexCount(query);
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

  // What a new visit starts from, in one read over the site's visits (its visit_site index):
  // the workforce of the latest final visit that counted it, and the recommendations of the
  // latest final visit that made any.
  const startFromVisits = db.prepare<[string, string], { workforce: string | null; recommendations: string | null }>(
    `SELECT
       (SELECT json_extract(data, '$.workforce') FROM visit INDEXED BY visit_site
         WHERE site_id = ? AND status = 'final' AND deleted = 0 AND json_type(data, '$.workforce') = 'object'
         ORDER BY visit_date DESC, id DESC LIMIT 1) AS workforce,
       (SELECT json_extract(data, '$.recommendations') FROM visit INDEXED BY visit_site
         WHERE site_id = ? AND status = 'final' AND deleted = 0 AND json_array_length(data, '$.recommendations') > 0
         ORDER BY visit_date DESC, id DESC LIMIT 1) AS recommendations`,
  );

  /** The site's current facts and what its earlier visits left for the next one (read only). */
  function startFacts(siteId: string): VisitStartFacts {
    const site = sites.get(siteId);
    const previous = startFromVisits.get(siteId, siteId)!;
    const workforce = previous.workforce ? (JSON.parse(previous.workforce) as { male?: unknown; female?: unknown }) : null;
    const recommendations = previous.recommendations ? (JSON.parse(previous.recommendations) as { text?: unknown }[]) : [];
    return {
      kbliCode: site.kbliCode,
      products: site.products,
      certificates: [...site.certificates],
      operatingStatus: site.operatingStatus,
      latitude: site.latitude,
      longitude: site.longitude,
      workforce:
        workforce && typeof workforce.male === 'number' && typeof workforce.female === 'number'
          ? { male: workforce.male, female: workforce.female }
          : null,
      recommendations: recommendations.map((r) => (typeof r.text === 'string' ? r.text.trim() : '')).filter(Boolean),
    };
  }

  /** The rowids of one page of the log, in its order: the hot part, served by the indexes alone. */
  function pageRowsStatement(query: ParsedVisitListQuery): RepoStatement {
    const { where, params } = logFilters(query, 'v');
    const whereSql = ['v.deleted = 0', ...where].join(' AND ');
    // Without statistics the planner would walk the whole log in date order and test each row
    // against the few sites or numbers searched: seek those instead, and sort the handful found.
    const seek = textSearch(query.text);
    const indexed = seek ? ` INDEXED BY ${seek.index}` : '';
    return {
      sql: `SELECT v.rowid AS rid FROM visit v${indexed} WHERE ${whereSql} ORDER BY v.visit_date DESC, v.id DESC LIMIT ? OFFSET ?`,
      params: [...params, query.limit, query.offset],
    };
  }

  /** One page of the log: its rows, then the summaries of those rows only. */
  function pageStatement(query: ParsedVisitListQuery): RepoStatement {
    const rows = pageRowsStatement(query);
    return {
      sql: `${summarySelect} JOIN (${rows.sql}) page ON page.rid = v.rowid
          ORDER BY v.visit_date DESC, v.id DESC`,
      params: rows.params,
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
    /** A sealed final visit's lifecycle (what finalizations and amendments saw); null for a draft or an unsealed visit. */
    lifecycleOf(id: string): FinalVisitCells | null {
      if (replicator.cell('visit', id, 'status')?.value !== 'final') return null;
      return finalVisitCells(replicator.headsOfRow('visit', id), replicator.message);
    },
    /**
     * Called first in a unit that amends a final visit in another table (an attachment): the
     * status said again, so what this laptop writes next saw the finalization.
     */
    sayFinal(w: WriteUnit, id: string): void {
      w.writeCells('visit', id, [['status', 'final']], true);
    },
    /** Every visit the log's filters match, as rowids in the log's order (exports page by these). */
    logRowids(query: Omit<ParsedVisitListQuery, 'offset' | 'limit' | 'withTotal'>): number[] {
      const { where, params } = logFilters({ ...query, offset: 0, limit: 1, withTotal: false }, 'v');
      const sql = `SELECT v.rowid FROM visit v WHERE ${['v.deleted = 0', ...where].join(' AND ')} ORDER BY v.visit_date DESC, v.id DESC`;
      return prepareCached(sql).pluck().all(...params) as number[];
    },
    saveDraft,
    finalize,
    amend,
    amendChanges: (id: string, input: unknown): FieldChange[] => amendment(id, input).changes,
    /** What saving this amendment would do to the site's coordinates (the dialog's warning). */
    amendSiteCoordinateChange(id: string, input: unknown): SiteCoordinateChange | null {
      const { row, data, previous } = amendment(id, input);
      return amendedSiteCoordinateChange(previous, data, sites.get(row.site_id));
    },
    discardDraft,
    recordAttachmentChange,
    get: (id: string): Visit => toVisit(requireRow(id)),
    drafts: (officerId: string): Visit[] => drafts.all(officerId).map(toVisit),
    list,
    pageStatement,
    pageRowsStatement,
    countStatement,
    /** The SQL of the fixed hot statements, by name, for tests that EXPLAIN them. */
    statementSql: {
      visitsOfSite: visitsOfSite.source,
      factsOfSite: factsOfSite.source,
      factsOfVisit: deleteFactsOfVisit.source,
      startFromVisits: startFromVisits.source,
    },
    startFacts,
    /** Every visit of a site, newest first, and every value its facts have had. */
    timeline(siteId: string): SiteTimeline {
      const site = sites.get(siteId);
      return timed('site.timeline', () => {
        const rows = factsOfSite.all(siteId);
        const facts = rows.map((f) => ({
          fact: f.fact,
          value: JSON.parse(f.value),
          observedOn: f.observed_on,
          visitId: f.visit_id,
          visitNumber: f.number,
        }));
        const events = new Map<string, FactEvent>();
        for (const f of rows) {
          const key = `visit:${f.visit_id}`;
          let e = events.get(key);
          if (!e) {
            e = { source: 'visit', day: f.observed_on, hlc: f.recorded_at, visitId: f.visit_id, visitNumber: f.number, by: f.officers || null, facts: [] };
            events.set(key, e);
          }
          e.facts.push([f.fact, JSON.parse(f.value)]);
        }
        // One save of the form writes its cells within one instant: they are one line.
        for (const edit of sites.factEdits(siteId)) {
          const { wall, replica } = parseHlc(edit.hlc);
          const key = `${edit.registered ? 'registered' : 'form'}:${wall}:${replica}`;
          let e = events.get(key);
          if (!e) {
            const at = edit.hlc.slice(0, 24);
            e = { source: edit.registered ? 'registered' : 'form', day: localDayInProvince(at, site.provinceCode), hlc: edit.hlc, at, by: replicas.officerName(replica), facts: [] };
            events.set(key, e);
          }
          if (edit.hlc < e.hlc) e.hlc = edit.hlc;
          e.facts.push([edit.fact, edit.value]);
        }
        return { visits: visitsOfSite.all(siteId), facts, changes: factHistory([...events.values()]), decisions: sites.decisionsOf(siteId) };
      });
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
