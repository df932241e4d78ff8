import { mergeGroupOf } from '../model/duplicates';
import type { Db } from '../open-database';

/** A site's rows by table, children first (the order they can be removed in), and the files they use. */
export interface SiteRows {
  attachment: string[];
  follow_up: string[];
  visit_review: string[];
  visit_revision: string[];
  visit: string[];
  site_merge: string[];
  /** "Bukan duplikat" decisions naming one of the sites (the other site may stay on the laptop). */
  site_distinct: string[];
  site: string[];
  files: string[];
}

const json = (ids: readonly string[]) => JSON.stringify(ids);

/**
 * Every row that belongs to a site, stored or waiting for its parent (crdt_waiting): what a site
 * that leaves this laptop takes with it (db/sync/site-release.ts).
 */
export function createSiteRowsRepo(db: Db) {
  const mergePartners = db.prepare<[string, string], { survivor_id: string; loser_id: string }>(
    'SELECT survivor_id, loser_id FROM site_merge WHERE survivor_id = ? OR loser_id = ?',
  );
  // A merge row that waits (one of its sites has not arrived) ties its sites all the same: every
  // site any of its survivor or loser messages names.
  const waitingMergeTies = db.prepare<{ site: string }>(
    `SELECT DISTINCT json_extract(o.value, '$') FROM crdt_waiting w
     JOIN crdt_row r ON r.tbl = w.tbl AND r.row_id = w.row_id
     JOIN crdt_message o ON o.row_no = r.no
     JOIN crdt_column oc ON oc.no = o.col_no AND oc.name IN ('survivor_id', 'loser_id')
     WHERE w.tbl = 'site_merge' AND json_type(o.value) = 'text' AND (w.parent_id = @site OR EXISTS (
       SELECT 1 FROM crdt_message m JOIN crdt_column mc ON mc.no = m.col_no
       WHERE m.row_no = r.no AND mc.name IN ('survivor_id', 'loser_id') AND m.value = json_quote(@site)))`,
  ).pluck();
  const visitsOf = db.prepare<[string, string]>(
    `SELECT id FROM visit WHERE site_id IN (SELECT value FROM json_each(?))
     UNION SELECT row_id FROM crdt_waiting WHERE tbl = 'visit' AND parent_tbl = 'site' AND parent_id IN (SELECT value FROM json_each(?))`,
  ).pluck();
  const revisionsOf = db.prepare<[string, string]>(
    `SELECT id FROM visit_revision WHERE visit_id IN (SELECT value FROM json_each(?))
     UNION SELECT row_id FROM crdt_waiting WHERE tbl = 'visit_revision' AND parent_tbl = 'visit' AND parent_id IN (SELECT value FROM json_each(?))`,
  ).pluck();
  // Follow-ups and review decisions (migration 0013): rows of a visit, like its revisions.
  const followUpsOf = db.prepare<[string, string]>(
    `SELECT id FROM follow_up WHERE visit_id IN (SELECT value FROM json_each(?))
     UNION SELECT row_id FROM crdt_waiting WHERE tbl = 'follow_up' AND parent_tbl = 'visit' AND parent_id IN (SELECT value FROM json_each(?))`,
  ).pluck();
  const reviewsOf = db.prepare<[string, string]>(
    `SELECT id FROM visit_review WHERE visit_id IN (SELECT value FROM json_each(?))
     UNION SELECT row_id FROM crdt_waiting WHERE tbl = 'visit_review' AND parent_tbl = 'visit' AND parent_id IN (SELECT value FROM json_each(?))`,
  ).pluck();
  const attachmentsOf = db.prepare<[string, string], { id: string; sha256: string | null; thumb_sha256: string | null }>(
    `SELECT id, sha256, thumb_sha256 FROM attachment WHERE visit_id IN (SELECT value FROM json_each(?))
     UNION SELECT row_id, NULL, NULL FROM crdt_waiting WHERE tbl = 'attachment' AND parent_tbl = 'visit' AND parent_id IN (SELECT value FROM json_each(?))`,
  );
  const mergesOf = db.prepare<[string, string, string]>(
    `SELECT id FROM site_merge WHERE survivor_id IN (SELECT value FROM json_each(?)) OR loser_id IN (SELECT value FROM json_each(?))
     UNION SELECT row_id FROM crdt_waiting WHERE tbl = 'site_merge' AND parent_tbl = 'site' AND parent_id IN (SELECT value FROM json_each(?))`,
  ).pluck();
  const distinctOf = db.prepare<[string, string, string]>(
    `SELECT id FROM site_distinct WHERE site_a IN (SELECT value FROM json_each(?)) OR site_b IN (SELECT value FROM json_each(?))
     UNION SELECT row_id FROM crdt_waiting WHERE tbl = 'site_distinct' AND parent_tbl = 'site' AND parent_id IN (SELECT value FROM json_each(?))`,
  ).pluck();
  const presentSites = db.prepare<[string]>('SELECT id FROM site WHERE id IN (SELECT value FROM json_each(?))').pluck();
  const stillReferenced = db.prepare<[string, string]>(
    `SELECT sha256 FROM attachment WHERE sha256 IN (SELECT value FROM json_each(?))
     UNION SELECT thumb_sha256 FROM attachment WHERE thumb_sha256 IN (SELECT value FROM json_each(?))`,
  ).pluck();

  return {
    /**
     * The site and every site a merge ties it to, either way round, however many steps away; a
     * merge row still waiting for one of its sites ties them too (a release never drops it).
     */
    mergeGroup: (site: string): string[] =>
      mergeGroupOf(site, (s) => [
        ...mergePartners.all(s, s),
        ...(waitingMergeTies.all({ site: s }) as string[]).map((other) => ({ survivor_id: s, loser_id: other })),
      ]),
    rowsOf(sites: readonly string[]): SiteRows {
      const visits = visitsOf.all(json(sites), json(sites)) as string[];
      const attachments = attachmentsOf.all(json(visits), json(visits));
      return {
        attachment: attachments.map((a) => a.id),
        follow_up: followUpsOf.all(json(visits), json(visits)) as string[],
        visit_review: reviewsOf.all(json(visits), json(visits)) as string[],
        visit_revision: revisionsOf.all(json(visits), json(visits)) as string[],
        visit: visits,
        site_merge: mergesOf.all(json(sites), json(sites), json(sites)) as string[],
        site_distinct: distinctOf.all(json(sites), json(sites), json(sites)) as string[],
        site: [...sites],
        files: attachments.flatMap((a) => [a.sha256, a.thumb_sha256]).filter((s): s is string => !!s),
      };
    },
    /** Of these sites, those stored on this laptop. */
    present(sites: readonly string[]): string[] {
      return sites.length ? (presentSites.all(json(sites)) as string[]) : [];
    },
    /** Of these files, those a stored attachment still uses. */
    filesInUse(shas: readonly string[]): Set<string> {
      return new Set(shas.length ? (stillReferenced.all(json(shas), json(shas)) as string[]) : []);
    },
  };
}
